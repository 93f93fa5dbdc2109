"""ASGI factories the HTTP benchmark serves with `uvicorn --factory`.

- `simulator_app`: the real simulator, default scenario (API key `sim_default_key_0001`).
- `bare_app`: the ceiling of our stack: a Starlette app with one route that returns constant
  bytes, the same bytes and content type as the simulator's `GET /api/v1/accounts`. The bytes are
  read from the file named by `BENCH_BODY_FILE` (bench_http.py writes the simulator's real
  response there); without it, a JSON body of `BENCH_BODY_SIZE` bytes (default 1945) is used.
- `bare_peers_app`: the same ceiling for bench_peers.py's three routes: `GET /api/v1/accounts`,
  `GET /api/v1/chats/{chat_id}/messages` and `POST /api/v1/users/invite` (201), each returning
  the simulator's bytes read from `BENCH_BODY_FILE`, `BENCH_MESSAGES_FILE` and
  `BENCH_INVITE_FILE`. Constant bytes: it neither reads the request body nor looks at the ids.

`python -m bench.apps --port N` serves `bare_peers_app` on `serve`'s own HTTP protocol
(`simulator.server_protocol`, which writes an answer's head with its body): bench_peers.py's
`bare-serve`, the ceiling of the stack `serve` runs.
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


def bare_peers_app() -> Starlette:
    accounts_body = constant_body()
    with open(os.environ["BENCH_MESSAGES_FILE"], "rb") as handle:
        messages_body = handle.read()
    with open(os.environ["BENCH_INVITE_FILE"], "rb") as handle:
        invite_body = handle.read()

    async def accounts(request: Request) -> Response:
        return Response(accounts_body, media_type="application/json")

    async def messages(request: Request) -> Response:
        return Response(messages_body, media_type="application/json")

    async def invite(request: Request) -> Response:
        return Response(invite_body, status_code=201, media_type="application/json")

    return Starlette(
        routes=[
            Route(ACCOUNTS_PATH, accounts, methods=["GET"]),
            Route("/api/v1/chats/{chat_id}/messages", messages, methods=["GET"]),
            Route("/api/v1/users/invite", invite, methods=["POST"]),
        ]
    )


def main() -> None:
    import argparse

    import uvicorn

    from simulator.server_protocol import GuardedHttpToolsProtocol

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        bare_peers_app(), host="127.0.0.1", port=args.port, loop="uvloop",
        http=GuardedHttpToolsProtocol, access_log=False, log_level="warning",
    )  # fmt: skip


if __name__ == "__main__":
    main()
