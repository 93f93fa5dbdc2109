"""Worlds for the messaging tests, built in-process from inline scenarios (no HTTP)."""

from __future__ import annotations

from typing import Any

from simulator.scenario.build import build_world
from simulator.scenario.loader import scenario_from_mapping
from simulator.world.events import WorldEvent
from simulator.world.messaging import NewAttachment, NewChat
from simulator.world.people import FIRST, SECOND, Person
from simulator.world.world import World

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
JANE = "ACoAAJaneDoeJaneDoeJaneDoe0000000000001"  # listed, 2nd degree
ANA = "ACoAAAnaSilvaAnaSilvaAnaSilva000000000002"  # listed, 1st degree
BOB = "ACoAABobStoneBobStoneBobStone000000000003"  # listed, 1st degree


def messaging_scenario(
    plan: str = "premium",
    chats: dict[str, Any] | None = None,
    replies: dict[str, Any] | None = None,
    limits: dict[str, Any] | None = None,
    extra_accounts: list[dict[str, Any]] | None = None,
    seed: int = 7,
) -> dict[str, Any]:
    """One OK LinkedIn account `acct` (Ada Lovelace) on `plan`, 120 generated members and three
    listed ones: Jane (2nd degree), Ana and Bob (relations). Nobody replies unless `replies`
    says so."""
    account: dict[str, Any] = {
        "id": "acct",
        "provider": "LINKEDIN",
        "plan": plan,
        "name": "Ada Lovelace",
    }
    if chats is not None:
        account["chats"] = chats
    scenario: dict[str, Any] = {
        "name": "messaging-test",
        "seed": seed,
        "accounts": [account] + (extra_accounts or []),
        "people": {
            "generate": 120,
            "listed": [
                {
                    "first_name": "Jane",
                    "last_name": "Doe",
                    "public_identifier": "jane-doe",
                    "provider_id": JANE,
                    "distance": "SECOND_DEGREE",
                },
                {
                    "first_name": "Ana",
                    "last_name": "Silva",
                    "public_identifier": "ana-silva",
                    "provider_id": ANA,
                    "distance": "FIRST_DEGREE",
                },
                {
                    "first_name": "Bob",
                    "last_name": "Stone",
                    "public_identifier": "bob-stone",
                    "provider_id": BOB,
                    "distance": "FIRST_DEGREE",
                },
            ],
        },
        "relations": {"per_account": 30, "second_degree": 0.5, "third_degree": 0.3},
        "behaviours": {"replies": replies or {"probability": 0}},
    }
    if limits is not None:
        scenario["limits"] = limits
    return scenario


def messaging_world(**options: Any) -> World:
    return build_world(scenario_from_mapping(messaging_scenario(**options)), api_key="test-key")


def record_events(world: World) -> list[WorldEvent]:
    events: list[WorldEvent] = []
    world.bus.subscribe(events.append)
    return events


def new_chat(
    *recipients: str, account_id: str = "acct", text: str | None = "Hello!", **options: Any
) -> NewChat:
    return NewChat(account_id, tuple(recipients), text, **options)


def png(width: int = 3, height: int = 2) -> NewAttachment:
    header = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + width.to_bytes(4, "big")
        + height.to_bytes(4, "big")
    )
    return NewAttachment("pixel.png", "image/png", header + b"\x08\x06\x00\x00\x00")


def people_at(world: World, distance: int, account_id: str = "acct") -> list[Person]:
    account = world.accounts.get(account_id)
    return [
        p for p in world.network.directory.people if world.network.distance(account, p) == distance
    ]


def stranger(world: World) -> Person:
    return next(p for p in people_at(world, SECOND) if p.provider_id != JANE)


def relation(world: World) -> Person:
    return next(p for p in people_at(world, FIRST) if p.provider_id not in (ANA, BOB))
