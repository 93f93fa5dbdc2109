"""Replaying state-log records into a server: at start-up (`serve --state-file` on a file that
has worlds) and for `PUT /_sim/state` (one world's export).

Worlds are made, reset and dropped through the registry; requests go through the same ASGI
application as the first time (marked, so no console line, no control token, no fault
latency); webhook attempts take the receivers' recorded answers (webhooks/recorded.py). A
request that waits on deliveries (a clock advance) runs on while the replay reads on to the
answers it waits for. Real clocks stand still during a replay, at each record's world time,
and run again from the last one.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Iterable

from starlette.types import ASGIApp, Message

from simulator.api.recording import body_then
from simulator.api.state_capture import REPLAYED
from simulator.persistence.framing import StateFileError
from simulator.persistence.records import (
    ATTEMPT,
    DROP,
    REQUEST,
    RESET,
    WORLD,
    body_of,
    scenario_of,
)
from simulator.registry import TenantRegistry
from simulator.webhooks.engine import WebhookEngine
from simulator.webhooks.recorded import RecordedAnswer
from simulator.world.world import World

# Loop turns a replayed request may take before the replay reads on (it waits for deliveries).
_TURNS = 200
_ATTEMPT_WAIT_S = 10.0


class Replayer:
    def __init__(
        self, app: ASGIApp, registry: TenantRegistry, engine: WebhookEngine, where: str
    ) -> None:
        self.app = app
        self.registry = registry
        self.engine = engine
        self.where = where
        self._frozen: set[str] = set()  # real-clock worlds held still while replayed
        self._replaying: set[str] = set()
        self._requests: set[asyncio.Task[None]] = set()

    async def replay(self, records: Iterable[dict[str, Any]]) -> int:
        """Apply the records in order; returns how many. A record that cannot be applied is a
        StateFileError naming it."""
        count = 0
        for count, record in enumerate(records, start=1):
            try:
                await self._apply(record)
            except StateFileError:
                raise
            except Exception as error:
                raise StateFileError(
                    f"{self.where}: record {count} ({record.get('t')} of world "
                    f"{record.get('w')!r}) cannot be replayed: {error}"
                ) from error
        return count

    async def finish_live(self) -> None:
        """On the server's own loop: attempts left without an answer are made for real, real
        clocks run again."""
        for key in self._replaying:
            self.engine.end_replay(key)
        self._thaw()

    async def finish_detached(self) -> None:
        """On a loop of the replay's own that is about to end: what still waits (an attempt in
        flight when the server stopped, a request waiting on it) is cancelled; the server's
        loop starts those attempts again."""
        for _ in range(_TURNS):  # let every attempt task started reach its wait
            await asyncio.sleep(0)
        waiting = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in waiting:
            task.cancel()
        await asyncio.gather(*waiting, return_exceptions=True)
        for key in self._replaying:
            self.engine.end_replay(key)
        self.engine.detach()
        self._thaw()

    # -- one record ------------------------------------------------------------------------

    async def _apply(self, record: dict[str, Any]) -> None:
        kind, key = record["t"], record["w"]
        if kind == WORLD:
            if self.registry.get(key) is not None:
                self.registry.drop(key)
            self._replaying.add(key)
            self.engine.begin_replay(key)
            loaded = scenario_of(record)
            self._hold(self.registry.create(loaded, record["seed"], key, record["clock"]))
        elif kind == RESET:
            if self.registry.get(key) is not None:  # a reset request was replayed already
                self._hold(self.registry.reset(key))
        elif kind == DROP:
            if self.registry.get(key) is not None:
                self.registry.drop(key)
        elif kind == REQUEST:
            self._move_clock(self._world(key), record["at"])
            await self._request(record)
        elif kind == ATTEMPT:
            world = self._world(key)
            self._move_clock(world, record["at"])
            answers = self.engine.recorded_answers(world)
            if answers is None:
                raise StateFileError(f"{self.where}: an attempt of world {key!r} out of a replay")
            answer = RecordedAnswer(record["status"], record["error"], record["duration_ms"])
            done = answers.provide(record["delivery"], record["attempt"], answer)
            try:
                await asyncio.wait_for(done.wait(), _ATTEMPT_WAIT_S)
            except TimeoutError:
                raise StateFileError(
                    f"{self.where}: delivery {record['delivery']} attempt {record['attempt']} "
                    "never started: these records do not make the same world here"
                ) from None
        # Unknown kinds are refused by the header's version check; nothing else is written.

    def _world(self, key: str) -> World:
        world = self.registry.get(key)
        if world is None:
            raise StateFileError(f"{self.where}: a record of world {key!r}, which is not there")
        return world

    def _hold(self, world: World) -> None:
        if world.clock.mode == "real":
            world.clock.mode = "frozen"
            self._frozen.add(world.api_key)

    def _move_clock(self, world: World, at_ms: int) -> None:
        """A real clock had moved on between records (a frozen one moves only by requests)."""
        if world.api_key in self._frozen and at_ms > world.now_ms():
            world.advance_to(at_ms)

    def _thaw(self) -> None:
        for key in self._frozen:
            world = self.registry.get(key)
            if world is not None:
                world.clock.mode = "real"
                world.clock.set(world.clock.now_ms())  # runs on from the last record's time
        self._frozen.clear()

    async def _request(self, record: dict[str, Any]) -> None:
        task = asyncio.ensure_future(self._send(record))
        for _ in range(_TURNS):
            if task.done():
                return
            await asyncio.sleep(0)
        self._requests.add(task)  # waiting for deliveries whose answers come next
        task.add_done_callback(self._requests.discard)

    async def _send(self, record: dict[str, Any]) -> None:
        path: str = record["path"]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": record["method"],
            "scheme": "http",
            "path": path,
            "raw_path": path.encode("utf-8"),
            "query_string": record["query"].encode("latin-1"),
            "root_path": "",
            "headers": [(n.encode("latin-1"), v.encode("latin-1")) for n, v in record["headers"]],
            "client": (record.get("client", "127.0.0.1"), 0),
            "server": ("127.0.0.1", 80),
            REPLAYED: True,
        }
        async def never_gone() -> Message:  # a replayed client never goes away
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

        async def send(message: Message) -> None:
            pass

        try:
            await self.app(scope, body_then(body_of(record), never_gone), send)
        except Exception:  # it failed the first time too (and was answered 500 then)
            pass


def run_detached(function: Any) -> Any:
    """Run `function()` (a coroutine function) to the end on a loop of its own: here when no
    loop runs, in a thread when one does (an application built inside a test's loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(function())
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(function())
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="unipile-sim state replay")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
