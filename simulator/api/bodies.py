"""Reading request bodies: one policy for every JSON body and every multipart form.

A body is a JSON object, validated once by a `RequestBody` model (or a `BodyUnion` of them) in
pydantic's strict JSON mode:

- no coercion: `"5"` is not 5, `1` is not `true`, a number is not a datetime (a datetime field
  reads an ISO string);
- a number with a zero fraction (`5.0`) is an integer, as JSON Schema says;
- an unknown field is refused ("unknown field");
- a null is accepted exactly where the field's type allows it (`X | None`); a field that may be
  left out but not sent as null is `Omittable[X]`.

A multipart form's text fields are gathered into the same kind of object and validated the same
way. Every problem is a 400 whose detail names the field (`first_problem`).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import orjson
from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from starlette.requests import Request

from simulator.api.params import first_problem
from simulator.world.errors import ApiError, invalid_parameter

T = TypeVar("T")
B = TypeVar("B", bound="RequestBody")

MAX_SAFE_INTEGER = 2**53 - 1  # JSON's safe integers
# A digit then `.`, `e` or `E`: every JSON float has one (a string may too; then we look closer).
_MAYBE_A_FLOAT = re.compile(rb"[0-9][.eE]")


class RequestBody(BaseModel):
    """The base of every request body model, of every dialect and of the control plane."""

    # defer_build: a model's validator is built on its first request, not at import (start-up
    # would otherwise build every body of every route).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    # Members of unions inside the model that pydantic puts in error locations (not fields).
    union_tags: ClassVar[frozenset[str]] = frozenset()


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("must not be null")
    return value


# May be left out (then None), may not be sent as null: defaults are not validated, nulls are.
Omittable = Annotated[T | None, BeforeValidator(_refuse_null)]


class BodyUnion(Generic[B]):
    """Bodies of several models told apart by a discriminator, validated in one pass; `tags`
    are the union members' names pydantic puts in error locations."""

    def __init__(self, union: Any, tags: frozenset[str] | set[str]) -> None:
        self._union = union
        self.tags = frozenset(tags)

    @cached_property
    def adapter(self) -> TypeAdapter[B]:
        """Built on first use, like the models' validators (`defer_build`)."""
        return TypeAdapter(self._union)


BodyShape = type[B] | BodyUnion[B]


async def read_json(
    request: Request, shape: BodyShape[B], context: dict[str, Any] | None = None
) -> B:
    """The request's JSON body as `shape`; `context` reaches the models' validators."""
    # The gateway read the body already (api/recording.py); the control plane's routes did not.
    raw = (request.scope.get("state") or {}).get("body") or await request.body()
    if not raw:
        raise ApiError("missing_parameters", "body: a JSON body is required")
    try:
        data = orjson.loads(raw)  # RFC 8259: NaN, Infinity and trailing text are not JSON
    except orjson.JSONDecodeError as error:
        raise invalid_parameter("body", f"not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise invalid_parameter("body", "must be a JSON object")
    if _MAYBE_A_FLOAT.search(raw) is None:  # most bodies: no number with a fraction or exponent
        return _validated(shape, raw, context)
    integral, changed = _integers_as_json_schema_says(data)
    return _validated(shape, orjson.dumps(integral) if changed else raw, context)


def validate_fields(shape: BodyShape[B], fields: dict[str, Any]) -> B:
    """Fields gathered from a form, validated as the same JSON object would be."""
    return _validated(shape, orjson.dumps(fields), None)


def _validated(shape: BodyShape[B], raw: bytes, context: dict[str, Any] | None) -> B:
    """Strict JSON mode: pydantic reads datetimes from strings there, never from numbers."""
    try:
        if isinstance(shape, BodyUnion):
            return shape.adapter.validate_json(raw, strict=True, context=context)
        return shape.model_validate_json(raw, strict=True, context=context)
    except ValidationError as error:
        tags = shape.tags if isinstance(shape, BodyUnion) else shape.union_tags
        raise first_problem(error, skip=set(tags)) from None


def _integers_as_json_schema_says(value: Any) -> tuple[Any, bool]:
    """`993.0` is the integer 993 (strict pydantic would refuse it for an int field)."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
        return int(value), True
    if isinstance(value, dict):
        changed = False
        items = {}
        for key, item in value.items():
            items[key], item_changed = _integers_as_json_schema_says(item)
            changed = changed or item_changed
        return (items, True) if changed else (value, False)
    if isinstance(value, list):
        pairs = [_integers_as_json_schema_says(item) for item in value]
        if any(changed for _, changed in pairs):
            return [item for item, _ in pairs], True
    return value, False
