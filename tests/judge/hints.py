"""Generation hints: the default world's real objects, so that the judge's cases reach each
operation's success path (issue 24).

Random ids answer 404 and generated bodies 400: left alone, the document's cases would test the
refusals and almost never a 2xx body. About half of the positive cases (chosen by a checksum of
the drawn case, so the same ones on every run) are rewritten with a hint: the path parameters,
query and body of a request that the default world accepts. The other half, and every negative
case, stay as drawn.

The values come from a world prepared like the default one plus a few requests of its own
(`_setup`: a Recruiter seat, job postings at each step, three days on the clock for applicants
to arrive, a webhook, a sent and a received invitation, a voice note, an event, a login stopped
at a checkpoint); the world is deterministic, so every prepared world holds the same ids. After
a hinted success of an operation that uses up what its hint names (USES_UP_ITS_HINT), the next
case runs on a fresh prepared world (tens of ms). Every operation the simulator serves has a
hint, and a pass of its own: the judge asserts each success path at least MIN_SUCCESSES times
(tests/judge/harness.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from schemathesis.transport.serialization import Binary
from starlette.applications import Starlette
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.world.auth import OTP_CODE, TWO_FACTOR_CODE
from simulator.world.jobs import EMAIL_VERIFICATION_CODE
from tests.contract.support import AUTH
from tests.contract.test_stateful import EVENT_SPAN, scenario_logins

API = "/api/v1"
CONTROL = "/_sim"
# How far the setup moves the world clock: the published job's first applicants have arrived.
APPLICANTS_AFTER_S = 3 * 86_400
# Operations whose success uses up what their hint names (an id deleted, an invitation sent or
# answered, a checkpoint solved, a job closed): after one, the next case needs a fresh prepared
# world. Every other hinted request can be made again on the same world.
USES_UP_ITS_HINT = frozenset(
    {
        "POST /accounts",  # the login's account exists afterwards: 409 already_exists
        "DELETE /accounts/{id}",
        "POST /accounts/checkpoint",
        "DELETE /webhooks/{id}",
        "DELETE /calendars/{calendar_id}/events/{event_id}",
        "POST /users/invite",  # 422 already_invited_recently
        "POST /users/invite/received/{invitation_id}",
        "DELETE /users/invite/sent/{invitation_id}",
        "POST /linkedin/jobs/{draft_id}/checkpoint",
        "POST /linkedin/jobs/{id}/close",
    }
)


@dataclass(frozen=True)
class Hint:
    """A request the default world accepts, as the parts of a case it replaces."""

    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] | None = None
    body: Any = None


def _setup(client: TestClient) -> dict[str, Any]:
    """The requests every prepared world replays, in this order; the ids they made."""
    made: dict[str, Any] = {}
    accounts = client.get(f"{API}/accounts").json()["items"]
    linkedin = next(a["id"] for a in accounts if a["type"] == "LINKEDIN")
    gmail = next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")
    whatsapp = next(a["id"] for a in accounts if a["type"] == "WHATSAPP")
    made["recruiter"] = _recruiter_seat(client)
    made["draft"] = client.post(f"{API}/linkedin/jobs", json=_job_body(linkedin)).json()["job_id"]
    made["published"] = client.post(
        f"{API}/linkedin/jobs", json=_job_body(linkedin)
    ).json()["job_id"]
    client.post(
        f"{API}/linkedin/jobs/{made['published']}/publish",
        json={"account_id": linkedin, "mode": "FREE"},
    )
    client.post(
        f"{API}/linkedin/jobs/{made['published']}/checkpoint",
        json={"account_id": linkedin, "input": EMAIL_VERIFICATION_CODE},
    )
    # Applicants arrive on the world clock: the published job's first ones, two days in. What
    # expires (a sent invitation, a checkpoint) is made after.
    client.post(f"{CONTROL}/clock/advance", json={"seconds": APPLICANTS_AFTER_S})
    made["webhook"] = client.post(
        f"{API}/webhooks",
        json={"request_url": "https://hooks.example.com/judge", "source": "messaging"},
    ).json()["webhook_id"]
    people = client.post(
        f"{API}/linkedin/search",
        params={"account_id": linkedin},
        json={"api": "classic", "category": "people", "network_distance": [2, 3]},
    ).json()["items"]
    strangers = [p["id"] for p in people if p.get("network_distance") != "DISTANCE_1"]
    made["stranger"] = strangers[1]  # the hint's invitee; the first is invited here
    client.post(f"{API}/users/invite", json={"account_id": linkedin, "provider_id": strangers[0]})
    sent = client.get(f"{API}/users/invite/sent", params={"account_id": linkedin}).json()
    made["invitation"] = sent["items"][0]["id"]
    # A member invites the account (the other side of the network, as test code drives it).
    made["received"] = client.post(
        f"{CONTROL}/people/{strangers[2]}/invite", json={"account_id": linkedin}
    ).json()["id"]
    # A contact answers by voice note: a message with an attachment.
    chat = client.get(f"{API}/chats", params={"account_id": whatsapp}).json()["items"][0]["id"]
    made["voice_note"] = client.post(
        f"{CONTROL}/chats/{chat}/reply", json={"form": "voice_note"}
    ).json()["message_id"]
    calendar = client.get(f"{API}/calendars", params={"account_id": gmail}).json()["data"][0]
    made["event"] = client.post(
        f"{API}/calendars/{calendar['id']}/events",
        params={"account_id": gmail},
        json={"title": "Judge", "attendees": [], **EVENT_SPAN},
    ).json()["event_id"]
    made["checkpointed"] = client.post(f"{API}/linkedin/jobs", json=_job_body(linkedin)).json()[
        "job_id"
    ]
    client.post(f"{API}/linkedin/jobs/{made['checkpointed']}/publish", json=_promoted(linkedin))
    login = next(entry for entry in scenario_logins() if entry["username"].startswith("2fa@"))
    made["pending"] = client.post(
        f"{API}/accounts", json={"provider": "LINKEDIN", **login}
    ).json()["account_id"]
    return made


def _recruiter_seat(client: TestClient) -> str:
    """A LinkedIn Recruiter account, logged in with the scenario's test identity: its login stops
    at the contract chooser, answered with the first contract offered."""
    login = next(e for e in scenario_logins() if e["username"].startswith("recruiter@"))
    checkpoint = client.post(f"{API}/accounts", json={"provider": "LINKEDIN", **login}).json()
    contract = checkpoint["checkpoint"]["contract_options"][0]["id"]
    client.post(
        f"{API}/accounts/checkpoint",
        json={"account_id": checkpoint["account_id"], "provider": "LINKEDIN", "code": contract},
    )
    return checkpoint["account_id"]


def _job_body(account: str) -> dict[str, Any]:
    return {
        "account_id": account,
        "job_title": {"text": "Operations Engineer"},
        "company": {"text": "Acme Robotics"},
        "workplace": "HYBRID",
        "location": "102277331",
        "description": "<p>Run our operations.</p>",
    }


def _promoted(account: str) -> dict[str, Any]:
    """A paid publication: the account's one free posting is the setup's `published`."""
    budget = {"daily": {"currency": "USD", "amount": 10}}
    return {"account_id": account, "mode": "PROMOTED", "budget": budget}


def prepared_app() -> Starlette:
    """A fresh default world with the setup requests replayed (the same ids every time)."""
    app = build_app(Settings())
    _setup(TestClient(app, headers=AUTH))
    return app


@cache
def world() -> dict[str, Any]:
    """The prepared world's objects the hints name."""
    app = build_app(Settings())
    client = TestClient(app, headers=AUTH)
    values = _setup(client)
    accounts = client.get(f"{API}/accounts").json()["items"]
    by_type = {}
    for account in accounts:
        if account["sources"][0]["status"] == "OK" and account["id"] != values["recruiter"]:
            by_type.setdefault(account["type"], account["id"])
    values["accounts"] = by_type
    linkedin, gmail = by_type["LINKEDIN"], by_type["GOOGLE_OAUTH"]
    on_li = {"account_id": linkedin}
    values["restartable"] = next(
        a["id"]
        for a in accounts
        if a["type"] == "LINKEDIN" and a["id"] not in (linkedin, values["recruiter"])
    )
    on_recruiter = {"account_id": values["recruiter"]}
    values["project"] = client.get(f"{API}/linkedin/projects", params=on_recruiter).json()[
        "items"
    ][0]["id"]
    applicants = client.get(
        f"{API}/linkedin/jobs/{values['published']}/applicants", params=on_li
    ).json()["items"]
    values["applicant"] = applicants[0]["id"]
    received = client.get(f"{API}/users/invite/received", params=on_li).json()["items"]
    values["shared_secret"] = next(
        i["specifics"]["shared_secret"] for i in received if i["id"] == values["received"]
    )
    voice_note = client.get(f"{API}/messages/{values['voice_note']}").json()
    values["message_attachment"] = (voice_note["id"], voice_note["attachments"][0]["id"])
    chats = client.get(f"{API}/chats", params={"account_id": linkedin}).json()["items"]
    values["chat"] = chats[0]["id"]
    whatsapp_chats = client.get(
        f"{API}/chats", params={"account_id": by_type["WHATSAPP"]}
    ).json()["items"]
    messages = client.get(f"{API}/chats/{whatsapp_chats[0]['id']}/messages").json()["items"]
    values["whatsapp_message"] = messages[0]["id"]
    values["whatsapp_chat"] = whatsapp_chats[-1]["id"]
    values["message"] = client.get(f"{API}/chats/{values['chat']}/messages").json()["items"][0][
        "id"
    ]
    attendee = client.get(f"{API}/chat_attendees", params={"account_id": linkedin}).json()
    values["attendee"] = next(a["id"] for a in attendee["items"] if not a["is_self"])
    emails = client.get(f"{API}/emails", params={"account_id": gmail, "limit": 100}).json()
    values["email"] = emails["items"][0]["id"]
    with_attachment = next(e for e in emails["items"] if e.get("attachments"))
    values["email_attachment"] = (with_attachment["id"], with_attachment["attachments"][0]["id"])
    values["folder"] = client.get(f"{API}/folders", params={"account_id": gmail}).json()[
        "items"
    ][0]["id"]
    values["calendar"] = client.get(f"{API}/calendars", params={"account_id": gmail}).json()[
        "data"
    ][0]["id"]
    relation = client.get(
        f"{API}/users/relations", params={"account_id": linkedin, "limit": 1}
    ).json()["items"][0]
    values["relation"] = relation["member_id"]
    values["me"] = client.get(f"{API}/users/me", params=on_li).json()["provider_id"]
    profile = client.get(
        f"{API}/users/{relation['member_id']}",
        params={"account_id": linkedin, "linkedin_sections": "skills"},
    ).json()
    values["skill"] = profile["skills"][0]["endorsement_id"]
    posts = client.get(
        f"{API}/users/{relation['member_id']}/posts", params={"account_id": linkedin}
    ).json()["items"]
    values["post"] = posts[0]["social_id"]
    return values


