"""Every API operation, in one table: mounted at /api/v1 (Unipile) and at /v1 (Postpress).

An operation is written once; where Postpress documents it differently, its handler reads
`request.state.dialect` (simulator/api/dialects.py).
"""

from __future__ import annotations

from starlette.routing import Route

from simulator.api.dispatch import OperationIndex, lazy
from simulator.api.paths import guard_parameters

# Each handler module is imported on the first request it serves (api/dispatch.py, LazyEndpoint).
accounts = lazy("simulator.api.unipile.accounts")
attendees = lazy("simulator.api.unipile.attendees")
calendars = lazy("simulator.api.unipile.calendars")
chats = lazy("simulator.api.unipile.chats")
companies = lazy("simulator.api.unipile.companies")
raw_proxy = lazy("simulator.api.unipile.raw_proxy")
member_actions = lazy("simulator.api.unipile.member_actions")
profile_edit = lazy("simulator.api.unipile.profile_edit")
connect = lazy("simulator.api.unipile.connect")
emails = lazy("simulator.api.unipile.emails")
hosted = lazy("simulator.api.unipile.hosted")
jobs = lazy("simulator.api.unipile.jobs")
lifecycle = lazy("simulator.api.unipile.lifecycle")
linkedin = lazy("simulator.api.unipile.linkedin")
messages = lazy("simulator.api.unipile.messages")
posts = lazy("simulator.api.unipile.posts")
users = lazy("simulator.api.unipile.users")
webhooks = lazy("simulator.api.unipile.webhooks")

