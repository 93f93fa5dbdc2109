"""The `serve` console: one line per request, per webhook delivery attempt and per event the
clock fires, as text or as JSON (one object a line).

Lines are gathered and written together at most FLUSH_EVERY_S after the first of them
(`loop.call_later`): a burst of requests costs one write, not one each, and a line is on the
screen within a twentieth of a second. Durations are wall
clock (the console is outside the worlds); instants inside a line are world time.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any, Literal, TextIO

import orjson

from simulator.clock import iso_ms
from simulator.webhooks.log import DeliveryAttempt
from simulator.world.world import World
from simulator.world_watch import FiredEvent

FLUSH_EVERY_S = 0.05
LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")


def world_label(world: World | None) -> tuple[str, str]:
    """(scenario, masked key) of a world: the key's last four characters tell worlds apart."""
    if world is None:
        return "-", "-"
    key = world.api_key
    return world.blueprint.name, ("****" + key[-4:] if len(key) > 8 else "****")


def _js(text: str) -> str:
    """A JSON string literal: most texts need no escaping, and skip the encoder."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return orjson.dumps(text).decode()


class Console:
    def __init__(self, log_format: LogFormat = "text", stream: TextIO | None = None) -> None:
        self.log_format = log_format
        self._stream = stream
        self._lines: list[str] = []
        self._flush_pending = False

    # -- the three kinds of line ----------------------------------------------------------

    def request(
        self, method: str, path: str, status: int, duration_ms: float, world: World | None
    ) -> None:
        scenario, key = world_label(world)
        if self.log_format == "json":  # the most frequent line, written without a dict
            self._write(
                f'{{"kind":"request","method":{_js(method)},"path":{_js(path)},'
                f'"status":{status},"duration_ms":{duration_ms:.3f},"world":{_js(key)},'
                f'"scenario":{_js(scenario)},"ts":{time.time():.3f}}}\n'
            )
        else:
            self._write(f"{method} {path} {status} {duration_ms:.1f}ms world={scenario}/{key}\n")

    def delivery(self, world: World, attempt: DeliveryAttempt) -> None:
        scenario, key = world_label(world)
        answer = str(attempt.status_code) if attempt.status_code is not None else attempt.error
        if self.log_format == "json":
            next_at = attempt.next_attempt_ms
            self._json({"kind": "delivery", "event": attempt.event, "url": attempt.url,
                        "attempt": attempt.attempt, "status_code": attempt.status_code,
                        "error": attempt.error, "outcome": attempt.outcome,
                        "duration_ms": attempt.duration_ms,
                        "next_attempt_at": iso_ms(next_at) if next_at is not None else None,
                        "world": key, "scenario": scenario})  # fmt: skip
            return
        retry = ""
        if attempt.next_attempt_ms is not None:
            retry = f" next={iso_ms(attempt.next_attempt_ms)}"
        self._write(
            f"webhook {attempt.event} -> {attempt.url} {attempt.outcome} ({answer}, attempt "
            f"{attempt.attempt}, {attempt.duration_ms:.1f}ms){retry} world={scenario}/{key}\n"
        )

    def fired(self, world: World, event: FiredEvent) -> None:
        scenario, key = world_label(world)
        if self.log_format == "json":
            self._json({"kind": "event", "event": event.kind, "at": iso_ms(event.at_ms),
                        "details": event.details, "world": key,
                        "scenario": scenario})  # fmt: skip
            return
        details = " ".join(f"{name}={value}" for name, value in event.details.items())
        self._write(
            f"event {event.kind} at={iso_ms(event.at_ms)}{' ' + details if details else ''} "
            f"world={scenario}/{key}\n"
        )

    # -- writing --------------------------------------------------------------------------

    def _json(self, fields: dict[str, Any]) -> None:
        fields["ts"] = round(time.time(), 3)
        self._write(orjson.dumps(fields, default=str).decode() + "\n")

    def _write(self, line: str) -> None:
        self._lines.append(line)
        if self._flush_pending:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on the server's loop (a test thread): write now
            self.flush()
            return
        self._flush_pending = True
        loop.call_later(FLUSH_EVERY_S, self.flush)

    def flush(self) -> None:
        self._flush_pending = False
        if not self._lines:
            return
        text = "".join(self._lines)
        self._lines.clear()
        stream = self._stream or sys.stdout
        stream.write(text)
        stream.flush()
