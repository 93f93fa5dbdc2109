"""Reading query strings and JSON bodies: every bad value is a 400 that names its field."""

from __future__ import annotations

import re
from typing import Any, Iterable, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from starlette.datastructures import QueryParams
from starlette.requests import Request

from simulator.world.errors import ApiError, invalid_parameter

M = TypeVar("M", bound=BaseModel)


_NO_PARAMS = QueryParams()


class Query:
    """The query string of one request, checked against the names the route accepts."""

    def __init__(self, request: Request, accepted: Iterable[str]) -> None:
        if not request.scope["query_string"]:
            self._params = _NO_PARAMS  # most reads carry no query: skip parsing one
            return
        self._params = request.query_params
        accepted = set(accepted)
        for name in self._params.keys():
            if name not in accepted:
                raise invalid_parameter(name, "unknown query parameter")
            if len(self._params.getlist(name)) > 1:
                raise invalid_parameter(name, "given more than once")

    def has(self, name: str) -> bool:
        return name in self._params

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        raw = self._params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise invalid_parameter(name, f"expected an integer, got {raw!r}") from None
        if not minimum <= value <= maximum:
            raise invalid_parameter(name, f"must be between {minimum} and {maximum}, got {value}")
        return value

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


async def parse_body(request: Request, model: type[M]) -> M:
    """A JSON body validated by `model`; the first problem becomes the 400's detail."""
    raw = await request.body()
    if not raw:
        raise ApiError("missing_parameters", "body: a JSON body is required")
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise invalid_parameter("body", f"not valid JSON ({error})") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise first_problem(error) from None


async def parse_typed_body(request: Request, model: type[M]) -> M:
    """`parse_body`, then `check_json_types`: JSON types are not coerced (`"5"` is not 5)."""
    body = await parse_body(request, model)
    check_json_types(await request.body(), model)
    return body


def check_json_types(raw: bytes, model: type[BaseModel]) -> None:
    """Reject what pydantic's lax mode coerces but JSON keeps apart: `true` for 1, `0` for
    false, `"5"` for 5, a number for a datetime. Call it after `parse_body` accepted `raw`.

    Only `5.0` for an integer passes: JSON Schema calls it an integer, strict pydantic does not.
    """
    try:
        model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        for issue in error.errors():
            value = issue.get("input")
            if issue["type"] == "int_type" and isinstance(value, float) and value.is_integer():
                continue
            loc = ".".join(str(part) for part in issue["loc"]) or "body"
            raise invalid_parameter(loc, issue["msg"]) from None


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
    """
    issues = [(issue, _field_path(issue["loc"], skip or set())) for issue in error.errors()]
    field = issues[0][1][:1]
    issue, parts = max(
        (candidate for candidate in issues if candidate[1][:1] == field),
        key=lambda candidate: len(candidate[1]),
    )
    reason = "unknown field" if issue["type"] == "extra_forbidden" else str(issue["msg"])
    if issue["type"] == "value_error":
        # Our validators name their field first: "Value error, type: errors/x is not documented".
        reason = reason.removeprefix("Value error, ")
        named, _, rest = reason.partition(": ")
        if rest and _DOTTED_KEY.match(named):
            parts.append(named)
            reason = rest
    loc = ".".join(parts) or "body"
    if issue["type"] == "missing":
        return ApiError("missing_parameters", f"{loc}: required")
    return invalid_parameter(loc, reason)


def _field_path(loc: tuple[Any, ...], skip: set[str]) -> list[str]:
    return [
        str(part)
        for part in loc
        if part not in skip and part not in _UNION_MEMBERS and "[" not in str(part)
    ]
