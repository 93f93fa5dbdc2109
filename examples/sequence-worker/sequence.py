"""A two-channel outreach sequence: LinkedIn first, email when LinkedIn stays silent.

For each prospect (a LinkedIn public identifier and an email address):

    new          -> invited       a LinkedIn invitation with a note
    invited      -> messaged      once they are a relation: "thanks for connecting"
    invited      -> emailed       still not a relation 3 days after the invitation
    emailed      -> followed_up   no answer 2 days later: a follow-up in the same thread
    followed_up  -> finished      no answer 2 days later
    any step     -> replied       they answered the LinkedIn message or an email: stop

`tick(now)` does whatever is due; a scheduler (cron, a queue consumer) calls it every so often
with the current time. Unipile is the worker's only source of truth about who accepted and who
answered; the worker keeps its own state in memory (a real one keeps it in its database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

WAIT_FOR_ACCEPTANCE = timedelta(days=3)
WAIT_FOR_EMAIL_ANSWER = timedelta(days=2)
NOTE = "Hi {first_name}, I work with data teams like yours. Happy to connect!"
THANKS = "Thanks for connecting, {first_name}! Would a short call next week be useful?"
EMAIL_SUBJECT = "A two-minute read for your team"
EMAIL_BODY = "<p>Hi {first_name}, here is how Northwind saved its data team a day a week.</p>"
FOLLOW_UP_BODY = "<p>Hi {first_name}, did you have a moment to look at this?</p>"


@dataclass
class Prospect:
    linkedin: str  # public identifier
    email: str
    step: str = "new"
    since: datetime | None = None  # when the current step began
    first_name: str = ""
    provider_id: str | None = None
    chat_id: str | None = None
    email_id: str | None = None  # the last email sent (a follow-up replies to it)


def _instant(moment: datetime) -> str:
    """Unipile's timestamps: ISO 8601 with milliseconds and Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class SequenceWorker:
    def __init__(
        self, unipile: httpx.Client, linkedin_account: str, email_account: str,
        prospects: list[Prospect], started: datetime,
    ) -> None:  # fmt: skip
        """`unipile`: an httpx client with base URL `.../api/v1` and the API key sent."""
        self.unipile = unipile
        self.linkedin_account = linkedin_account
        self.email_account = email_account
        self.prospects = {prospect.linkedin: prospect for prospect in prospects}
        self.started = started

    def tick(self, now: datetime) -> None:
        relations = self._relations()
        wrote = self._email_senders()
        for prospect in self.prospects.values():
            if prospect.email in wrote or self._answered_on_linkedin(prospect):
                self._move(prospect, "replied", now)
            elif prospect.step == "new":
                self._invite(prospect, now)
            elif prospect.step == "invited" and prospect.provider_id in relations:
                self._thank(prospect, now)
            elif prospect.step == "invited" and now - prospect.since >= WAIT_FOR_ACCEPTANCE:
                self._email(prospect, EMAIL_BODY, now, "emailed")
            elif prospect.step == "emailed" and now - prospect.since >= WAIT_FOR_EMAIL_ANSWER:
                self._email(prospect, FOLLOW_UP_BODY, now, "followed_up")
            elif prospect.step == "followed_up" and now - prospect.since >= WAIT_FOR_EMAIL_ANSWER:
                self._move(prospect, "finished", now)

    # -- steps ------------------------------------------------------------------------------

    def _invite(self, prospect: Prospect, now: datetime) -> None:
        profile = self._ok(self.unipile.get(
            f"/users/{prospect.linkedin}", params={"account_id": self.linkedin_account}
        ))  # fmt: skip
        prospect.provider_id, prospect.first_name = profile["provider_id"], profile["first_name"]
        self._ok(self.unipile.post("/users/invite", json={
            "account_id": self.linkedin_account,
            "provider_id": prospect.provider_id,
            "message": NOTE.format(first_name=prospect.first_name),
        }))  # fmt: skip
        self._move(prospect, "invited", now)

    def _thank(self, prospect: Prospect, now: datetime) -> None:
        started = self._ok(self.unipile.post("/chats", json={
            "account_id": self.linkedin_account,
            "attendees_ids": [prospect.provider_id],
            "text": THANKS.format(first_name=prospect.first_name),
        }))  # fmt: skip
        prospect.chat_id = started["chat_id"]
        self._move(prospect, "messaged", now)

    def _email(self, prospect: Prospect, body: str, now: datetime, step: str) -> None:
        fields = {
            "account_id": self.email_account,
            "to": json.dumps([{"identifier": prospect.email}]),
            "body": body.format(first_name=prospect.first_name),
        }
        if prospect.email_id is None:
            fields["subject"] = EMAIL_SUBJECT
        else:  # in the same thread, its subject "Re: ..."
            fields["reply_to"] = prospect.email_id
        # POST /emails is multipart, as Unipile's SDKs send it.
        sent = self._ok(self.unipile.post("/emails", files={
            name: (None, value) for name, value in fields.items()
        }))  # fmt: skip
        prospect.email_id = sent["id"]
        self._move(prospect, step, now)

    @staticmethod
    def _move(prospect: Prospect, step: str, now: datetime) -> None:
        if prospect.step not in ("replied", "finished"):
            prospect.step, prospect.since = step, now

    # -- what Unipile knows -----------------------------------------------------------------

    def _relations(self) -> set[str]:
        """Provider ids of the LinkedIn account's relations (one page: a small network)."""
        listed = self._ok(self.unipile.get(
            "/users/relations", params={"account_id": self.linkedin_account, "limit": 1000}
        ))  # fmt: skip
        return {relation["member_id"] for relation in listed["items"]}

    def _email_senders(self) -> set[str]:
        """Addresses that wrote to the mailbox since the sequence started."""
        inbox = self._ok(self.unipile.get("/emails", params={
            "account_id": self.email_account, "role": "inbox",
            "after": _instant(self.started), "limit": 250,
        }))  # fmt: skip
        return {email["from_attendee"]["identifier"] for email in inbox["items"]}

    def _answered_on_linkedin(self, prospect: Prospect) -> bool:
        if prospect.chat_id is None or prospect.step != "messaged":
            return False
        messages = self._ok(self.unipile.get(f"/chats/{prospect.chat_id}/messages"))
        return any(not message["is_sender"] for message in messages["items"])

    @staticmethod
    def _ok(response: httpx.Response) -> dict[str, Any]:
        response.raise_for_status()
        return response.json()
