"""The request journal page: what clients sent to the world, newest first, filterable by method,
path (exact or a `{param}` template) and status as GET /_sim/requests is; each request's
headers (keys masked) and body on its own page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.journal import _METHODS
from simulator.api.control.render import entry_json
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, link, offset_of
from simulator.pages.inspector.rendering import page, redirect
from simulator.world.errors import invalid_parameter, not_found
from simulator.world.world import World


@world_page
async def show_requests(request: Request, world: World) -> Response:
    params = request.query_params
    method = params.get("method") or None
    path = params.get("path") or None
    raw_status = params.get("status") or None
    if method is not None and method not in _METHODS:
        raise invalid_parameter("method", f"must be one of {', '.join(_METHODS)}")
    if path is not None and not path.startswith("/"):
        raise invalid_parameter("path", "must start with / (a full path or a {param} template)")
    status = None
    if raw_status is not None:
        if not raw_status.isascii() or not raw_status.isdigit() or len(raw_status) != 3:
            raise invalid_parameter("status", f"expected an HTTP status, got {raw_status!r}")
        status = int(raw_status)
    start = offset_of(request)
    entries, total = world.journal.newest_first(start, PAGE_SIZE, method, path, status)
    filters = {"method": method, "path": path, "status": raw_status}
    return page(
        request,
        "requests.html",
        {
            "world": world,
            "entries": entries,
            "total": total,
            "dropped": world.journal.dropped,
            "methods": _METHODS,
            "filters": filters,
            "next": link("/requests", **filters, **{"from": start + PAGE_SIZE})
            if start + PAGE_SIZE < total else None,
            "first": link("/requests", **filters) if start else None,
        },
    )  # fmt: skip


@world_page
async def show_request(request: Request, world: World) -> Response:
    raw = request.path_params["seq"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 15:
        raise invalid_parameter("seq", f"expected a request number, got {raw!r}")
    seq = int(raw)
    found = world.journal.entry(seq)
    if found is None:
        raise not_found(f"Request {seq} (cleared, or pushed out of the journal)")
    return page(request, "request.html", {"world": world, "entry": entry_json(found)})


@world_action
async def clear_requests(request: Request, world: World) -> Response:
    """As DELETE /_sim/requests."""
    cleared = world.journal.clear()
    return redirect("/requests", f"Cleared {cleared} requests")
