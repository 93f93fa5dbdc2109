"""One fast path for JSON: every body the simulator sends is rendered here."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JSONBody(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def json_response(status: int, content: Any, headers: dict[str, str] | None = None) -> Response:
    return JSONBody(content, status_code=status, headers=headers)