def hints() -> dict[str, Hint]:
    """One hint per operation the default world can serve, by its document label."""
    w = world()
    li, gm = w["accounts"]["LINKEDIN"], w["accounts"]["GOOGLE_OAUTH"]
    on_li, on_gm = {"account_id": li}, {"account_id": gm}
    calendar = {"calendar_id": w["calendar"]}
    event = {**calendar, "event_id": w["event"]}
    email_id, attachment_id = w["email_attachment"]
    message_id, message_attachment = w["message_attachment"]
    on_recruiter = {"account_id": w["recruiter"]}
    mail = {"account_id": gm, "to": [{"identifier": "ana@example.com"}], "body": "<p>Hi</p>"}
    return {
        "GET /accounts": Hint(query={}),
        "POST /accounts": Hint(
            body={"provider": "LINKEDIN", **scenario_logins()[0]}
        ),
        "GET /accounts/{id}": Hint({"id": li}, {}),
        "POST /accounts/{id}": Hint(
            {"id": w["restartable"]}, {}, {"provider": "LINKEDIN", **scenario_logins()[0]}
        ),
        "DELETE /accounts/{id}": Hint({"id": li}, {}),
        "GET /accounts/{account_id}/sync": Hint({"account_id": li}, {}),
        "POST /accounts/checkpoint": Hint(
            body={"account_id": w["pending"], "provider": "LINKEDIN", "code": TWO_FACTOR_CODE}
        ),
        "POST /accounts/checkpoint/resend": Hint(
            body={"account_id": w["pending"], "provider": "LINKEDIN"}
        ),
        "POST /accounts/{id}/restart": Hint({"id": li}, {}),
        "POST /hosted/accounts/link": Hint(
            body={
                "type": "create",
                "providers": "*",
                "api_url": "https://api1.unipile.com:13111",
                "expiresOn": "2030-01-01T00:00:00.000Z",
            }
        ),
        "GET /emails": Hint(query=on_gm),
        "POST /emails": Hint(body=mail),
        "GET /emails/{email_id}": Hint({"email_id": w["email"]}, {}),
        "DELETE /emails/{email_id}": Hint({"email_id": w["email"]}, {}),
        "PUT /emails/{email_id}": Hint({"email_id": w["email"]}, {}, {"unread": False}),
        "GET /emails/{email_id}/attachments/{attachment_id}": Hint(
            {"email_id": email_id, "attachment_id": attachment_id}, {}
        ),
        "GET /chats": Hint(query={}),
        "POST /chats": Hint(
            body={"account_id": li, "attendees_ids": [w["relation"]], "text": "Hi"}
        ),
        "GET /chats/{chat_id}": Hint({"chat_id": w["chat"]}, {}),
        "PATCH /chats/{chat_id}": Hint(
            {"chat_id": w["chat"]}, {}, {"action": "setReadStatus", "value": True}
        ),
        "GET /chats/{chat_id}/messages": Hint({"chat_id": w["chat"]}, {}),
        "POST /chats/{chat_id}/messages": Hint({"chat_id": w["chat"]}, {}, {"text": "Hi"}),
        "GET /chats/{chat_id}/attendees": Hint({"chat_id": w["chat"]}, {}),
        "GET /chats/{chat_id}/sync": Hint({"chat_id": w["chat"]}, {}),
        "GET /messages/{message_id}": Hint({"message_id": w["message"]}, {}),
        "POST /messages/{message_id}/forward": Hint(
            {"message_id": w["whatsapp_message"]}, {}, {"chat_id": w["whatsapp_chat"]}
        ),
        "GET /messages/{message_id}/attachments/{attachment_id}": Hint(
            {"message_id": message_id, "attachment_id": message_attachment}, {}
        ),
        "GET /messages": Hint(query={}),
        "GET /chat_attendees": Hint(query={}),
        "GET /chat_attendees/{id}": Hint({"id": w["attendee"]}, {}),
        "GET /chat_attendees/{id}/picture": Hint({"id": w["attendee"]}, {}),
        "GET /chat_attendees/{attendee_id}/chats": Hint({"attendee_id": w["attendee"]}, {}),
        "GET /chat_attendees/{sender_id}/messages": Hint({"sender_id": w["attendee"]}, {}),
        "GET /webhooks": Hint(query={}),
        "POST /webhooks": Hint(
            body={"request_url": "https://hooks.example.com/judge", "source": "email"}
        ),
        "DELETE /webhooks/{id}": Hint({"id": w["webhook"]}, {}),
        "GET /folders": Hint(query=on_gm),
        "GET /folders/{folder_id}": Hint({"folder_id": w["folder"]}, {}),
        "POST /drafts": Hint(
            body={"account_id": gm, "to": [{"identifier": "ana@example.com"}], "body": "Hi"}
        ),
        "GET /calendars": Hint(query=on_gm),
        "GET /calendars/{calendar_id}": Hint(calendar, on_gm),
        "GET /calendars/{calendar_id}/events": Hint(calendar, on_gm),
        "POST /calendars/{calendar_id}/events": Hint(
            calendar, on_gm, {"title": "Review", "attendees": [], **EVENT_SPAN}
        ),
        "GET /calendars/{calendar_id}/events/{event_id}": Hint(event, on_gm),
        "PATCH /calendars/{calendar_id}/events/{event_id}": Hint(event, on_gm, {"title": "Moved"}),
        "DELETE /calendars/{calendar_id}/events/{event_id}": Hint(event, on_gm),
        "GET /users/invite/sent": Hint(query=on_li),
        "GET /users/invite/received": Hint(query=on_li),
        "GET /users/me": Hint(query=on_li),
        "PATCH /users/me/edit": Hint(
            body={"type": "LINKEDIN", "account_id": li, "headline": "Ops"}
        ),
        "GET /users/relations": Hint(query=on_li),
        "GET /users/following": Hint(query={"account_id": li, "user_id": w["me"]}),
        "GET /users/followers": Hint(query={"account_id": li, "user_id": w["me"]}),
        "GET /users/{identifier}": Hint({"identifier": w["relation"]}, on_li),
        "POST /users/invite": Hint(body={"account_id": li, "provider_id": w["stranger"]}),
        "GET /users/{identifier}/posts": Hint({"identifier": w["relation"]}, on_li),
        "GET /users/{identifier}/comments": Hint({"identifier": w["relation"]}, on_li),
        "GET /users/{identifier}/reactions": Hint({"identifier": w["relation"]}, on_li),
        "POST /users/invite/received/{invitation_id}": Hint(
            {"invitation_id": w["received"]},
            {},
            {
                "provider": "LINKEDIN",
                "account_id": li,
                "shared_secret": w["shared_secret"],
                "action": "accept",
            },
        ),
        "DELETE /users/invite/sent/{invitation_id}": Hint(
            {"invitation_id": w["invitation"]}, on_li
        ),
        "GET /linkedin/company/{identifier}": Hint({"identifier": "acme-robotics"}, on_li),
        "POST /linkedin": Hint(
            body={"account_id": li, "request_url": "https://www.linkedin.com/voyager/api/me"}
        ),
        "GET /linkedin/inmail_balance": Hint(query=on_li),
        "GET /linkedin/search/parameters": Hint(
            query={"account_id": li, "type": "LOCATION", "keywords": "paris"}
        ),
        "POST /linkedin/search": Hint(query=on_li, body={"api": "classic", "category": "people"}),
        "GET /linkedin/jobs": Hint(query=on_li),
        "POST /linkedin/jobs": Hint(body=_job_body(li)),
        "GET /linkedin/jobs/{job_id}": Hint(
            {"job_id": w["published"]}, {"account_id": li, "service": "CLASSIC"}
        ),
        "PATCH /linkedin/jobs/{job_id}": Hint(
            {"job_id": w["draft"]}, {}, {"account_id": li, "workplace": "REMOTE"}
        ),
        "POST /linkedin/jobs/{draft_id}/publish": Hint(
            {"draft_id": w["draft"]}, {}, _promoted(li)
        ),
        "POST /linkedin/jobs/{draft_id}/checkpoint": Hint(
            {"draft_id": w["checkpointed"]}, {}, {"account_id": li, "input": OTP_CODE}
        ),
        "POST /linkedin/jobs/{id}/close": Hint({"id": w["published"]}, on_li),
        "GET /linkedin/jobs/{id}/applicants": Hint({"id": w["published"]}, on_li),
        "GET /linkedin/jobs/applicants/{applicant_id}": Hint(
            {"applicant_id": w["applicant"]}, on_li
        ),
        "GET /linkedin/jobs/applicants/{applicant_id}/resume": Hint(
            {"applicant_id": w["applicant"]}, on_li
        ),
        "GET /linkedin/projects": Hint(query=on_recruiter),
        "GET /linkedin/projects/{id}": Hint({"id": w["project"]}, on_recruiter),
        "POST /linkedin/user/{user_id}": Hint(
            {"user_id": w["relation"]},
            {},
            {
                "account_id": w["recruiter"],
                "api": "recruiter",
                "action": "addCandidateToPipeline",
                "hiring_project_id": w["project"],
            },
        ),
        "POST /linkedin/profile/endorse": Hint(
            body={"account_id": li, "profile_id": w["relation"], "skill_endorsement_id": w["skill"]}
        ),
        "GET /posts/{post_id}": Hint({"post_id": w["post"]}, on_li),
        "POST /posts": Hint(body={"account_id": li, "text": "Shipping today."}),
        "GET /posts/{post_id}/comments": Hint({"post_id": w["post"]}, on_li),
        "POST /posts/{post_id}/comments": Hint(
            {"post_id": w["post"]}, {}, {"account_id": li, "text": "Nice"}
        ),
        "GET /posts/{post_id}/reactions": Hint({"post_id": w["post"]}, on_li),
        "POST /posts/reaction": Hint(body={"account_id": li, "post_id": w["post"]}),
    }


