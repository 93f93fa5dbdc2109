"""Worlds for the calendar tests: one Google and one Outlook account, built in-process."""

from __future__ import annotations

from typing import Any

from simulator.scenario.build import build_world
from simulator.scenario.loader import scenario_from_mapping
from simulator.world.calendar_times import parse_instant
from simulator.world.calendars import CalendarBehaviour, Calendars
from simulator.world.events import WorldEvent
from simulator.world.world import World

START = "2026-03-02T08:00:00Z"


def calendar_world(seed: int = 3) -> World:
    scenario: dict[str, Any] = {
        "name": "calendars",
        "seed": seed,
        "clock": {"start": START},
        "accounts": [
            {"id": "gmail", "provider": "GOOGLE_OAUTH", "email": "me@gmail.com", "name": "Me"},
            {"id": "outlook", "provider": "OUTLOOK", "email": "me@outlook.com", "name": "Me"},
            {"id": "li", "provider": "LINKEDIN", "name": "Ada Lovelace"},
        ],
    }
    return build_world(scenario_from_mapping(scenario), api_key="test-key")


def calendars(
    seed: int = 3, time_zone: str = "Europe/Paris", behaviour: CalendarBehaviour | None = None
) -> tuple[World, Calendars, list[WorldEvent]]:
    """A world, its calendars, and the list every world event is appended to."""
    world = calendar_world(seed)
    seen: list[WorldEvent] = []
    world.bus.subscribe(seen.append)
    return world, Calendars(world, time_zone=time_zone, behaviour=behaviour), seen


def ms(text: str) -> int:
    return parse_instant("at", text)


def timed_body(
    start: str, end: str, zone: str = "Europe/Paris", title: str = "Meeting", **more: Any
) -> dict[str, Any]:
    return {
        "title": title,
        "start": {"date_time": start, "time_zone": zone},
        "end": {"date_time": end, "time_zone": zone},
        "attendees": more.pop("attendees", []),
        **more,
    }
