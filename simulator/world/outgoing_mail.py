"""What a client asks the world to send or save as a draft, and the rules a send obeys
(reference part 2 §2.3, §8).

- Recipients: `to` at least one, each an address (400 naming the field and position).
- A reply (`reply_to`: the Unipile id or provider id of an email of the mailbox) threads under
  its parent; a parent the mailbox does not hold is 422 `parent_mail_not_found`. Its subject
  defaults to `Re: <parent's>`; a subject about something else is 422 `invalid_reply_subject`.
- Custom headers: a name starting with `X-` or `x-`, or one of `Unscribe-List` (sic),
  `Reply-To`, `Content-Type`, as the OAS words it; anything else is 422 `invalid_headers`.
- Attachments: at most 25 MiB each (the SDK's cap; 400 `content_too_large`).
- The scenario's SMTP outcomes (`email.refusals`): an address the server refuses as a recipient
  (422 `recipient_rejected`), as a sender (`sender_rejected`), or as a `from` alias the account
  may not send as (`send_as_denied`); nothing is stored when a send is refused.
- Daily caps per provider (rolling 24 hours, scenario `limits.emails_per_day`): 429
  `too_many_requests` naming the time the next send is possible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from simulator.world.emails import Address
from simulator.world.errors import ApiError

MIB = 1024 * 1024
ATTACHMENT_MAX_BYTES = 25 * MIB
SMTP_REFUSALS = ("recipient_rejected", "sender_rejected", "send_as_denied")
# Rolling 24 hours per account. Gmail's documented cap (reference part 2 §8); Microsoft's and
# Apple's published ones (10,000 and 1,000 recipients a day, counted here as sends); a plain
# IMAP/SMTP server has none of its own.
DEFAULT_EMAILS_PER_DAY: Mapping[str, int | None] = {
    "GOOGLE_OAUTH": 500,
    "OUTLOOK": 10_000,
    "EXCHANGE": 10_000,
    "ICLOUD": 1_000,
    "MAIL": None,
}
_NAMED_HEADERS = frozenset({"Unscribe-List", "Reply-To", "Content-Type"})
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # RFC 5322 field name: printable ASCII but ':'
_REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|fwd?|tr)\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NewMailFile:
    name: str
    mime: str
    content: bytes


@dataclass(frozen=True, slots=True)
class TrackingOptions:
    opens: bool = False
    links: bool = False
    label: str | None = None
    custom_domain: str | None = None

    @property
    def active(self) -> bool:
        return self.opens or self.links


@dataclass(frozen=True, slots=True)
class NewEmail:
    """`POST /emails` or `POST /drafts`, read; `None`: not given."""

    account_id: str
    to: tuple[Address, ...] | None = None
    body: str | None = None
    cc: tuple[Address, ...] | None = None
    bcc: tuple[Address, ...] | None = None
    sender: Address | None = None  # `from`: an alias or a display name
    subject: str | None = None
    reply_to: str | None = None
    custom_headers: tuple[tuple[str, str], ...] = ()
    tracking: TrackingOptions = TrackingOptions()
    attachments: tuple[NewMailFile, ...] = ()
    draft_id: str | None = None


@dataclass(frozen=True, slots=True)
class MailPolicy:
    """The scenario's sending rules: caps, and what the SMTP servers refuse or bounce."""

    emails_per_day: Mapping[str, int | None] = field(
        default_factory=lambda: dict(DEFAULT_EMAILS_PER_DAY)
    )
    attachment_max_bytes: int = ATTACHMENT_MAX_BYTES
    refusals: Mapping[str, str] = field(default_factory=dict)  # lowercase address -> error
    bounces: frozenset[str] = frozenset()  # lowercase addresses or `@domain`s that bounce

    def refusal(self, address: str, kinds: tuple[str, ...]) -> str | None:
        found = self.refusals.get(address.lower())
        return found if found in kinds else None

    def bounces_at(self, address: str) -> bool:
        lowered = address.lower()
        return lowered in self.bounces or "@" + lowered.rsplit("@", 1)[-1] in self.bounces


def check_headers(headers: tuple[tuple[str, str], ...]) -> None:
    for position, (name, value) in enumerate(headers):
        where = f"custom_headers[{position}]"
        if not _HEADER_NAME.fullmatch(name):
            raise ApiError("invalid_headers", f"{where}.name: {name!r} is not a header name")
        if not (name.startswith(("X-", "x-")) or name in _NAMED_HEADERS):
            raise ApiError(
                "invalid_headers",
                f"{where}.name: {name!r} must start with X- or be one of Unscribe-List, "
                "Reply-To, Content-Type",
            )
        if "\r" in value or "\n" in value:
            raise ApiError("invalid_headers", f"{where}.value: a header value is one line")


def check_attachments(files: tuple[NewMailFile, ...], max_bytes: int) -> None:
    for position, file in enumerate(files):
        if len(file.content) > max_bytes:
            raise ApiError(
                "content_too_large",
                f"attachments[{position}]: {file.name!r} has {len(file.content)} bytes; an "
                f"email attachment is at most {max_bytes} bytes",
            )


def reply_subject(parent_subject: str, given: str | None) -> str:
    """The subject of a reply: `Re: <parent's>` unless given; one about something else is
    refused, since providers thread by subject as well as by headers."""
    topic = subject_topic(parent_subject)
    if given is None or not given.strip():
        return f"Re: {topic}" if topic else "Re:"
    if subject_topic(given).casefold() != topic.casefold():
        raise ApiError(
            "invalid_reply_subject",
            f"subject: a reply to {parent_subject!r} keeps its subject (with or without Re:), "
            f"got {given!r}",
        )
    return given


def subject_topic(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject).strip()


def plain_text(body: str, is_html: bool) -> str:
    """`body_plain` of a body: the text of an HTML body, a plain body as it is."""
    if not is_html:
        return body
    from simulator.world.html_parsers import TextParser

    parser = TextParser()
    parser.feed(body)
    parser.close()
    lines = ("".join(parser.parts)).splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())
