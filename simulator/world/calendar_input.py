"""The body of `POST` / `PATCH /calendars/{calendar_id}/events` (reference part 2 §5), read
into typed values; every refusal is a 400 whose detail starts with the field it is about.

- create needs `title`, `start`, `end` and `attendees` (may be empty): 400 `missing_parameters`;
- a key the OAS does not list is refused (the body has `additionalProperties: false`);
- a value of the wrong JSON type, or outside its enum, is 400 `invalid_parameters`;
- `null` is a wrong type too (the OAS allows it nowhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simulator.world.calendar_times import EventTime, parse_event_time
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.mail_addresses import is_address

TRANSPARENCIES = ("opaque", "transparent")
VISIBILITIES = ("public", "private")
CONFERENCE_PROVIDERS = ("google_meet", "zoom", "teams", "unknown")
ATTENDEE_TYPES = ("required", "optional", "resource")
RESPONSE_STATUSES = ("yes", "no", "maybe", "noreply")
REQUIRED = ("title", "start", "end", "attendees")
KNOWN = (
    "title", "body", "location", "transparency", "visibility", "conference",
    "is_attendees_list_hidden", "attendees", "recurrence", "start", "end",
)  # fmt: skip
MAX_ATTENDEES = 1000


@dataclass(frozen=True, slots=True)
class AttendeeInput:
    email: str
    display_name: str | None = None
    type: str = "required"


@dataclass(frozen=True, slots=True)
class ConferenceInput:
    provider: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class EventInput:
    """What a request asks for; a field left as None was not in the body."""

    title: str | None = None
    body: str | None = None
    location: str | None = None
    transparency: str | None = None
    visibility: str | None = None
    conference: ConferenceInput | None = None
    is_attendees_list_hidden: bool | None = None
    attendees: tuple[AttendeeInput, ...] | None = None
    recurrence: tuple[str, ...] | None = None
    start: EventTime | None = None
    end: EventTime | None = None


def read_event_body(body: Any, partial: bool) -> EventInput:
    """A create body (`partial=False`) or an update body (`partial=True`, every key optional)."""
    if not isinstance(body, Mapping):
        raise invalid_parameter("body", f"expected a JSON object, got {type(body).__name__}")
    unknown = [key for key in body if key not in KNOWN]
    if unknown:
        raise invalid_parameter(str(unknown[0]), f"unknown field (fields: {', '.join(KNOWN)})")
    if not partial:
        for key in REQUIRED:
            if key not in body:
                raise ApiError("missing_parameters", f"{key}: required")
    return EventInput(
        title=_text(body, "title"),
        body=_text(body, "body"),
        location=_text(body, "location"),
        transparency=_choice(body, "transparency", TRANSPARENCIES),
        visibility=_choice(body, "visibility", VISIBILITIES),
        conference=_conference(body),
        is_attendees_list_hidden=_flag(body, "is_attendees_list_hidden"),
        attendees=_attendees(body),
        recurrence=_recurrence(body),
        start=parse_event_time("start", body["start"]) if "start" in body else None,
        end=parse_event_time("end", body["end"]) if "end" in body else None,
    )


def _text(body: Mapping[str, Any], key: str) -> str | None:
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, str):
        raise invalid_parameter(key, f"expected a string, got {_kind(value)}")
    return value


def _flag(body: Mapping[str, Any], key: str) -> bool | None:
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, bool):
        raise invalid_parameter(key, f"expected a boolean, got {_kind(value)}")
    return value


def _choice(body: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
    value = _text(body, key)
    if value is not None and value not in choices:
        raise invalid_parameter(key, f"must be one of {', '.join(choices)}, got {value!r}")
    return value


def _conference(body: Mapping[str, Any]) -> ConferenceInput | None:
    if "conference" not in body:
        return None
    value = body["conference"]
    if not isinstance(value, Mapping):
        raise invalid_parameter("conference", f"expected an object, got {_kind(value)}")
    unknown = [key for key in value if key not in ("provider", "url")]
    if unknown:
        raise invalid_parameter(f"conference.{unknown[0]}", "unknown field (provider, url)")
    if "provider" not in value:
        raise ApiError("missing_parameters", "conference.provider: required")
    provider = _choice(value, "provider", CONFERENCE_PROVIDERS)
    url = _text(value, "url")
    if url is not None and not url.startswith(("https://", "http://")):
        raise invalid_parameter("conference.url", f"expected an http(s) URL, got {url!r}")
    assert provider is not None
    return ConferenceInput(provider, url)


def _attendees(body: Mapping[str, Any]) -> tuple[AttendeeInput, ...] | None:
    if "attendees" not in body:
        return None
    value = body["attendees"]
    if not isinstance(value, list):
        raise invalid_parameter("attendees", f"expected an array, got {_kind(value)}")
    if len(value) > MAX_ATTENDEES:
        raise invalid_parameter("attendees", f"at most {MAX_ATTENDEES}, got {len(value)}")
    found: dict[str, AttendeeInput] = {}
    for index, item in enumerate(value):
        field = f"attendees[{index}]"
        if not isinstance(item, Mapping):
            raise invalid_parameter(field, f"expected an object {{email}}, got {_kind(item)}")
        unknown = [key for key in item if key not in ("email", "display_name", "type")]
        if unknown:
            raise invalid_parameter(
                f"{field}.{unknown[0]}", "unknown field (email, display_name, type)"
            )
        if "email" not in item:
            raise ApiError("missing_parameters", f"{field}.email: required")
        email = item["email"]
        if not isinstance(email, str) or not is_address(email):
            raise invalid_parameter(f"{field}.email", f"not an email address: {email!r}")
        name = item.get("display_name")
        if "display_name" in item and not isinstance(name, str):
            raise invalid_parameter(
                f"{field}.display_name", f"expected a string, got {_kind(name)}"
            )
        kind = item.get("type", "required")
        if kind not in ATTENDEE_TYPES:
            raise invalid_parameter(
                f"{field}.type", f"must be one of {', '.join(ATTENDEE_TYPES)}, got {kind!r}"
            )
        # The same address twice is one attendee (the first one given), as Google keeps it.
        found.setdefault(email.lower(), AttendeeInput(email, name, kind))
    return tuple(found.values())


def _recurrence(body: Mapping[str, Any]) -> tuple[str, ...] | None:
    if "recurrence" not in body:
        return None
    value = body["recurrence"]
    if not isinstance(value, list):
        raise invalid_parameter("recurrence", f"expected an array of strings, got {_kind(value)}")
    for index, line in enumerate(value):
        if not isinstance(line, str):
            raise invalid_parameter(f"recurrence[{index}]", f"expected a string, got {_kind(line)}")
    return tuple(line.strip() for line in value)


def _kind(value: Any) -> str:
    """A JSON type name for an error detail."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
