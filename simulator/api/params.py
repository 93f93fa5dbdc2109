"""Reading query strings, and the one translation of validation errors: every bad value is a 400
that names its field. Bodies are read in simulator/api/bodies.py."""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import parse_qsl

from pydantic import ValidationError
from starlette.requests import Request

from simulator.world.errors import ApiError, invalid_parameter

_NO_PARAMS: dict[str, str] = {}
_UNSIGNED_INTEGER = re.compile(r"[0-9]+")
_SIGNED_INTEGER = re.compile(r"-?[0-9]+")
_MAX_DIGITS = 20


def _in_range(name: str, value: int, minimum: int, maximum: int) -> int:
    if not minimum <= value <= maximum:
        raise invalid_parameter(name, f"must be between {minimum} and {maximum}, got {value}")
    return value


def _pairs(query_string: bytes) -> list[tuple[str, str]]:
    """The query's (name, value) pairs as Starlette's `QueryParams` reads them (blank values
    kept); without `%` or `+` nothing needs unquoting, and splitting is a fifth of the cost."""
    text = query_string.decode("latin-1")
    if "%" in text or "+" in text:
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    for piece in text.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((name, value))
    return pairs


class Query:
    """The query string of one request, checked against the names the route accepts."""

    def __init__(
        self, request: Request, accepted: Iterable[str], arrays: Iterable[str] = ()
    ) -> None:
        """`arrays` are the parameters Unipile's document declares as arrays: OpenAPI 3.0
        sends them as repeated keys (`a=x&a=y`), read here as the comma form the SDK sends
        (`a=x,y`). Any other parameter given twice is a 400."""
        if not request.scope["query_string"]:
            self._params = _NO_PARAMS  # most reads carry no query: skip parsing one
            return
        if not isinstance(accepted, (tuple, list, frozenset, set)):
            accepted = tuple(accepted)  # a few names: looked up as they are, no set made
        params: dict[str, str] = {}
        for name, value in _pairs(request.scope["query_string"]):
            if name not in accepted:
                raise invalid_parameter(name, "unknown query parameter")
            if name in params:
                if name not in arrays:
                    raise invalid_parameter(name, "given more than once")
                params[name] = f"{params[name]},{value}"
                continue
            params[name] = value
        self._params = params

    def has(self, name: str) -> bool:
        return name in self._params

    def has_any(self, names: Iterable[str]) -> bool:
        return not self._params.keys().isdisjoint(names)

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        """ASCII digits only (`५`, `+3`, `1_0` and ` 7 ` are not integers here); a leading `-`
        only where `minimum` allows a negative value."""
        raw = self._params.get(name)
        if raw is None:
            return default
        if raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS:  # the common value
            return _in_range(name, int(raw), minimum, maximum)
        if not (_SIGNED_INTEGER if minimum < 0 else _UNSIGNED_INTEGER).fullmatch(raw):
            raise invalid_parameter(name, f"expected an integer, got {raw!r}")
        if len(raw.lstrip("-")) > _MAX_DIGITS:  # beyond any bound, and int() refuses 4301 digits
            digits = len(raw.lstrip("-"))
            raise invalid_parameter(
                name, f"must be between {minimum} and {maximum}, got a {digits}-digit number"
            )
        return _in_range(name, int(raw), minimum, maximum)

    def text(self, name: str, required: bool = False) -> str | None:
        raw = self._params.get(name)
        if raw is None:
            if required:
                raise ApiError("missing_parameters", f"{name}: required query parameter")
            return None
        if raw == "":
            raise invalid_parameter(name, "must not be empty")
        return raw

    def required_text(self, name: str) -> str:
        """A parameter the route cannot do without: 400 `missing_parameters` when absent."""
        raw = self.text(name)
        if raw is None:
            raise ApiError("missing_parameters", f"{name}: required query parameter")
        return raw

    def choice(self, name: str, values: Iterable[str]) -> str | None:
        raw = self.text(name)
        values = tuple(values)
        if raw is not None and raw not in values:
            raise invalid_parameter(name, f"must be one of {', '.join(values)}, got {raw!r}")
        return raw


# World time is milliseconds since the Unix epoch, rendered with a four-digit year.
EARLIEST_MS = 0  # 1970-01-01T00:00:00.000Z
LATEST_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z


def check_instant(field: str, at_ms: int) -> int:
    """An instant the world can hold and render; anything else is a 400 naming `field`."""
    if not EARLIEST_MS <= at_ms <= LATEST_MS:
        raise invalid_parameter(
            field, "must be between 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z"
        )
    return at_ms


_DOTTED_KEY = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)*$")
# Names pydantic puts in an error's location for the member of a plain union it tried.
_UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "constrained-str", "constrained-int"})


def first_problem(error: ValidationError, skip: set[str] | None = None) -> ApiError:
    """The first validation problem as a 400 naming its field (union tags in `skip` left out).

    A value that fits no member of a union gets one issue per member; the one that went
    deepest (`providers.0` for a list of unknown names) says the most about what is wrong.
    A null where the field's type has no None gets one message, whatever the type.
    """
    issues = [(issue, _field_path(issue["loc"], skip or set())) for issue in error.errors()]
    field = issues[0][1][:1]
    issue, parts = max(
        (candidate for candidate in issues if candidate[1][:1] == field),
        key=lambda candidate: len(candidate[1]),
    )
    kind = issue["type"]
    reason = "unknown field" if kind == "extra_forbidden" else str(issue["msg"])
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        # A discriminated union: the discriminating field is missing or names no member.
        name = _unquoted(issue["ctx"]["discriminator"])
        parts.append(name)
        if kind == "union_tag_not_found":
            return ApiError("missing_parameters", f"{'.'.join(parts)}: required")
        if isinstance(issue["input"], dict) and issue["input"].get(name, "") is None:
            reason = "must not be null"
        else:
            reason = f"must be one of {_unquoted(issue['ctx']['expected_tags'])}"
    elif kind not in ("missing", "extra_forbidden") and issue.get("input", "") is None:
        reason = "must not be null"
    elif kind == "value_error":
        # Our validators name their field first: "Value error, type: errors/x is not documented".
        reason = reason.removeprefix("Value error, ")
        named, _, rest = reason.partition(": ")
        if rest and _DOTTED_KEY.match(named):
            parts.append(named)
            reason = rest
    loc = ".".join(parts) or "body"
    if kind == "missing":
        return ApiError("missing_parameters", f"{loc}: required")
    return invalid_parameter(loc, reason)


def _field_path(loc: tuple[Any, ...], skip: set[str]) -> list[str]:
    return [
        str(part)
        for part in loc
        if part not in skip and part not in _UNION_MEMBERS and not _union_member(str(part))
    ]


def _union_member(part: str) -> bool:
    """`list[str]`, or a model's name (`IncludeExclude`): no field is spelled in CapWords."""
    return "[" in part or (part[:1].isupper() and not part.isupper())


def _unquoted(text: str) -> str:
    return text.replace("'", "")
