"""The records of the state log, made from what the server saw and read back for replay.

- `world`: a world made (its key, scenario, seed and clock mode);
- `reset` / `drop`: a world rebuilt from its scenario, or gone;
- `request`: a request that may change a world, as it arrived, with the world's time when it
  began (a real clock does not stop for a replay);
- `attempt`: what a webhook receiver answered one delivery attempt (the one input from outside).
"""

from __future__ import annotations

import base64
from typing import Any, Iterable, Sequence

from simulator.clock import ClockMode
from simulator.scenario.loaded import LoadedScenario

WORLD, RESET, DROP, REQUEST, ATTEMPT = "world", "reset", "drop", "request", "attempt"


def world_record(
    api_key: str, loaded: LoadedScenario, seed: int | None, clock: ClockMode | None
) -> dict[str, Any]:
    return {
        "t": WORLD,
        "w": api_key,
        "scenario": loaded.summary().document,
        "source": loaded.source,
        "seed": seed,
        "clock": clock,
    }


def scenario_of(record: dict[str, Any]) -> LoadedScenario:
    from simulator.scenario.loader import loaded_scenario
    from simulator.scenario.schema import Scenario

    return loaded_scenario(Scenario.model_validate(record["scenario"]), record["source"])


# What a request's record is made of, as the server gave it: the key, the time, the method, the
# path, the raw query, the raw headers, the client's address and the body.
RequestParts = tuple[str, int, str, str, bytes, Sequence[tuple[bytes, bytes]], str, bytes]


def request_parts(api_key: str, at_ms: int, scope: dict[str, Any], body: bytes) -> RequestParts:
    return (
        api_key,
        at_ms,
        scope["method"],
        scope["path"],
        scope["query_string"],
        scope["headers"],  # marshalled or made into the record at once: no copy needed
        (scope.get("client") or ("127.0.0.1", 0))[0],
        body,
    )


def request_record_of(
    api_key: str,
    at_ms: int,
    method: str,
    path: str,
    query_string: bytes,
    raw_headers: Sequence[tuple[bytes, bytes]],
    client: str,
    body: bytes,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "t": REQUEST,
        "w": api_key,
        "at": at_ms,
        "method": method,
        "path": path,
        "query": query_string.decode("latin-1"),
        "headers": [[name.decode("latin-1"), value.decode("latin-1")]
                    for name, value in raw_headers],
        "client": client,
    }  # fmt: skip
    if body:
        try:
            record["body"] = body.decode("utf-8")
        except UnicodeDecodeError:
            record["body64"] = base64.b64encode(body).decode("ascii")
    return record


def body_of(record: dict[str, Any]) -> bytes:
    if "body64" in record:
        return base64.b64decode(record["body64"])
    return str(record.get("body", "")).encode("utf-8")


def attempt_record(
    api_key: str,
    at_ms: int,
    delivery_id: str,
    attempt: int,
    status_code: int | None,
    error: str | None,
    duration_ms: float,
) -> dict[str, Any]:
    return {
        "t": ATTEMPT,
        "w": api_key,
        "at": at_ms,
        "delivery": delivery_id,
        "attempt": attempt,
        "status": status_code,
        "error": error,
        "duration_ms": duration_ms,
    }


def world_history(records: Iterable[dict[str, Any]], api_key: str) -> list[dict[str, Any]]:
    """What makes the world of `api_key` as it is now: its `world` record and every record of
    it since it was made or last reset. Empty when no such world is alive."""
    history: list[dict[str, Any]] = []
    for record in records:
        if record.get("w") != api_key:
            continue
        kind = record["t"]
        if kind == WORLD:
            history = [record]
        elif kind == RESET and history:
            history = history[:1]
        elif kind == DROP:
            history = []
        elif history:
            history.append(record)
    return history


def live_keys(records: Iterable[dict[str, Any]]) -> list[str]:
    """The keys of the worlds alive at the end of the records, in the order they were made."""
    alive: dict[str, None] = {}
    for record in records:
        if record["t"] == WORLD:
            alive.pop(record["w"], None)
            alive[record["w"]] = None
        elif record["t"] == DROP:
            alive.pop(record["w"], None)
    return list(alive)
