"""Opaque base64 cursors (§1.3): they carry the list's name, the limit and where to resume.

A check digest, keyed by the installation's secret (simulator/installation.py), makes them
tamper-evident: a hand-made cursor could carry a position of the wrong type (a 500 deep in an
index) or any limit; only a cursor a list returned is read, and its limit is checked again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import orjson

from simulator.installation import signing_secret
from simulator.world.errors import invalid_parameter

MAX_LIMIT = 1000  # the widest page any list serves


def _check(fields: dict[str, Any]) -> str:
    canonical = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(canonical, digest_size=8, key=signing_secret()).hexdigest()


def encode_cursor(list_name: str, limit: int, after: Any) -> str:
    fields = {"list": list_name, "limit": limit, "after": after}
    # Round-trip first, so the check covers `after` as decode will see it (tuples become lists).
    fields = orjson.loads(orjson.dumps(fields))
    payload = orjson.dumps({**fields, "check": _check(fields)})
    return base64.urlsafe_b64encode(payload).decode("ascii")


def decode_cursor(cursor: str, list_name: str) -> tuple[int, Any]:
    """Returns (limit, after). A cursor from another list or a forged one is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        check = decoded.pop("check")
        if check != _check(decoded) or decoded["list"] != list_name:
            raise ValueError("cursor of another list, or not made here")
        limit = decoded["limit"]
        if type(limit) is not int or not 1 <= limit <= MAX_LIMIT:
            raise ValueError("a limit no list serves")
        return limit, _thaw(decoded["after"])
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, UnicodeEncodeError):
        raise invalid_parameter("cursor", "not a cursor returned by this list") from None


def decode_context_cursor(cursor: str, list_name: str, context: list[Any]) -> tuple[int, Any]:
    """(limit, position) of a cursor made as `encode_cursor(list_name, limit, [context,
    position])` for this same context (the account, the filters a page was asked with): one of
    another context is a 400, as one of another list is."""
    limit, after = decode_cursor(cursor, list_name)
    if not isinstance(after, tuple) or len(after) != 2 or after[0] != _as_json(context):
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return limit, after[1]


def _as_json(value: Any) -> Any:
    """`value` as a cursor gives it back: its tuples (sorted filter items) become lists."""
    return orjson.loads(orjson.dumps(value))


def _thaw(after: Any) -> Any:
    """JSON turns tuple sort keys into lists; indexes compare tuples."""
    return tuple(after) if isinstance(after, list) else after


def list_body(object_name: str, items: list[Any], cursor: str | None) -> dict[str, Any]:
    return {"object": object_name, "items": items, "cursor": cursor}
