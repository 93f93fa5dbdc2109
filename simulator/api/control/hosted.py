"""/_sim/hosted/{session}/complete: finish a hosted-auth session without a browser (for CI)."""

from __future__ import annotations

from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import StrictBody, read_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.world.hosted import HOSTED_PROVIDERS, HostedSession


class Completion(StrictBody):
    outcome: Literal["success", "failure"]
    provider: Literal[HOSTED_PROVIDERS] | None = None  # type: ignore[valid-type]


def completion_json(session: HostedSession) -> dict[str, Any]:
    if session.state == "completed":
        status = "RECONNECTED" if session.type == "reconnect" else "CREATION_SUCCESS"
    else:
        status = "FAILED"
    return {
        "object": "HostedAuthCompleted",
        "session_id": session.id,
        "status": status,
        "account_id": session.account_id,
        "redirect_url": session.redirect_url,
    }


async def complete_session(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    body = await read_body(request, Completion)
    session = world.hosted.complete(
        request.path_params["session_id"], body.outcome == "success", body.provider
    )
    return json_response(200, completion_json(session))
