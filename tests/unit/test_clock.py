import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from simulator.clock import (
    DURATION_PATTERN,
    MAX_DURATION_MS,
    WHEN_PATTERN,
    EventQueue,
    VirtualClock,
    epoch_ms,
    iso_ms,
    parse_duration_ms,
    parse_iso,
    parse_when,
)

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


# -- the one duration grammar ----------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
SECOND, MINUTE, HOUR, DAY, WEEK = 1000, 60_000, 3_600_000, 86_400_000, 604_800_000


@pytest.mark.parametrize(
    ("value", "ms"),
    [
        (90, 90 * SECOND),                # numbers are seconds
        (1.5, 1500),
        (0, 0),
        ("90", 90 * SECOND),              # so are digits without a unit
        ("1.5", 1500),
        ("0.25", 250),
        ("250ms", 250),
        ("90s", 90 * SECOND),
        ("15m", 15 * MINUTE),
        ("1.5h", 90 * MINUTE),
        ("3d", 3 * DAY),
        ("2w", 2 * WEEK),
        ("1h30m", 90 * MINUTE),           # parts combine
        ("2d4h", 2 * DAY + 4 * HOUR),
        ("1m1ms", MINUTE + 1),            # `ms` is one unit, not minutes then seconds
        ("0.1h", 6 * MINUTE),             # exact: no float on the way
        ("0.0005", 0),                    # half a millisecond rounds half to even
        ("0.0015", 2),
        ("007s", 7 * SECOND),
        ("10000w", MAX_DURATION_MS),      # the longest there is
        (6_048_000_000, MAX_DURATION_MS),
    ],
)
def test_a_duration_is_seconds_or_digits_and_units(value, ms):
    assert parse_duration_ms(value) == ms


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1h 30m", "no spaces"),
        (" 2h", "no spaces"),
        ("-5", "a duration is seconds"),
        ("+5", "a duration is seconds"),
        ("\u0661\u0665m", "ASCII digits"),     # Arabic-Indic fifteen minutes
        ("\uff11h", "ASCII digits"),           # a full-width one
        ("1e3", "a duration is seconds"),
        ("inf", "a duration is seconds"),
        ("nan", "a duration is seconds"),
        ("", "a duration is seconds"),
        ("h", "a duration is seconds"),
        ("1.", "a duration is seconds"),
        (".5h", "a duration is seconds"),
        ("1h30", "a duration is seconds"),    # a bare number is alone or not at all
        ("1H", "a duration is seconds"),
        ("1_000s", "a duration is seconds"),
        ("10001w", "less than or equal to 6048000000000 ms (10,000 weeks)"),
        ("9999w1w1ms", "less than or equal to 6048000000000"),
        ("9" * 5000, "less than or equal to 6048000000000"),   # no int-size error on the way
        (-5, "zero or more"),
        (float("inf"), "finite"),
        (float("nan"), "finite"),
        (6_048_000_000.001, "less than or equal to 6048000000000"),
        (1e308, "less than or equal to 6048000000000"),
        (True, "a duration is seconds"),
        (None, "a duration is seconds"),
        ([90], "a duration is seconds"),
    ],
)
def test_what_is_no_duration_is_refused_with_the_reason(value, reason):
    with pytest.raises(ValueError) as caught:
        parse_duration_ms(value)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("text", "valid"),
    [("90", True), ("1.5h", True), ("1h30m", True), ("250ms", True),
     ("1h 30m", False), ("-5", False), ("1e3", False), ("", False), ("1h30", False)],
)  # fmt: skip
def test_the_json_schema_pattern_is_the_parsers_grammar(text, valid):
    assert bool(re.fullmatch(DURATION_PATTERN, text)) is valid
    try:
        parse_duration_ms(text)
        parsed = True
    except ValueError:
        parsed = False
    assert parsed is valid


def test_when_is_plus_any_duration_or_an_iso_instant():
    assert parse_when("+90", START) == START + 90 * SECOND
    assert parse_when("+1.5h", START) == START + 90 * MINUTE
    assert parse_when("+1h30m", START) == START + 90 * MINUTE
    assert parse_when("2026-01-05T10:00:00Z", 0) == START + HOUR
    for text in ("+1h 30m", "+-5", "+", "+10001w", "in two hours"):
        with pytest.raises(ValueError):
            parse_when(text, START)
    assert re.fullmatch(WHEN_PATTERN, "+1.5h") and re.fullmatch(WHEN_PATTERN, "2026-01-05T10:00Z")
    assert not re.fullmatch(WHEN_PATTERN, "+1h 30m")


def _patterns(node):
    if isinstance(node, dict):
        if "pattern" in node and "ms|s|m|h|d|w" in node["pattern"]:
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_the_scenario_schema_and_the_control_contract_spell_the_one_grammar():
    schema = json.loads((REPO / "scenarios" / "scenario.schema.json").read_text())
    contract = yaml.safe_load((REPO / "contracts" / "control.yaml").read_text())
    spelled = set(_patterns(schema)) | set(_patterns(contract))
    relative = "^\\+" + DURATION_PATTERN[1:]
    assert spelled <= {DURATION_PATTERN, WHEN_PATTERN, relative}
    assert DURATION_PATTERN in spelled and WHEN_PATTERN in spelled