def hinted(case: Any, hint: Hint) -> Any:
    """The case with the hint's parts in place of the drawn ones: the hint's request."""
    if hint.path:
        case.path_parameters = {**(case.path_parameters or {}), **hint.path}
    if hint.query is not None:
        case.query = dict(hint.query)
    if hint.body is not None:
        case.body = hint.body
    return case


def merged(case: Any, hint: Hint) -> Any:
    """The case with the hint's values over the drawn ones, the drawn optional parameters and
    fields kept: real ids with what the document lets a client add to them."""
    if hint.path:
        case.path_parameters = {**(case.path_parameters or {}), **hint.path}
    if hint.query is not None:
        case.query = {**(case.query or {}), **hint.query}
    if isinstance(hint.body, dict) and isinstance(case.body, dict):
        # A drawn file stays out: schemathesis judges a changed body again and cannot read one
        # it did not place there (the case would turn negative).
        drawn = {k: v for k, v in case.body.items() if not isinstance(v, Binary)}
        case.body = {**drawn, **hint.body}
    elif hint.body is not None:
        case.body = hint.body
    return case


def uses_up_its_hint(label: str) -> bool:
    return label in USES_UP_ITS_HINT


def carries(case: Any, hint: Hint) -> bool:
    """Whether the case holds the hint's values (a drawn one seldom names what a hint needs)."""
    return (
        _holds(case.path_parameters, hint.path)
        and (hint.query is None or _holds(case.query, hint.query))
        and (hint.body is None or case.body == hint.body or _holds(case.body, hint.body))
    )


def _holds(drawn: Any, values: Any) -> bool:
    return (
        isinstance(drawn, dict)
        and isinstance(values, dict)
        and all(drawn.get(key) == value for key, value in values.items())
    )

