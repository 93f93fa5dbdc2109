"""Applies a world's fault rules, then its chaos mode, before the route runs, so a faulted
request changes nothing."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs

import orjson
from starlette.types import Scope, Send

from simulator.api.chaos import chaos_table
from simulator.api.errors import envelope
from simulator.api.state_capture import REPLAYED
from simulator.world.faults import FaultAction
from simulator.world.world import World

_ACCOUNT_IN_PATH = re.compile(r"/accounts/([^/]+)")
_ACCOUNT_IN_FORM = re.compile(rb'name="account_id"\r\n\r\n([^\r]+)')
_TRUNCATED_JSON = b'{"object":"'
# Set in scope["state"] on an answer a fault rule or chaos injected: deliberate, so strict mode
# (simulator/api/strict.py) lets it through unchecked.
FAULTED = "faulted"


class DroppedConnection(Exception):
    """Raised after a partial response: the server closes the connection mid-answer."""

    injected = True  # a fault rule's doing, not the simulator's failure (api/errors.py)


async def answered_by_fault(world: World, scope: Scope, send: Send) -> bool:
    """Applies the world's fault rules, then its chaos mode; True when one of them answered
    (the route must not run), False when the request goes on, perhaps after a delay."""
    method, path = scope["method"], scope["path"]
    if len(world.faults):
        for action in world.faults.decide(method, path, account_of(scope), world.now_ms()):
            if action.kind == "latency":
                if not scope.get(REPLAYED):  # a replay makes the world, not the wait
                    await asyncio.sleep(action.latency_ms / 1000)
            else:
                scope["state"][FAULTED] = True
                await _answer(action, scope, send)
                return True
    # Chaos comes after the rules: a rule is a deliberate answer, chaos the background noise.
    if world.faults.chaos is not None:
        error = world.faults.chaos_error(chaos_table().errors_for(method, path))
        if error is not None:
            scope["state"][FAULTED] = True
            await _send(send, error.status, orjson.dumps(envelope(error, path)))
            return True
    return False


async def _answer(action: FaultAction, scope: Scope, send: Send) -> None:
    if action.kind == "error":
        assert action.error is not None
        body = orjson.dumps(envelope(action.error, scope["path"]))
        await _send(send, action.error.status, body)
    elif action.kind == "malformed":
        await _send(send, action.status, _TRUNCATED_JSON)
    else:  # drop: promise a body, send half of it, then hang up
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
            }
        )
        await send({"type": "http.response.body", "body": _TRUNCATED_JSON, "more_body": True})
        raise DroppedConnection(f"fault rule dropped {scope['method']} {scope['path']}")


async def _send(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def account_of(scope: Scope) -> str | None:
    """The account a request acts through: query, JSON or form body, then the path."""
    query = parse_qs(scope["query_string"].decode("latin-1"))
    if "account_id" in query:
        return query["account_id"][0]
    body: bytes = scope.get("state", {}).get("body", b"")
    if body:
        if body.lstrip().startswith(b"{"):
            try:
                value = orjson.loads(body).get("account_id")
            except (orjson.JSONDecodeError, AttributeError):
                value = None
            if isinstance(value, str):
                return value
        elif match := _ACCOUNT_IN_FORM.search(body):
            return match.group(1).decode("utf-8", "replace")
    if match := _ACCOUNT_IN_PATH.search(scope["path"]):
        return match.group(1)
    return None
