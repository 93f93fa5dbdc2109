"""Pages of the inspector's lists: each list resumes after a sort key (as the API's lists do,
api/pagination.py's tamper-evident cursors) or, for lists kept in arrival order, at an offset.
A page holds PAGE_SIZE rows, so a world of any size renders in the time of one page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.pages.inspector.rendering import PREFIX
from simulator.world.errors import invalid_parameter

PAGE_SIZE = 50


def after_of(request: Request, param: str, list_name: str) -> Any:
    """The sort key the page resumes after; None for the first page."""
    cursor = request.query_params.get(param)
    if not cursor:
        return None
    return decode_cursor(cursor, list_name)[1]


def offset_of(request: Request, param: str = "from") -> int:
    raw = request.query_params.get(param, "0")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise invalid_parameter(param, f"expected a row number, got {raw!r}")
    return int(raw)


def link(page: str, /, **query: Any) -> str:
    """`page` is positional only: a query parameter may be called `path` (the journal's)."""
    params = {name: value for name, value in query.items() if value not in (None, "")}
    return PREFIX + page + ("?" + urlencode(params) if params else "")


def cursor_links(
    request: Request, page: str, list_name: str, after: Any, /, **query: Any
) -> dict[str, str | None]:
    """A cursor-paged list's `next` link (None on the last page) and its `first` one (None on
    the first page); the cursor travels as `after`."""
    return {
        "next": next_link(page, "after", list_name, after, **query),
        "first": link(page, **query) if "after" in request.query_params else None,
    }


def next_link(page: str, param: str, list_name: str, after: Any, /, **query: Any) -> str | None:
    """The next page's link, or None on the last page."""
    if after is None:
        return None
    return link(page, **query, **{param: encode_cursor(list_name, PAGE_SIZE, after)})
