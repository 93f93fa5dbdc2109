"""One fast path for JSON: every body the simulator sends is rendered here."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

_JSON = (b"content-type", b"application/json")


class JSONBody(Response):
    """A Starlette response whose headers are built in one step: this runs on every API
    answer, and `Response.init_headers` (a generic header merge) cost more than the JSON."""

    media_type = "application/json"

    def __init__(
        self, content: Any, status_code: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        self.status_code = status_code
        self.background = None
        self.body = orjson.dumps(content)
        self.raw_headers = [(b"content-length", b"%d" % len(self.body)), _JSON]
        if headers:
            self.raw_headers += [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in headers.items()
            ]


def json_response(status: int, content: Any, headers: dict[str, str] | None = None) -> Response:
    return JSONBody(content, status_code=status, headers=headers)
