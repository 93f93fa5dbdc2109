"""/_sim/state: a world as one JSON document, and back.

`GET` exports the caller's world: the state log's records that make it (simulator/persistence),
after its deliveries in flight have ended. `PUT` makes a world from such a document by
replaying them, under the key the document names (a key in use is a 409: drop that world
first); a document that does not replay is refused whole, and no world is left behind.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response

from simulator import __version__
from simulator.api.bodies import RequestBody, read_json
from simulator.api.control.clock import engine_of
from simulator.api.control.render import tenant_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.persistence.framing import FORMAT, VERSION, StateFileError, check_origin
from simulator.persistence.records import ATTEMPT, REQUEST, RESET, WORLD
from simulator.persistence.replay import Replayer
from simulator.registry import TenantRegistry
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.world import World

_KINDS = frozenset({WORLD, RESET, REQUEST, ATTEMPT})


class StateDocument(RequestBody):
    object: Literal["WorldState"] = "WorldState"  # as GET /_sim/state gives it; optional
    format: str
    version: int
    simulator: str
    api_key: str = Field(pattern=r"^[A-Za-z0-9._-]{8,128}$")
    records: list[dict[str, Any]] = Field(min_length=1)


async def export_state(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    await engine_of(request).settle(world)  # attempts in flight have their answers
    return state_response(request.app.state.registry, world)


def state_response(registry: TenantRegistry, world: World) -> Response:
    """The world's document, as an attachment (the inspector's download button too)."""
    assert registry.state_log is not None  # build_app always gives one
    document = {
        "object": "WorldState",
        "format": FORMAT,
        "version": VERSION,
        "simulator": __version__,
        "api_key": world.api_key,
        "records": registry.state_log.history(world.api_key),
    }
    filename = f"unipile-sim-{world.blueprint.name}.json"
    return json_response(
        200, document, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


async def import_state(request: Request) -> Response:
    Query(request, ())
    world = await make_world(request.app, await read_json(request, StateDocument))
    return json_response(200, tenant_json(world, object_name="WorldImported"))


async def make_world(app: Starlette, document: StateDocument) -> World:
    """Replay an exported world's records under its key; an ApiError naming the field when
    the document cannot make it (and then no world is left behind)."""
    try:
        check_origin(document.model_dump(exclude={"records", "object"}), "body")
    except StateFileError as error:
        field = "format" if document.format != FORMAT else "version"
        if document.format == FORMAT and document.version == VERSION:
            field = "simulator"
        raise invalid_parameter(field, str(error).removeprefix("body: ")) from None
    _check_records(document)
    registry: TenantRegistry = app.state.registry
    if registry.get(document.api_key) is not None:
        raise ApiError(
            "already_exists",
            f"api_key: a world already uses the key {document.api_key!r}; "
            "drop it first (DELETE /_sim/tenants/{api_key})",
        )
    replayer = Replayer(app, registry, app.state.webhooks, "records")
    try:
        await replayer.replay(document.records)
    except StateFileError as error:
        if registry.get(document.api_key) is not None:
            registry.drop(document.api_key)  # nothing half-made stays
        raise invalid_parameter("records", str(error).removeprefix("records: ")) from None
    finally:
        await replayer.finish_live()
    world = registry.get(document.api_key)
    assert world is not None
    return world


def _check_records(document: StateDocument) -> None:
    for index, record in enumerate(document.records):
        kind = record.get("t")
        if index == 0 and kind != WORLD:
            raise invalid_parameter("records.0.t", "the first record makes the world: 'world'")
        if kind not in _KINDS or (index > 0 and kind == WORLD):
            raise invalid_parameter(f"records.{index}.t", f"not a record of one world: {kind!r}")
        if record.get("w") != document.api_key:
            raise invalid_parameter(
                f"records.{index}.w", f"every record is of the world {document.api_key!r}"
            )
