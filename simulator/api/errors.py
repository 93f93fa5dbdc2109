"""Renders every error as the Unipile envelope `{title, type, status, detail?, instance?}`."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Scope

from simulator.api.responses import json_response
from simulator.world.errors import ApiError

log = logging.getLogger("simulator")

# The live API answers a bad or missing key with exactly this body (reference §1.5).
MISSING_CREDENTIALS = {
    "status": 401,
    "type": "errors/missing_credentials",
    "title": "Missing credentials",
}


class MissingCredentials(ApiError):
    """No key, or a key no world uses: always the exact live body, nothing added."""

    def __init__(self) -> None:
        super().__init__("missing_credentials")


def envelope(error: ApiError, instance: str | None) -> dict:
    body: dict = {"title": error.error.title, "type": error.error.type, "status": error.status}
    if error.detail is not None:
        body["detail"] = error.detail
    if instance is not None:
        body["instance"] = instance
    return body


def error_response(error: ApiError, instance: str | None = None) -> Response:
    if isinstance(error, MissingCredentials):
        return json_response(401, MISSING_CREDENTIALS)
    return json_response(error.status, envelope(error, instance))


async def on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc, request.url.path)


async def on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        error = ApiError("method_not_allowed", f"{request.method} is not served on this path")
        headers = {"Allow": ", ".join(allowed_methods(request))}
        return json_response(405, envelope(error, request.url.path), headers=headers)
    # A documented operation not simulated yet says so, rather than pass for a client's typo.
    asked = f"{request.method} {request.url.path}"
    detail = f"no route for {asked}"
    from simulator.coverage import load_ledger  # the ledger and PyYAML: only on a 404

    documented = load_ledger().find(request.method, request.url.path)
    if documented is not None and not documented.placement.served:
        detail = (
            f"{asked} is Unipile's {documented.operation.operation_id}, not simulated yet"
            " (see the coverage table in the README)"
        )
    error = ApiError("resource_not_found", detail)
    return error_response(error, request.url.path)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method served on the request's path, whichever route serves it.

    Starlette's own `Allow` names only the methods of the first route matching the path, so a
    path served by two routes (GET in one, DELETE in the other) would advertise half of them.
    """
    top: Scope = {
        "type": "http",
        "path": request.scope["path"],
        "root_path": request.scope.get("app_root_path", ""),
    }
    return [m for m in _METHODS if _serves({**top, "method": m}, request.app.routes)]


def _serves(scope: Scope, routes: list[BaseRoute]) -> bool:
    for route in routes:
        match, child_scope = route.matches(scope)
        if match is Match.FULL:
            if isinstance(route, Mount):
                return _serves({**scope, **child_scope}, route.routes)
            return True
    return False


async def on_unexpected(request: Request, exc: Exception) -> Response:
    """A bug, not a client error: still answered in the envelope, and logged loudly."""
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    error = ApiError("unexpected_error", f"{type(exc).__name__}: {exc}")
    if not getattr(exc, "injected", False):
        note_failure(request.scope, error.detail or "")
    return error_response(error, request.url.path)


def note_failure(scope: Scope, detail: str) -> None:
    """Keep the failure on the world that received the request (`GET /_sim/failures`)."""
    world = scope.get("state", {}).get("world")
    if world is not None:
        world.journal.note_failure(world.now_ms(), scope["method"], scope["path"], detail)


EXCEPTION_HANDLERS = {
    ApiError: on_api_error,
    HTTPException: on_http_exception,
    Exception: on_unexpected,
}
