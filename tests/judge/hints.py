"""Generation hints: the default world's real objects, so that the judge's cases reach each
operation's success path (issue 24).

Random ids answer 404 and generated bodies 400: left alone, the document's cases would test the
refusals and almost never a 2xx body. About half of the positive cases (chosen by a checksum of
the drawn case, so the same ones on every run) are rewritten with a hint: the path parameters,
query and body of a request that the default world accepts. The other half, and every negative
case, stay as drawn.

The values come from a world prepared like the default one plus a few requests of its own
(`SETUP`: a webhook, an invitation, an event, job postings, a login stopped at a checkpoint);
the world is deterministic, so every prepared world holds the same ids. A hinted case of an
operation that changes the world runs on a fresh prepared world (a few ms).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from starlette.applications import Starlette
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.world.auth import OTP_CODE, TWO_FACTOR_CODE
from simulator.world.jobs import EMAIL_VERIFICATION_CODE
from tests.contract.support import AUTH
from tests.contract.test_stateful import EVENT_SPAN, scenario_logins

API = "/api/v1"
READ_METHODS = frozenset({"GET"})
# POSTs that read: a search, a raw request forwarded to LinkedIn's read API.
READING_POSTS = frozenset({"POST /linkedin/search", "POST /linkedin"})
# An operation whose success path the default world cannot reach, and why. Not enforced yet: the
# per-operation test is to assert MIN_SUCCESSES outside this list (issue 24, step 2).
UNREACHABLE: dict[str, str] = {
    "GET /linkedin/projects": (
        "hiring projects need a LinkedIn Recruiter seat, which no account of the default "
        "scenario has (403 errors/feature_not_subscribed)"
    ),
    "GET /linkedin/projects/{id}": "as GET /linkedin/projects: no Recruiter seat",
    "POST /linkedin/user/{user_id}": (
        "its actions are Recruiter and Sales Navigator ones on a hiring project or a lead list; "
        "the default scenario has no such seat"
    ),
    "POST /users/invite/received/{invitation_id}": (
        "the default scenario holds no received invitation, and the API has no way to make one"
    ),
    "GET /messages/{message_id}/attachments/{attachment_id}": (
        "no message of the default scenario carries an attachment"
    ),
    "GET /linkedin/jobs/applicants/{applicant_id}": (
        "applicants arrive on the world clock, which the judge does not move"
    ),
    "GET /linkedin/jobs/applicants/{applicant_id}/resume": (
        "applicants arrive on the world clock, which the judge does not move"
    ),
}


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
    calendar = client.get(f"{API}/calendars", params={"account_id": gmail}).json()["data"][0]
    made["event"] = client.post(
        f"{API}/calendars/{calendar['id']}/events",
        params={"account_id": gmail},
        json={"title": "Judge", "attendees": [], **EVENT_SPAN},
    ).json()["event_id"]
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
    made["checkpointed"] = client.post(f"{API}/linkedin/jobs", json=_job_body(linkedin)).json()[
        "job_id"
    ]
    client.post(f"{API}/linkedin/jobs/{made['checkpointed']}/publish", json=_promoted(linkedin))
    login = next(entry for entry in scenario_logins() if entry["username"].startswith("2fa@"))
    made["pending"] = client.post(
        f"{API}/accounts", json={"provider": "LINKEDIN", **login}
    ).json()["account_id"]
    return made


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
        if account["sources"][0]["status"] == "OK":
            by_type.setdefault(account["type"], account["id"])
    values["accounts"] = by_type
    linkedin, gmail = by_type["LINKEDIN"], by_type["GOOGLE_OAUTH"]
    on_li = {"account_id": linkedin}
    values["restartable"] = next(
        a["id"] for a in accounts if a["type"] == "LINKEDIN" and a["id"] != linkedin
    )
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
        "POST /chats": Hint(body={"account_id": li, "attendees_ids": [w["relation"]], "text": "Hi"}),
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
        "PATCH /users/me/edit": Hint(body={"type": "HEADLINE", "account_id": li, "headline": "Ops"}),
        "GET /users/relations": Hint(query=on_li),
        "GET /users/following": Hint(query={"account_id": li, "user_id": w["me"]}),
        "GET /users/followers": Hint(query={"account_id": li, "user_id": w["me"]}),
        "GET /users/{identifier}": Hint({"identifier": w["relation"]}, on_li),
        "POST /users/invite": Hint(body={"account_id": li, "provider_id": w["stranger"]}),
        "GET /users/{identifier}/posts": Hint({"identifier": w["relation"]}, on_li),
        "GET /users/{identifier}/comments": Hint({"identifier": w["relation"]}, on_li),
        "GET /users/{identifier}/reactions": Hint({"identifier": w["relation"]}, on_li),
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
        "POST /linkedin/profile/endorse": Hint(
            body={"account_id": li, "profile_id": w["relation"], "skill_endorsement_id": w["skill"]}
        ),
        "GET /posts/{post_id}": Hint({"post_id": w["post"]}, on_li),
        "POST /posts": Hint(body={"account_id": li, "text": "Shipping today."}),
        "GET /posts/{post_id}/comments": Hint({"post_id": w["post"]}, on_li),
        "POST /posts/{post_id}/comments": Hint({"post_id": w["post"]}, {}, {"account_id": li, "text": "Nice"}),
        "GET /posts/{post_id}/reactions": Hint({"post_id": w["post"]}, on_li),
        "POST /posts/reaction": Hint(body={"account_id": li, "post_id": w["post"]}),
    }


def hinted(case: Any, hint: Hint) -> Any:
    """The case with the hint's parts in place of the drawn ones."""
    if hint.path:
        case.path_parameters = {**(case.path_parameters or {}), **hint.path}
    if hint.query is not None:
        case.query = dict(hint.query)
    if hint.body is not None:
        case.body = hint.body
    return case


def takes_hint(case: Any) -> bool:
    """About half the cases, the same ones on every run."""
    drawn = repr((case.path_parameters, case.query, case.body)).encode("utf-8", "replace")
    return zlib.crc32(drawn) % 2 == 0


def changes_the_world(label: str) -> bool:
    return label.split(" ", 1)[0] not in READ_METHODS and label not in READING_POSTS


def carries(case: Any, hint: Hint) -> bool:
    """Whether the case is the hint's request (a drawn one seldom changes what a hint needs)."""
    return (
        all((case.path_parameters or {}).get(k) == v for k, v in hint.path.items())
        and (hint.query is None or case.query == hint.query)
        and (hint.body is None or case.body == hint.body)
    )

