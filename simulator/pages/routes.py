"""The hosted-auth wizard under `/hosted` (contracts/pages.yaml): HTML pages, no API key.

The session id in the URL is the capability: it finds its world among all the worlds served.
Every POST acts through one `world.hosted` call and answers 303 back to `GET /{session_id}`
(POST-redirect-GET), carrying an error's catalog name in the query string; the GET renders the
page the session is at (`steps.current_step`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from simulator.api.forms import read_form
from simulator.api.state_capture import bind_world
from simulator.pages import steps
from simulator.pages.forms import login_attempt, offered_method
from simulator.registry import TenantRegistry
from simulator.world.auth import TRY_ANOTHER_WAY
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.hosted import HostedSession
from simulator.world.world import World

if TYPE_CHECKING:
    from starlette.templating import Jinja2Templates

_HERE = Path(__file__).resolve().parent
STATIC_DIR = _HERE / "static"
@cache
def templates() -> Jinja2Templates:
    """Made on the first page shown: jinja2 is not needed to serve the API."""
    import jinja2
    from starlette.templating import Jinja2Templates

    return Jinja2Templates(
        env=jinja2.Environment(
            loader=jinja2.FileSystemLoader(_HERE / "templates"),
            autoescape=True,  # every value, names from Faker included, is escaped
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


# No external assets, no framing (reference §3: the wizard must not run in an iframe).
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
_STATIC_TYPES = {".css": "text/css"}
_CHECKPOINT_ACTIONS = ("solve", "approve", "resend", "another_way", "start_over")


async def show_step(request: Request) -> Response:
    located = _locate(request)
    if located is None:
        return _not_found(request)
    world, session = located
    step = steps.current_step(world, session, request.query_params)
    if isinstance(step, steps.Redirect):
        return RedirectResponse(step.url, status_code=303, headers=_PAGE_HEADERS)
    return templates().TemplateResponse(
        request, step.template, step.context, status_code=step.status, headers=_PAGE_HEADERS
    )


async def submit_login(request: Request) -> Response:
    located = _locate(request)
    if located is None:
        return _not_found(request)
    world, session = located
    form = await _form(request)
    provider = steps.offered_provider(session, form.get("provider"))
    method = offered_method(session, provider, form.get("method")) if provider else None
    back = {"provider": provider, "method": method.key if method else None}
    try:
        if provider is None:
            raise invalid_parameter("provider", "choose one of the providers this link offers")
        if method is None:
            raise invalid_parameter("method", f"this link offers no such way into {provider}")
        world.hosted.start_login(session.id, login_attempt(session, provider, method, form))
    except ApiError as error:
        return _back(request, session, back | _error_query(error))
    return _back(request, session)


async def submit_checkpoint(request: Request) -> Response:
    located = _locate(request)
    if located is None:
        return _not_found(request)
    world, session = located
    form = await _form(request)
    action = form.get("action", "solve")
    notice = None
    try:
        if action == "solve":
            code = form.get("code", "").strip()
            if not code:
                raise ApiError("missing_parameters", "code: required")
            world.hosted.solve(session.id, code)
        elif action == "approve":
            world.hosted.approve(session.id, form.get("phone_number", "").strip() or None)
        elif action == "resend":
            world.hosted.resend(session.id)
            notice = "code_sent"
        elif action == "another_way":
            world.hosted.solve(session.id, TRY_ANOTHER_WAY)
        elif action == "start_over":
            world.hosted.start_over(session.id)
        else:
            raise invalid_parameter("action", f"must be one of {', '.join(_CHECKPOINT_ACTIONS)}")
    except ApiError as error:
        return _back(request, session, _error_query(error))
    return _back(request, session, {"notice": notice})


async def cancel(request: Request) -> Response:
    located = _locate(request)
    if located is None:
        return _not_found(request)
    world, session = located
    try:
        world.hosted.cancel(session.id)
    except ApiError as error:  # already over: the page shows how it ended
        return _back(request, session, _error_query(error))
    return _back(request, session)


async def static_file(request: Request) -> Response:
    name = request.path_params["name"]
    path = STATIC_DIR / name
    media_type = _STATIC_TYPES.get(path.suffix)
    if media_type is None or path.parent != STATIC_DIR or not path.is_file():
        return HTMLResponse("<!doctype html><title>Not found</title>Not found", 404)
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "max-age=300"})


ROUTES = [
    Route("/static/{name}", static_file, methods=["GET"], name="static"),
    Route("/{session_id}", show_step, methods=["GET"], name="step"),
    Route("/{session_id}/login", submit_login, methods=["POST"], name="login"),
    Route("/{session_id}/checkpoint", submit_checkpoint, methods=["POST"], name="checkpoint"),
    Route("/{session_id}/cancel", cancel, methods=["POST"], name="cancel"),
]


# -- helpers ----------------------------------------------------------------------------------


def _locate(request: Request) -> tuple[World, HostedSession] | None:
    """The world holding the session of the URL (ids are unique across live worlds)."""
    session_id = request.path_params["session_id"]
    registry: TenantRegistry = request.app.state.registry
    for world in registry.worlds():
        if world.hosted.find(session_id) is not None:
            # A real-clock world may have passed expiresOn: caught up here.
            bind_world(request.scope, world, registry)
            session = world.hosted.find(session_id)
            assert session is not None
            return world, session
    return None


async def _form(request: Request) -> FormData:
    """The posted fields; a body that is not a form reads as an empty form."""
    try:
        return await read_form(request)
    except ApiError:  # a malformed multipart body: the page asks again
        return FormData()


def _error_query(error: ApiError) -> dict[str, str | None]:
    return {"error": error.error.name, "field": steps.error_field(error)}


def _back(
    request: Request, session: HostedSession, query: dict[str, str | None] | None = None
) -> Response:
    url = str(request.url_for("hosted:step", session_id=session.id))
    params = {key: value for key, value in (query or {}).items() if value is not None}
    if params:
        url += "?" + urlencode(params)
    return RedirectResponse(url, status_code=303, headers=_PAGE_HEADERS)


def _not_found(request: Request) -> Response:
    return templates().TemplateResponse(
        request, "not_found.html", {}, status_code=404, headers=_PAGE_HEADERS
    )