# A parameter never takes a path a sibling operation owns (`/users/followers` is not a member).
# Every operation either dialect documents is routed here (tests/unit/test_dispatch.py checks
# it against the coverage ledger), so the routes' own paths are all the siblings there
# are, and serving needs no ledger.
ROUTES = guard_parameters(
    [
        Route("/accounts", accounts("list_accounts"), methods=["GET"]),
        Route("/accounts/checkpoint", connect("solve_checkpoint"), methods=["POST"]),
        Route("/accounts/checkpoint/resend", connect("resend_checkpoint"), methods=["POST"]),
        Route("/accounts", connect("connect_account"), methods=["POST"]),
        Route("/accounts/{account_id}", connect("reconnect_account"), methods=["POST"]),
        Route("/accounts/{account_id}/restart", lifecycle("restart_account"), methods=["POST"]),
        Route("/accounts/{account_id}/sync", lifecycle("resync_account"), methods=["GET"]),
        Route("/hosted/accounts/link", hosted("create_link"), methods=["POST"]),
        Route("/accounts/{account_id}", accounts("get_account"), methods=["GET"]),
        Route("/accounts/{account_id}", accounts("delete_account"), methods=["DELETE"]),
        Route("/webhooks", webhooks("create_webhook"), methods=["POST"]),
        Route("/webhooks", webhooks("list_webhooks"), methods=["GET"]),
        Route("/webhooks/{webhook_id}", webhooks("delete_webhook"), methods=["DELETE"]),
        # Users (§4).
        Route("/users/me", users("own_profile"), methods=["GET"]),
        Route("/users/me/edit", profile_edit("edit_own_profile"), methods=["PATCH"]),
        Route("/users/relations", users("list_relations"), methods=["GET"]),
        Route("/users/followers", users("list_followers"), methods=["GET"]),
        Route("/users/following", users("list_following"), methods=["GET"]),
        Route("/users/invite", users("send_invitation"), methods=["POST"]),
        Route("/users/invite/sent", users("list_sent_invitations"), methods=["GET"]),
        Route("/users/invite/sent/{invitation_id}", users("cancel_invitation"), methods=["DELETE"]),
        Route("/users/invite/received", users("list_received_invitations"), methods=["GET"]),
        Route(
            "/users/invite/received/{invitation_id}",
            users("handle_received_invitation"),
            methods=["POST"],
        ),
        Route("/users/cancel-invite", users("cancel_invite_seed_004"), methods=["POST"]),
        Route("/users/{identifier}", users("get_profile"), methods=["GET"]),
        # LinkedIn content (part 2 §4).
        Route("/users/{identifier}/posts", posts("list_user_posts"), methods=["GET"]),
        Route("/users/{identifier}/comments", posts("list_user_comments"), methods=["GET"]),
        Route("/users/{identifier}/reactions", posts("list_user_reactions"), methods=["GET"]),
        Route("/linkedin/company/{identifier}", companies("get_company"), methods=["GET"]),
        Route("/linkedin", raw_proxy("raw_request"), methods=["POST"]),
        Route("/linkedin/user/{user_id}", member_actions("act_on_member"), methods=["POST"]),
        Route("/linkedin/profile/endorse", member_actions("endorse_skill"), methods=["POST"]),
        Route("/posts", posts("create_post"), methods=["POST"]),
        Route("/posts/reaction", posts("add_reaction"), methods=["POST"]),
        Route("/posts/{post_id}", posts("get_post"), methods=["GET"]),
        Route("/posts/{post_id}/comments", posts("list_comments"), methods=["GET"]),
        Route("/posts/{post_id}/comments", posts("send_comment"), methods=["POST"]),
        Route("/posts/{post_id}/reactions", posts("list_reactions"), methods=["GET"]),
        # LinkedIn-specific (§6).
        Route("/linkedin/search", linkedin("search"), methods=["POST"]),
        Route("/linkedin/search/parameters", linkedin("search_parameters"), methods=["GET"]),
        Route("/linkedin/inmail_balance", linkedin("inmail_balance"), methods=["GET"]),
        # LinkedIn job postings, applicants, Recruiter hiring projects (part 2 §6).
        Route("/linkedin/jobs", jobs("list_jobs"), methods=["GET"]),
        Route("/linkedin/jobs", jobs("create_job"), methods=["POST"]),
        Route("/linkedin/jobs/{job_id}", jobs("get_job"), methods=["GET"]),
        Route("/linkedin/jobs/{job_id}", jobs("edit_job"), methods=["PATCH"]),
        Route("/linkedin/jobs/{job_id}/publish", jobs("publish_job"), methods=["POST"]),
        Route(
            "/linkedin/jobs/{job_id}/checkpoint", jobs("solve_job_checkpoint"), methods=["POST"]
        ),
        Route("/linkedin/jobs/{job_id}/close", jobs("close_job"), methods=["POST"]),
        Route("/linkedin/jobs/{job_id}/applicants", jobs("list_applicants"), methods=["GET"]),
        Route(
            "/linkedin/jobs/applicants/{applicant_id}", jobs("get_applicant"), methods=["GET"]
        ),
        Route(
            "/linkedin/jobs/applicants/{applicant_id}/resume",
            jobs("get_resume"),
            methods=["GET"],
        ),
        Route("/linkedin/projects", jobs("list_projects"), methods=["GET"]),
        Route("/linkedin/projects/{id}", jobs("get_project"), methods=["GET"]),
        # Messaging (§5).
        Route("/chats", chats("list_chats"), methods=["GET"]),
        Route("/chats", chats("start_chat"), methods=["POST"]),
        Route("/chats/{chat_id}", chats("get_chat"), methods=["GET"]),
        Route("/chats/{chat_id}", chats("patch_chat"), methods=["PATCH"]),
        Route("/chats/{chat_id}/messages", chats("list_chat_messages"), methods=["GET"]),
        Route("/chats/{chat_id}/messages", chats("send_message"), methods=["POST"]),
        Route("/chats/{chat_id}/attendees", chats("list_chat_attendees"), methods=["GET"]),
        Route("/chats/{chat_id}/sync", chats("sync_chat"), methods=["GET"]),
        Route("/messages", messages("list_messages"), methods=["GET"]),
        Route("/messages/{message_id}", messages("get_message"), methods=["GET"]),
        Route(
            "/messages/{message_id}/forward", messages("forward_message"), methods=["POST"]
        ),
        Route(
            "/messages/{message_id}/attachments/{attachment_id}",
            messages("get_attachment"),
            methods=["GET"],
        ),
        Route("/chat_attendees", attendees("list_attendees"), methods=["GET"]),
        Route("/chat_attendees/{attendee_id}", attendees("get_attendee"), methods=["GET"]),
        Route(
            "/chat_attendees/{attendee_id}/picture", attendees("get_picture"), methods=["GET"]
        ),
        Route(
            "/chat_attendees/{attendee_id}/chats", attendees("list_attendee_chats"), methods=["GET"]
        ),
        Route(
            "/chat_attendees/{attendee_id}/messages",
            attendees("list_attendee_messages"),
            methods=["GET"],
        ),
        # Email (part 2 §2).
        Route("/emails", emails("list_emails"), methods=["GET"]),
        Route("/emails", emails("send_email"), methods=["POST"]),
        Route("/drafts", emails("create_draft"), methods=["POST"]),
        Route("/emails/drafts", emails("create_draft"), methods=["POST"]),
        Route("/emails/{email_id}", emails("get_email"), methods=["GET"]),
        Route("/emails/{email_id}", emails("update_email"), methods=["PUT"]),
        Route("/emails/{email_id}", emails("delete_email"), methods=["DELETE"]),
        Route(
            "/emails/{email_id}/attachments/{attachment_id}",
            emails("get_email_attachment"),
            methods=["GET"],
        ),
        Route("/folders", emails("list_folders"), methods=["GET"]),
        Route("/folders/{folder_id}", emails("get_folder"), methods=["GET"]),
        # Calendars (part 2 §5).
        Route("/calendars", calendars("list_calendars"), methods=["GET"]),
        Route("/calendars/{calendar_id}", calendars("get_calendar"), methods=["GET"]),
        Route("/calendars/{calendar_id}/events", calendars("list_events"), methods=["GET"]),
        Route("/calendars/{calendar_id}/events", calendars("create_event"), methods=["POST"]),
        Route(
            "/calendars/{calendar_id}/events/{event_id}", calendars("get_event"), methods=["GET"]
        ),
        Route(
            "/calendars/{calendar_id}/events/{event_id}",
            calendars("update_event"),
            methods=["PATCH"],
        ),
        Route(
            "/calendars/{calendar_id}/events/{event_id}",
            calendars("delete_event"),
            methods=["DELETE"],
        ),
    ]
)

# What each mount serves: the same table, found by path segments (api/dispatch.py).
API = OperationIndex(ROUTES)
