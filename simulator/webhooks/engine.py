"""The delivery engine: turns world events into HTTP POSTs, retries failures on the world's clock.

- Each world's bus is subscribed to when the world is made (`TenantRegistry.on_world_created`).
  An event is matched against the world's webhooks at once, so a webhook made later never gets
  an earlier event, and the payload is built once per webhook.
- Deliveries wait in one lane per webhook (and per notify URL): a lane sends one delivery at a
  time, so a receiver sees events in the order they happened, and a delivery waiting for a
  retry holds the ones behind it.
- The first attempt starts at once, as an asyncio task on the server's loop, whatever the clock
  mode: it never blocks the request that caused it. Success is any 2xx.
- A failed attempt (non-2xx, timeout, refused connection) is retried up to
  `len(policy.retry_delays_s)` times. Retry k is due `retry_delays_s[k-1]` of world time after
  the attempt before it was due, and is scheduled on the world's queue: a frozen clock fires it
  when advanced, a real clock when the time comes. A retry that fell due while the previous
  attempt was still in flight starts as soon as that attempt ends.
- A webhook deleted (or disabled) before an attempt gets nothing more; a world reset or dropped
  gets nothing more either: its lanes are closed and in-flight answers are ignored.
- What the control plane reports waits for the world's attempts in flight (`settle`), and the
  clock advances one due instant at a time, settling in between: every attempt is recorded at
  its world time, and the retries it schedules are on the queue before the clock moves past
  them, whatever the receiver's speed. The same scenario, seed and requests give the same
  clock, fired events and delivery log.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from simulator.persistence.records import attempt_record
from simulator.registry import TenantRegistry
from simulator.webhooks.log import DEFAULT_CAPACITY, DeliveryLog
from simulator.webhooks.payloads import build_payload, encode_body
from simulator.webhooks.recorded import LIVE, RecordedAnswer, RecordedAnswers
from simulator.webhooks.transport import DeliveryFailed, HttpTransport
from simulator.world.events import WorldEvent
from simulator.world.world import World

log = logging.getLogger("simulator.webhooks")

# 1 min, 5 min, 15 min, 1 h, 4 h of world time: five retries, as Unipile documents (§7.2).
DEFAULT_RETRY_DELAYS_S: tuple[float, ...] = (60, 300, 900, 3600, 14400)
DEFAULT_TIMEOUT_S = 30.0
_JSON = "application/json"
# Framing headers belong to the HTTP client: a webhook's own values would corrupt the request.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "host", "connection"})


@dataclass(frozen=True)
class DeliveryPolicy:
    timeout_s: float = DEFAULT_TIMEOUT_S
    retry_delays_s: tuple[float, ...] = DEFAULT_RETRY_DELAYS_S
    log_capacity: int = DEFAULT_CAPACITY


@dataclass(slots=True)
class Delivery:
    """One payload on its way to one URL, through all its attempts."""

    id: str
    kind: str  # "webhook" or "notify_url"
    webhook_id: str | None
    event: str
    url: str
    headers: dict[str, str]
    body: bytes
    payload: dict[str, Any]
    due_ms: int  # world time the next attempt is due
    attempts: int = 0


@dataclass(slots=True)
class Lane:
    key: str
    pending: deque[Delivery] = field(default_factory=deque)
    busy: bool = False  # the head delivery is in flight or waiting for its retry


class WorldDeliveries:
    """The deliveries of one world: its lanes and its log. Closed when the world goes away."""

    def __init__(self, world: World, log_capacity: int) -> None:
        self.world = world
        self.log = DeliveryLog(log_capacity)
        self.lanes: dict[str, Lane] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.open = True
        self._next_id = 0
        # While the world is replayed from the state log: the receivers' recorded answers.
        self.replay: RecordedAnswers | None = None

    def new_delivery_id(self) -> str:
        self._next_id += 1
        return f"dlv_{self._next_id:06d}"

    def lane(self, key: str) -> Lane:
        lane = self.lanes.get(key)
        if lane is None:
            lane = self.lanes[key] = Lane(key)
        return lane

    def halt(self) -> None:
        """Drop what is queued and in flight (the server is stopping)."""
        self.lanes.clear()
        for task in list(self.tasks):
            task.cancel()

    def close(self) -> None:
        """The world is gone: nothing more, ever."""
        self.open = False
        self.halt()


class WebhookEngine:
    def __init__(
        self,
        registry: TenantRegistry,
        policy: DeliveryPolicy | None = None,
        transport: HttpTransport | None = None,
    ) -> None:
        self._registry = registry
        self.policy = policy or DeliveryPolicy()  # read per attempt: tests may swap it
        self._transport = transport or HttpTransport()
        self._states: dict[str, WorldDeliveries] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._replays: dict[str, RecordedAnswers] = {}

    # -- lifecycle -------------------------------------------------------------------------

    def attach(self, world: World) -> None:
        """Hook for `TenantRegistry.on_world_created`: a new or reset world."""
        previous = self._states.get(world.api_key)
        if previous is not None:
            previous.close()
        self._forget_dropped_worlds()
        state = WorldDeliveries(world, self.policy.log_capacity)
        state.replay = self._replays.get(world.api_key)
        self._states[world.api_key] = state
        world.bus.subscribe(lambda event: self._on_event(state, event))

    def release(self, _api_key: str) -> None:
        """Hook for `TenantRegistry.on_world_released`: let go of dropped and replaced worlds
        now, so that nothing here keeps them alive."""
        self._forget_dropped_worlds()

    async def start(self) -> None:
        """Bind to the server's loop; deliveries published before it start now."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        for state in list(self._states.values()):
            for lane in list(state.lanes.values()):
                if lane.pending and not lane.busy:
                    self._begin(state, lane)

    async def stop(self) -> None:
        """The server is stopping: drop what is in flight; the worlds and logs stay."""
        for state in self._states.values():
            state.halt()
        await self._transport.close()
        self._loop = None
        self._loop_thread = None

    def detach(self) -> None:
        """Let go of a loop that is ending (a replay's own) without dropping any lane: the
        server's loop starts them again (`start`)."""
        self._loop = None
        self._loop_thread = None

    def begin_replay(self, api_key: str) -> RecordedAnswers:
        """From now on the world of `api_key` (and a reset of it) takes recorded answers."""
        answers = self._replays[api_key] = RecordedAnswers()
        state = self._states.get(api_key)
        if state is not None:
            state.replay = answers
        return answers

    def recorded_answers(self, world: World) -> RecordedAnswers | None:
        state = self._states.get(world.api_key)
        return state.replay if state is not None and state.world is world else None

    def end_replay(self, api_key: str) -> None:
        """Attempts still waiting for an answer are made for real."""
        answers = self._replays.pop(api_key, None)
        state = self._states.get(api_key)
        if state is not None:
            state.replay = None
        if answers is not None:
            answers.go_live()

    # -- public entry points ---------------------------------------------------------------

    async def settle(self, world: World) -> None:
        """Return once none of the world's attempts is in flight (each one that ends may start
        the next of its lane: waited for too)."""
        state = self._states.get(world.api_key)
        if state is None or state.world is not world:
            return
        while state.tasks:
            await asyncio.gather(*list(state.tasks), return_exceptions=True)

    def log_of(self, world: World) -> DeliveryLog | None:
        state = self._states.get(world.api_key)
        return state.log if state is not None and state.world is world else None

    def notify(self, world: World, url: str, body: dict[str, Any]) -> None:
        """POST a hosted-auth `notify_url` callback: a flat JSON body, no webhook headers,
        the same lanes, retries and log as webhooks (event name `notify_url`)."""
        state = self._states.get(world.api_key)
        if state is None or state.world is not world:
            return
        delivery = Delivery(
            id=state.new_delivery_id(),
            kind="notify_url",
            webhook_id=None,
            event="notify_url",
            url=url,
            headers={"Content-Type": _JSON},
            body=encode_body(body, "json")[0],
            payload=body,
            due_ms=world.now_ms(),
        )
        self._in_loop(self._enqueue, state, f"notify:{url}", delivery)

    # -- from event to lane ----------------------------------------------------------------

    def _on_event(self, state: WorldDeliveries, event: WorldEvent) -> None:
        self._in_loop(self._dispatch, state, event)

    def _dispatch(self, state: WorldDeliveries, event: WorldEvent) -> None:
        if not state.open:
            return
        for webhook in state.world.webhooks.matching(event):
            payload = build_payload(webhook, event)
            body, content_type = encode_body(payload, webhook.format)
            headers = {} if content_type is None else {"Content-Type": content_type}
            headers.update(
                (pair.key, pair.value)
                for pair in webhook.headers
                if pair.key.lower() not in _FRAMING_HEADERS
            )
            delivery = Delivery(
                id=state.new_delivery_id(),
                kind="webhook",
                webhook_id=webhook.id,
                event=event.name,
                url=webhook.request_url,
                headers=headers,
                body=body,
                payload=payload,
                due_ms=event.at_ms,
            )
            self._enqueue(state, webhook.id, delivery)

    def _enqueue(self, state: WorldDeliveries, lane_key: str, delivery: Delivery) -> None:
        if not state.open:
            return
        lane = state.lane(lane_key)
        lane.pending.append(delivery)
        if not lane.busy:
            self._begin(state, lane)

    def _begin(self, state: WorldDeliveries, lane: Lane) -> None:
        """Attempt the lane's head delivery now (once the server's loop runs)."""
        if self._loop is None or not lane.pending:
            return
        lane.busy = True
        task = self._loop.create_task(self._attempt(state, lane, lane.pending[0]))
        state.tasks.add(task)
        task.add_done_callback(state.tasks.discard)

    # -- one attempt -----------------------------------------------------------------------

    async def _attempt(self, state: WorldDeliveries, lane: Lane, delivery: Delivery) -> None:
        attempt = delivery.attempts + 1
        replay = state.replay
        try:
            await self._attempt_once(state, lane, delivery, attempt)
        finally:
            if replay is not None:
                replay.used(delivery.id, attempt)

    async def _attempt_once(
        self, state: WorldDeliveries, lane: Lane, delivery: Delivery, attempt: int
    ) -> None:
        if not self._still_wanted(state, delivery):
            state.lanes.pop(lane.key, None)  # everything queued there is for the same target
            return
        recorded = LIVE
        if state.replay is not None:
            try:
                recorded = await state.replay.answer(delivery.id, attempt)
            except asyncio.CancelledError:  # the replay ended first: the lane starts it again
                lane.busy = False
                raise
        policy = self.policy
        delivery.attempts = attempt
        status_code: int | None = None
        error: str | None = None
        started = time.perf_counter()
        if isinstance(recorded, RecordedAnswer):
            status_code, error = recorded.status_code, recorded.error
        else:
            try:
                status_code = await self._transport.post(
                    delivery.url, delivery.body, delivery.headers, policy.timeout_s
                )
            except DeliveryFailed as failure:
                error = str(failure)
            except Exception as unexpected:  # a bug must not stall the lane
                log.exception("delivery %s to %s failed unexpectedly", delivery.id, delivery.url)
                error = f"{type(unexpected).__name__}: {unexpected}"
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        if isinstance(recorded, RecordedAnswer):
            duration_ms = recorded.duration_ms
        if not self._alive(state):
            return  # the world was reset or dropped meanwhile: it has moved on
        world = state.world
        if self._registry.state_log is not None:
            self._registry.state_log.append(
                attempt_record(
                    world.api_key, world.now_ms(), delivery.id, attempt, status_code, error,
                    duration_ms,
                )
            )  # fmt: skip

        attempted_at = delivery.due_ms
        next_due: int | None = None
        if status_code is not None and 200 <= status_code < 300:
            outcome = "delivered"
        elif delivery.attempts <= len(policy.retry_delays_s):
            outcome = "retrying"
            delay_s = policy.retry_delays_s[delivery.attempts - 1]
            next_due = attempted_at + round(delay_s * 1000)
        else:
            outcome = "failed"
        state.log.record(
            delivery_id=delivery.id,
            kind=delivery.kind,
            webhook_id=delivery.webhook_id,
            event=delivery.event,
            url=delivery.url,
            attempt=delivery.attempts,
            at_ms=attempted_at,
            status_code=status_code,
            error=error,
            duration_ms=duration_ms,
            outcome=outcome,
            next_attempt_ms=next_due,
            headers=tuple(delivery.headers.items()),
            payload=delivery.payload,
        )
        if next_due is None:
            self._finish_head(state, lane)
        else:
            self._schedule_retry(state, lane, delivery, next_due)

    def _finish_head(self, state: WorldDeliveries, lane: Lane) -> None:
        lane.pending.popleft()
        lane.busy = False
        if lane.pending:
            self._begin(state, lane)
        else:
            state.lanes.pop(lane.key, None)

    def _schedule_retry(
        self, state: WorldDeliveries, lane: Lane, delivery: Delivery, due_ms: int
    ) -> None:
        delivery.due_ms = due_ms
        world = state.world
        if due_ms <= world.now_ms():
            self._begin(state, lane)  # fell due while the last attempt was in flight
            return

        def retry_now() -> dict[str, Any]:
            self._in_loop(self._begin, state, lane)
            return {"delivery_id": delivery.id, "attempt": delivery.attempts + 1}

        world.schedule_at(
            due_ms, "webhook_retry", retry_now, webhook_id=delivery.webhook_id, url=delivery.url
        )

    # -- liveness --------------------------------------------------------------------------

    def _alive(self, state: WorldDeliveries) -> bool:
        if state.open and self._registry.get(state.world.api_key) is not state.world:
            state.close()  # dropped or reset by a path that did not make a new world here
        return state.open

    def _still_wanted(self, state: WorldDeliveries, delivery: Delivery) -> bool:
        if not self._alive(state):
            return False
        if delivery.webhook_id is None:
            return True
        webhook = state.world.webhooks.find(delivery.webhook_id)
        return webhook is not None and webhook.enabled

    def _forget_dropped_worlds(self) -> None:
        for api_key, state in list(self._states.items()):
            if not self._alive(state):
                del self._states[api_key]

    def _in_loop(self, function: Callable[..., None], *args: Any) -> None:
        """Run on the server's loop: world code may publish from a test's own thread."""
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread:
            function(*args)
        else:
            loop.call_soon_threadsafe(function, *args)
