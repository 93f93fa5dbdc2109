"""The tracking URLs of sent emails under `/t` (contracts/tracking.yaml): what a mail client
fetches when it shows a tracked email (the pixel) and what a reader follows (a link).

No API key: a mail client has none. The world is named in the URL by its `public_id` (a hash
of its key, which it does not reveal) and the tracking id or link id is the capability.
A GET records the open or click in the world (world/mail_tracking.py) with the client's
address and `User-Agent`, then answers a 1x1 GIF or a 302 to the original URL.
"""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from simulator.api.state_capture import bind_world
from simulator.registry import TenantRegistry
from simulator.world.errors import ApiError
from simulator.world.world import World

# The smallest transparent GIF (43 bytes), as tracking pixels are.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
_NO_CACHE = {"Cache-Control": "no-store, max-age=0"}


def _world(request: Request, token: str) -> World:
    registry: TenantRegistry = request.app.state.registry
    for world in registry.worlds():
        if world.public_id == request.path_params["world_id"] and world.mail.tracking.knows(token):
            bind_world(request.scope, world, registry)
            return world
    raise ApiError("resource_not_found", f"{token!r} is not a tracked email or link")


def _reader(request: Request) -> tuple[str, str]:
    ip = request.client.host if request.client is not None else "127.0.0.1"
    return ip, request.headers.get("user-agent", "")


async def open_pixel(request: Request) -> Response:
    tracking_id = request.path_params["tracking_id"]
    _world(request, tracking_id).mail.tracking.open(tracking_id, *_reader(request))
    return Response(PIXEL, media_type="image/gif", headers=_NO_CACHE)


async def follow_link(request: Request) -> Response:
    link_id = request.path_params["link_id"]
    url = _world(request, link_id).mail.tracking.click(link_id, *_reader(request))
    return RedirectResponse(url, status_code=302, headers=_NO_CACHE)


ROUTES = [
    Route("/{world_id}/o/{tracking_id}", open_pixel, methods=["GET"]),
    Route("/{world_id}/c/{link_id}", follow_link, methods=["GET"]),
]
