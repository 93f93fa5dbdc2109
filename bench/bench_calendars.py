"""Calendars at scale: listing a month of a calendar with its recurring series expanded costs
O(events in the window), not O(the series' age) nor O(occurrences before the window).

One Google account (calendars in Europe/Paris); its primary calendar holds S endless series
(S = 50 or 500), each started on 2026-01-05: four in five weekly on one to three weekdays, one
in five daily, at times spread over the working day. For each S, the same month (March) is
listed 1 year and 5 years after the series start (2027 and 2031), in-process (world + rendering
+ JSON, no HTTP):

  first page     GET /calendars/{id}/events?expand_recurring=true&start=&end=&limit=100
  whole month    every occurrence of the month (one call, no page limit), rendered

Each call is timed --iterations times (default 50) after --warmup (default 5). Verdict: the
+5 years figures within 1.5x of the +1 year ones, and the whole month's cost per event about the
same for 50 and 500 series.

    python bench/bench_calendars.py
    python bench/bench_calendars.py --iterations 200
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.measure import timed  # noqa: E402

SCENARIO: dict[str, Any] = {
    "name": "calendars-bench",
    "seed": 5,
    "clock": {"start": "2026-01-05T07:00:00Z"},
    "accounts": [{"id": "gmail", "provider": "GOOGLE_OAUTH", "email": "me@gmail.com"}],
    "behaviours": {"calendar": {"time_zone": "Europe/Paris"}},
}
DAYS = ("MO", "TU", "WE", "TH", "FR")
MONTHS = {"+1 year": ("2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z"),
          "+5 years": ("2031-03-01T00:00:00Z", "2031-04-01T00:00:00Z")}  # fmt: skip


def series_body(index: int) -> dict[str, Any]:
    begins = 8 * 60 + (index * 37) % (9 * 60)  # minutes after midnight, 08:00 to 16:59
    if index % 5 == 4:
        rule = "RRULE:FREQ=DAILY"
    else:
        days = ",".join(DAYS[(index + k) % 5] for k in range(1 + index % 3))
        rule = f"RRULE:FREQ=WEEKLY;BYDAY={days}"

    def at(minutes: int) -> dict[str, str]:
        hour, minute = divmod(minutes, 60)
        return {"date_time": f"2026-01-05T{hour:02d}:{minute:02d}:00", "time_zone": "Europe/Paris"}

    return {
        "title": f"Series {index}",
        "start": at(begins),
        "end": at(begins + 30),
        "attendees": [{"email": f"guest{index}@acme.example"}],
        "recurrence": [rule],
    }


def world_with(series: int):  # type: ignore[no-untyped-def]
    from simulator.scenario.build import build_world
    from simulator.scenario.loader import scenario_from_mapping

    world = build_world(scenario_from_mapping(SCENARIO), api_key=f"bench-{series}")
    calendar = world.calendars.calendars("gmail").items[0].id
    for index in range(series):
        world.calendars.create_event("gmail", calendar, series_body(index))
    return world, calendar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    import orjson

    from simulator.world.calendar_events import event_fields
    from simulator.world.calendar_query import read_event_query

    print(f"python {platform.python_version()}, {os.cpu_count()} CPU(s), "
          f"{args.iterations} iterations after {args.warmup} warm-up")  # fmt: skip
    print("| series | month | events in the month | first page (100) median ms | "
          "whole month median ms | µs per event |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|")
    for series in (50, 500):
        world, calendar = world_with(series)
        for label, (start, end) in MONTHS.items():
            query = read_event_query({"expand_recurring": "true", "start": start, "end": end})

            def page(limit: int) -> int:
                listed = world.calendars.events("gmail", calendar, query, 0, limit)
                body = {"data": [event_fields(event) for event in listed.items]}
                return len(orjson.dumps(body)) and len(listed.items)

            count = page(1_000_000)
            first = timed(lambda: page(100), args.iterations, args.warmup)
            whole = timed(lambda: page(1_000_000), args.iterations, args.warmup)
            per_event_us = whole["median_ms"] * 1000 / count
            print(f"| {series} | {label} | {count:,} | {first['median_ms']:.2f} | "
                  f"{whole['median_ms']:.2f} | {per_event_us:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
