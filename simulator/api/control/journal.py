"""/_sim/requests: read and clear the request journal of a world."""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.tenancy import world_of
from simulator.clock import iso_ms
from simulator.world.errors import invalid_parameter
from simulator.world.journal import JournalEntry

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


_SECRET_HEADERS = frozenset({"x-api-key", "authorization"})


def masked(name: str, value: str) -> str:
    """Keep the last four characters of a secret: enough to tell keys apart, not to reuse."""
    if name in _SECRET_HEADERS:
        return "****" + value[-4:] if len(value) > 8 else "****"
    return value


def entry_json(entry: JournalEntry) -> dict:
    headers: dict[str, str] = {}
    for raw_name, raw_value in entry.raw_headers:
        name = raw_name.decode("latin-1").lower()
        headers[name] = masked(name, raw_value.decode("latin-1"))
    return {
        "object": "JournalEntry",
        "seq": entry.seq,
        "at": iso_ms(entry.at_ms),
        "method": entry.method,
        "path": entry.path,
        "query": parse_qs(entry.query_string.decode("latin-1"), keep_blank_values=True),
        "headers": headers,
        "body": entry.body.decode("utf-8", "replace") if entry.body else None,
        "status": entry.status,
    }


async def list_requests(request: Request) -> Response:
    query = Query(request, ("method", "path", "status", "since_seq"))
    world = world_of(request)
    path = query.text("path")
    if path is not None and not path.startswith("/"):
        raise invalid_parameter("path", "must start with / (a full path or a {param} template)")
    entries = world.journal.find(
        method=query.choice("method", _METHODS),
        path=path,
        status=query.integer("status", 0, 100, 599) if query.has("status") else None,
        since_seq=query.integer("since_seq", 0, 0, 2**53) if query.has("since_seq") else None,
    )
    return json_response(
        200,
        {
            "object": "JournalEntryList",
            "items": [entry_json(entry) for entry in entries],
            "count": len(entries),
            "dropped": world.journal.dropped,
        },
    )


async def clear_requests(request: Request) -> Response:
    Query(request, ())
    world = world_of(request)
    return json_response(200, {"object": "JournalCleared", "cleared": world.journal.clear()})
