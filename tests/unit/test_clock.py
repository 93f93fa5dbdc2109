from datetime import UTC, datetime

import pytest

from simulator.clock import EventQueue, VirtualClock, epoch_ms, iso_ms, parse_iso

START = epoch_ms(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_iso_ms_has_exactly_three_millisecond_digits_and_z():
    assert iso_ms(START) == "2026-01-05T09:00:00.000Z"
    assert iso_ms(START + 7) == "2026-01-05T09:00:00.007Z"
    assert iso_ms(START + 86_400_123) == "2026-01-06T09:00:00.123Z"


def test_parse_iso_round_trips_and_accepts_offsets():
    assert parse_iso("2026-01-05T09:00:00.000Z") == START
    assert parse_iso("2026-01-05T10:00:00+01:00") == START
    assert parse_iso(iso_ms(START + 999)) == START + 999


def test_frozen_clock_moves_only_when_set():
    tick = FakeMonotonic()
    clock = VirtualClock(START, "frozen", monotonic=tick)
    tick.now += 50
    assert clock.now_ms() == START
    clock.set(START + 5000)
    assert clock.now_ms() == START + 5000


def test_real_clock_follows_the_monotonic_source_from_the_scenario_start():
    tick = FakeMonotonic()
    clock = VirtualClock(START, "real", monotonic=tick)
    assert clock.now_ms() == START
    tick.now += 2.5
    assert clock.now_ms() == START + 2500
    clock.set(START + 60_000)
    tick.now += 1
    assert clock.now_ms() == START + 61_000


def test_queue_pops_in_time_order_and_keeps_schedule_order_on_ties():
    queue = EventQueue()
    order = []
    for due, name in [(30, "c"), (10, "a"), (30, "d"), (20, "b")]:
        queue.schedule(due, name, lambda name=name: order.append(name))
    while (event := queue.pop_due(100)) is not None:
        event.action()
    assert order == ["a", "b", "c", "d"]


def test_queue_leaves_future_events_and_skips_cancelled_ones():
    queue = EventQueue()
    first = queue.schedule(10, "first", lambda: None)
    queue.schedule(50, "later", lambda: None)
    first.cancelled = True
    assert len(queue) == 1
    assert queue.pop_due(20) is None
    assert queue.next_due_ms() == 50


@pytest.mark.parametrize("text", ["2026-13-01T00:00:00Z", "yesterday"])
def test_parse_iso_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_iso(text)


def test_iso_ms_zero_pads_early_years():
    assert iso_ms(-50_000_000_000_000) == "0385-07-25T07:06:40.000Z"
