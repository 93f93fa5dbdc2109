"""ASGI factories the HTTP benchmark serves with `uvicorn --factory`.

- `simulator_app`: the real simulator, default scenario (API key `sim_default_key_0001`).
- `bare_app`: the ceiling of our stack: a Starlette app with one route that returns constant
  bytes, the same bytes and content type as the simulator's `GET /api/v1/accounts`. The bytes are
  read from the file named by `BENCH_BODY_FILE` (bench_http.py writes the simulator's real
  response there); without it, a JSON body of `BENCH_BODY_SIZE` bytes (default 1945) is used.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ACCOUNTS_PATH = "/api/v1/accounts"
DEFAULT_BODY_SIZE = 1945  # bytes of the default scenario's account list when this was written


def simulator_app() -> Starlette:
    from simulator.app import Settings, build_app

    return build_app(Settings())


def constant_body() -> bytes:
    path = os.environ.get("BENCH_BODY_FILE")
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    size = int(os.environ.get("BENCH_BODY_SIZE", DEFAULT_BODY_SIZE))
    skeleton = b'{"object":"AccountList","items":[],"cursor":null,"pad":""}'
    return skeleton[:-2] + b"x" * max(0, size - len(skeleton)) + b'"}'


def bare_app() -> Starlette:
    body = constant_body()

    async def accounts(request: Request) -> Response:
        return Response(body, media_type="application/json")

    return Starlette(routes=[Route(ACCOUNTS_PATH, accounts, methods=["GET"])])
