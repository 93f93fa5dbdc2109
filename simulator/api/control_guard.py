"""The control token: when the server has one, every `/_sim` call (the control plane, the
inspector) must carry it; the API routes keep their own keys.

A script sends it as `X-Control-Token`; a browser signs in once at `/_sim/ui/control-token`
(a form), which keeps it in an HttpOnly cookie for `/_sim`. `/_sim/health` (liveness: version
and number of worlds) stays open for health checks. Without a token (the default on loopback)
nothing changes. `serve` makes one, and prints it, when it listens beyond loopback
without one (cli.py).
"""

from __future__ import annotations

import hmac
import html
from urllib.parse import parse_qs

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.api.state_capture import REPLAYED

HEADER = b"x-control-token"
COOKIE = "unipile_sim_control"
CONTROL_PREFIX = "/_sim"
FORM_PATH = "/_sim/ui/control-token"
HEALTH_PATH = "/_sim/health"  # liveness stays open: a container's health check has no token
_FORM_BYTES = 4096


class ControlGuard:
    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not (path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"))
            or path == HEALTH_PATH
            or scope.get(REPLAYED)  # the state log's own requests were let in when made
        ):
            await self.app(scope, receive, send)
            return
        if path == FORM_PATH and scope["method"] == "POST":
            await self._sign_in(scope, receive, send)
            return
        if self._carried(scope):
            await self.app(scope, receive, send)
            return
        if path.startswith("/_sim/ui") and scope["method"] == "GET":
            await _html(send, 401, _form_page(""))
            return
        await _json(send, 401, path)

    def _carried(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == HEADER:
                return hmac.compare_digest(value, self._token)
            if name == b"cookie":
                for part in value.split(b";"):
                    key, _, cookie = part.strip().partition(b"=")
                    if key == COOKIE.encode() and hmac.compare_digest(cookie, self._token):
                        return True
        return False

    async def _sign_in(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > _FORM_BYTES:
                await _html(send, 413, _form_page("That form is too large."))
                return
            if not message.get("more_body", False):
                break
        given = parse_qs(body.decode("utf-8", "replace")).get("token", [""])[0].strip()
        if not hmac.compare_digest(given.encode(), self._token):
            await _html(send, 401, _form_page("token: not this server's control token"))
            return
        cookie = f"{COOKIE}={given}; Path={CONTROL_PREFIX}; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", b"/_sim/ui"), (b"set-cookie", cookie.encode()),
                            (b"content-length", b"0")],  # fmt: skip
            }
        )
        await send({"type": "http.response.body", "body": b""})


async def _json(send: Send, status: int, path: str) -> None:
    body = orjson.dumps(
        {
            "title": "Missing credentials",
            "type": "errors/missing_credentials",
            "status": status,
            "detail": "X-Control-Token: this server's control plane needs its control token",
            "instance": path,
        }
    )
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _html(send: Send, status: int, page: str) -> None:
    body = page.encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"%d" % len(body)),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _form_page(problem: str) -> str:
    said = f'<p class="problem">{html.escape(problem)}</p>' if problem else ""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<title>unipile-sim: control token</title></head><body>"
        "<h1>This server's control plane is locked</h1>"
        "<p>Enter the control token <code>serve</code> printed (or was given with "
        "<code>--control-token</code>).</p>"
        f"{said}"
        f'<form method=post action="{FORM_PATH}">'
        '<label>Control token <input name=token type=password autocomplete=off required>'
        "</label> <button>Sign in</button></form></body></html>"
    )
