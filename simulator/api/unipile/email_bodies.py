"""Reading `POST /emails` and `POST /drafts` into the world's `NewEmail` (reference part 2 §2.3).

`POST /emails` is multipart, as the official SDK sends it: text fields, with `to`, `cc`, `bcc`,
`from`, `custom_headers` and `tracking_options` JSON-encoded, and files under `attachments`
(repeated). A JSON body with the same fields (recipients as arrays) is read too, which is what
`POST /drafts` takes. Postpress's draft shape (`POST /v1/emails/drafts`: recipients as plain
address strings, `text` for `body`) is read by the same model. Every problem is a 400 naming
the field: a JSON field that is not JSON, an address that is not an address, an unknown field.
"""

from __future__ import annotations

import mimetypes
from typing import Annotated, Any, Literal

import orjson
from pydantic import Field
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from simulator.api.bodies import Omittable, RequestBody, read_json, validate_fields
from simulator.api.forms import read_form
from simulator.api.unipile.messaging_bodies import media_type, only_fields, text_field
from simulator.world.emails import Address
from simulator.world.errors import invalid_parameter
from simulator.world.mail_addresses import is_address
from simulator.world.outgoing_mail import NewEmail, NewMailFile, TrackingOptions

NonEmpty = Annotated[str, Field(min_length=1)]
_JSON_FIELDS = ("to", "cc", "bcc", "from", "custom_headers", "tracking_options")
_TEXT_FIELDS = ("account_id", "subject", "body", "text", "reply_to", "draft_id")
_MULTIPART = "multipart/form-data"
MAX_RECIPIENTS = 500


class Recipient(RequestBody):
    identifier: str
    display_name: Omittable[str] = None
    # An `EmailAttendee` of a read email passed on as it is: its extra keys are accepted.
    identifier_type: Omittable[Literal["EMAIL_ADDRESS"]] = None
    profile_picture: Omittable[str] = None


class Sender(RequestBody):
    identifier: Omittable[str] = None
    display_name: Omittable[str] = None


class CustomHeader(RequestBody):
    name: NonEmpty
    value: str


class Tracking(RequestBody):
    opens: Omittable[bool] = None
    links: Omittable[bool] = None
    label: Omittable[Annotated[str, Field(max_length=500)]] = None
    custom_domain: Omittable[NonEmpty] = None


Recipients = Annotated[list[Recipient | str], Field(max_length=MAX_RECIPIENTS)]


class EmailBody(RequestBody):
    account_id: NonEmpty
    to: Omittable[Recipients] = None
    cc: Omittable[Recipients] = None
    bcc: Omittable[Recipients] = None
    from_: Omittable[Sender] = Field(None, alias="from")
    subject: Omittable[str] = None
    body: Omittable[str] = None
    text: Omittable[str] = None  # Postpress's name for `body`
    reply_to: Omittable[NonEmpty] = None
    custom_headers: Omittable[Annotated[list[CustomHeader], Field(max_length=100)]] = None
    tracking_options: Omittable[Tracking] = None
    draft_id: Omittable[NonEmpty] = None


async def read_new_email(request: Request) -> NewEmail:
    """The body of `POST /emails` or `POST /drafts`, multipart or JSON."""
    if media_type(request) == _MULTIPART:
        form = await read_form(request)
        only_fields(form, _TEXT_FIELDS + _JSON_FIELDS + ("attachments",))
        fields: dict[str, Any] = {}
        for name in _TEXT_FIELDS:
            value = text_field(form, name)
            if value is not None:
                fields[name] = value
        for name in _JSON_FIELDS:
            raw = text_field(form, name)
            if raw is not None:
                fields[name] = _decoded(name, raw)
        body = validate_fields(EmailBody, fields)
        files = await _files(form)
    else:
        body = await read_json(request, EmailBody)
        files = ()
    return _new_email(body, files)


def _decoded(name: str, raw: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise invalid_parameter(name, "expected JSON text (the SDK JSON-encodes it)") from None


def _new_email(body: EmailBody, files: tuple[NewMailFile, ...]) -> NewEmail:
    if body.body is not None and body.text is not None:
        raise invalid_parameter("text", "give body or text, not both")
    tracking = body.tracking_options
    sender = None
    if body.from_ is not None:
        identifier = body.from_.identifier
        if identifier is not None and not is_address(identifier):
            raise invalid_parameter("from.identifier", f"{identifier!r} is not an email address")
        sender = Address(identifier or "", body.from_.display_name)
    return NewEmail(
        account_id=body.account_id,
        to=_addresses("to", body.to),
        body=body.body if body.body is not None else body.text,
        cc=_addresses("cc", body.cc),
        bcc=_addresses("bcc", body.bcc),
        sender=sender,
        subject=body.subject,
        reply_to=body.reply_to,
        custom_headers=tuple((h.name, h.value) for h in body.custom_headers or ()),
        tracking=TrackingOptions(
            opens=bool(tracking.opens), links=bool(tracking.links),
            label=tracking.label, custom_domain=tracking.custom_domain,
        ) if tracking is not None else TrackingOptions(),  # fmt: skip
        attachments=files,
        draft_id=body.draft_id,
    )


def _addresses(name: str, given: list[Recipient | str] | None) -> tuple[Address, ...] | None:
    if given is None:
        return None
    addresses = []
    for position, item in enumerate(given):
        identifier = item if isinstance(item, str) else item.identifier
        where = f"{name}[{position}]" if isinstance(item, str) else f"{name}[{position}].identifier"
        if not is_address(identifier):
            raise invalid_parameter(where, f"{identifier!r} is not an email address")
        display = None if isinstance(item, str) else item.display_name
        addresses.append(Address(identifier, display))
    return tuple(addresses)


async def _files(form: FormData) -> tuple[NewMailFile, ...]:
    files = []
    for position, part in enumerate(form.getlist("attachments")):
        if not isinstance(part, UploadFile):
            raise invalid_parameter(f"attachments[{position}]", "expected a file")
        name = part.filename or f"attachment-{position + 1}"
        declared = part.content_type
        if not declared or declared == "application/octet-stream":
            declared = mimetypes.guess_type(name)[0] or "application/octet-stream"
        files.append(NewMailFile(name, declared, await part.read()))
    return tuple(files)

