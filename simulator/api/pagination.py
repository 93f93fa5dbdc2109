"""Opaque base64 cursors (§1.3): they carry the list's name, the limit and where to resume."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from simulator.world.errors import invalid_parameter


def encode_cursor(list_name: str, limit: int, after: Any) -> str:
    payload = orjson.dumps({"list": list_name, "limit": limit, "after": after})
    return base64.urlsafe_b64encode(payload).decode("ascii")


def decode_cursor(cursor: str, list_name: str) -> tuple[int, Any]:
    """Returns (limit, after). A cursor from another list or a forged one is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if decoded["list"] != list_name or not isinstance(decoded["limit"], int):
            raise ValueError("cursor of another list")
        return decoded["limit"], _thaw(decoded["after"])
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeEncodeError):
        raise invalid_parameter("cursor", "not a cursor returned by this list") from None


def _thaw(after: Any) -> Any:
    """JSON turns tuple sort keys into lists; indexes compare tuples."""
    return tuple(after) if isinstance(after, list) else after


def list_body(object_name: str, items: list[Any], cursor: str | None) -> dict[str, Any]:
    return {"object": object_name, "items": items, "cursor": cursor}
