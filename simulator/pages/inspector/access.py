"""Who may see and drive a world in the browser: the control plane's rule, with a cookie.

The control plane needs no key for the list of worlds (`/_sim/tenants`) and the world's API
key for everything about one world (`X-API-KEY`). A browser cannot send that header, so the
inspector keeps the key in a cookie instead: signing in (the worlds page's "Open" button, or
pasting a key into the sign-in form) checks the key exactly as `X-API-KEY` is checked, and
sets `unipile_sim_key` (HttpOnly, SameSite=Strict, path /_sim/ui). Every world page then finds
its world from that cookie the way `world_of` finds it from the header: no key or an unknown
key (a dropped world) is a 401 page with the sign-in form.

Forms post only from the inspector's own pages: a POST whose `Origin` is another site's is a
403, and the cookie is never sent by other sites (SameSite=Strict).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.state_capture import bind_world
from simulator.pages.inspector.rendering import (
    PREFIX,
    error_page,
    form_of,
    page,
    redirect,
    refusing_errors,
    text_field,
)
from simulator.registry import TenantRegistry
from simulator.world.errors import ApiError
from simulator.world.world import World

COOKIE = "unipile_sim_key"


class NotSignedIn(Exception):
    """No key in the cookie, or a key no world uses."""


def signed_in_world(request: Request) -> World:
    """The world of the cookie's key, caught up with its clock (as `world_of` does)."""
    registry: TenantRegistry = request.app.state.registry
    world = registry.get(request.cookies.get(COOKIE))
    if world is None:
        raise NotSignedIn()
    bind_world(request.scope, world, registry)  # the console's line names it
    return world


def sign_in_page(request: Request, status: int = 401, problem: str | None = None) -> Response:
    return page(request, "login.html", {"problem": problem, "world": None}, status=status)


def cross_site(request: Request) -> bool:
    """A form posted from another site's page (browsers send `Origin` with every POST)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin == "null"
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] != host


async def show_sign_in(request: Request) -> Response:
    return sign_in_page(request, status=200)


@refusing_errors
async def sign_in(request: Request) -> Response:
    if cross_site(request):
        return forbidden(request)
    form = await form_of(request)
    key = text_field(form, "api_key")
    registry: TenantRegistry = request.app.state.registry
    if key is None:
        return sign_in_page(request, 400, "api_key: paste the API key of a world")
    if registry.get(key) is None:
        return sign_in_page(request, 401, "api_key: no world uses this key")
    response = redirect("/accounts", "Signed in")
    response.set_cookie(
        COOKIE, key, httponly=True, samesite="strict", path=PREFIX, max_age=30 * 86_400
    )
    return response


async def sign_out(request: Request) -> Response:
    response = redirect("", "Signed out")
    response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="strict")
    return response


def forbidden(request: Request) -> Response:
    error = ApiError(
        "insufficient_permissions", "origin: the inspector's forms post from its own pages only"
    )
    return error_page(request, error)


WorldHandler = Callable[[Request, World], Awaitable[Response]]


def world_page(handler: WorldHandler) -> Callable[[Request], Awaitable[Response]]:
    """A page about the signed-in world: the sign-in page when there is none."""

    @wraps(handler)
    async def shown(request: Request) -> Response:
        try:
            world = signed_in_world(request)
        except NotSignedIn:
            return sign_in_page(request)
        try:
            return await handler(request, world)
        except ApiError as error:  # a bad query (an unknown chat, a forged cursor)
            return error_page(request, error, world)

    return shown


def world_action(handler: WorldHandler) -> Callable[[Request], Awaitable[Response]]:
    """A form acting on the signed-in world: its refusal is the page that says why."""

    @wraps(handler)
    async def acted(request: Request) -> Response:
        if cross_site(request):
            return forbidden(request)
        try:
            world = signed_in_world(request)
        except NotSignedIn:
            return sign_in_page(request)
        try:
            return await handler(request, world)
        except ApiError as error:
            return error_page(request, error, world)

    return acted


def open_action(
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """A form of the worlds page, which needs no world (as `/_sim/tenants` needs no key)."""
    guarded = refusing_errors(handler)

    @wraps(handler)
    async def acted(request: Request) -> Response:
        if cross_site(request):
            return forbidden(request)
        return await guarded(request)

    return acted
