"""What every answer of the reliability suites must satisfy, whatever the request was."""

from __future__ import annotations

from typing import Any

# The one 4xx without a `detail`: the live API's exact answer to a missing or unknown key
# (reference §1.5), which the simulator reproduces byte for byte.
MISSING_CREDENTIALS = {
    "status": 401,
    "type": "errors/missing_credentials",
    "title": "Missing credentials",
}


def check_answer(status: int, content_type: str | None, body: Any, where: str) -> None:
    """No 5xx; a 4xx is the error envelope `{title, type, status, detail}` with a detail."""
    assert status < 500, f"server error: {where}"
    if status < 400:
        return
    assert content_type == "application/json", f"error without a JSON body: {where}"
    assert isinstance(body, dict), f"error body is not an object: {where}"
    if body == MISSING_CREDENTIALS:
        return
    assert body.get("status") == status, f"envelope status differs from the HTTP one: {where}"
    assert isinstance(body.get("title"), str) and body["title"], f"no title: {where}"
    assert isinstance(body.get("type"), str) and body["type"].startswith("errors/"), (
        f"no errors/ type: {where}"
    )
    assert isinstance(body.get("detail"), str) and body["detail"], f"no detail: {where}"


def usage_crossed(sent_before: int, weekly_cap: int | None) -> int | None:
    """The `usage` a send reports: the highest of 50/75/90/95 % of the weekly cap it crossed."""
    if not weekly_cap:
        return None
    crossed = [
        landing
        for landing in (50, 75, 90, 95)
        if sent_before * 100 < landing * weekly_cap <= (sent_before + 1) * 100
    ]
    return crossed[-1] if crossed else None
