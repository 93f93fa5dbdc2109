"""Strict JSON bodies: accepted exactly when the contract's schema accepts them.

A `StrictBody` model does not coerce JSON types (`"993"` is not a port, `1` is not `true`)
and refuses unknown fields; a null anywhere is refused (the contracts document no nullable
request field). Every problem is a 400 whose detail names the field.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, RootModel, ValidationError
from starlette.requests import Request

from simulator.api.params import first_problem, parse_body
from simulator.world.errors import invalid_parameter


class StrictBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


B = TypeVar("B", bound=StrictBody)


class JsonObject(RootModel[dict[str, Any]]):
    pass


async def read_object(request: Request) -> dict[str, Any]:
    """The JSON object of the body; a null anywhere is refused, naming where it is.

    A number with a zero fraction (`993.0`) is an integer, as JSON Schema says; strict models
    would refuse it as a float otherwise.
    """
    data = (await parse_body(request, JsonObject)).root
    return _checked(data, "")  # type: ignore[no-any-return]


async def read_body(request: Request, model: type[B]) -> B:
    data = await read_object(request)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise first_problem(error) from None


def _checked(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        return {
            key: _checked(item, f"{where}.{key}" if where else str(key))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_checked(item, f"{where}.{index}") for index, item in enumerate(value)]
    if value is None:
        raise invalid_parameter(where or "body", "must not be null")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
