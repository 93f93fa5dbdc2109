"""Webhook records and rules: validation, defaults, and which events a webhook wants."""

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario
from simulator.world.errors import ApiError
from simulator.world.events import WorldEvent

URL = "https://app.example.com/unipile"


@pytest.fixture
def world():
    return build_world(load_scenario("default"), api_key="key")


def status(account_id, message="DELETED"):
    return WorldEvent("account_status", 0, account_id, {"account_type": "LINKEDIN", "message": message})


def test_matching_follows_source_events_and_accounts(world):
    first, second = [account.id for account in world.accounts][:2]
    everything = world.webhooks.create(URL, "account_status")
    only_first = world.webhooks.create(URL, "accounts", account_ids=[first])
    only_ok = world.webhooks.create(URL, "account_status", events=["ok"])
    messaging = world.webhooks.create(URL, "messaging")

    assert world.webhooks.matching(status(first)) == [everything, only_first]
    assert world.webhooks.matching(status(second)) == [everything]
    assert world.webhooks.matching(status(second, "OK")) == [everything, only_ok]
    received = WorldEvent("message_received", 0, second, {})
    assert world.webhooks.matching(received) == [messaging]
    assert world.webhooks.matching(WorldEvent("message_read", 0, second, {})) == []


def test_disabled_and_deleted_webhooks_want_nothing(world):
    account = next(iter(world.accounts)).id
    disabled = world.webhooks.create(URL, "account_status", enabled=False)
    deleted = world.webhooks.create(URL, "account_status")
    world.webhooks.delete(deleted.id)
    assert world.webhooks.matching(status(account)) == []
    assert world.webhooks.get(disabled.id) is disabled
    with pytest.raises(ApiError, match="Webhook not found"):
        world.webhooks.get(deleted.id)


def test_ids_come_from_the_seeded_world(world):
    twin = build_world(load_scenario("default"), api_key="other")
    assert world.webhooks.create(URL, "users").id == twin.webhooks.create(URL, "users").id


@pytest.mark.parametrize(
    ("call", "error_type", "field"),
    [
        ({"request_url": "javascript:alert(1)"}, "errors/invalid_url", "request_url"),
        ({"request_url": "https://" + "a" * 2100}, "errors/invalid_url", "request_url"),
        ({"source": "linkedin"}, "errors/invalid_parameters", "source"),
        ({"source": "email", "events": ["mail_opened"]}, "errors/invalid_parameters", "events[0]"),
        ({"format": "xml"}, "errors/invalid_parameters", "format"),
        ({"headers": [("Bad:Name", "x")]}, "errors/invalid_parameters", "headers[0].key"),
        ({"account_ids": ["nobody"]}, "errors/resource_not_found", "account_ids[0]"),
    ],
)
def test_rules_name_the_field(world, call, error_type, field):
    arguments = {"request_url": URL, "source": "messaging"} | call
    with pytest.raises(ApiError) as raised:
        world.webhooks.create(**arguments)
    assert raised.value.error.type == error_type and raised.value.detail.startswith(field)
    assert len(world.webhooks) == 0


def test_duplicate_events_and_accounts_are_kept_once(world):
    account = next(iter(world.accounts)).id
    webhook = world.webhooks.create(
        URL, "messaging", events=["message_read", "message_read"], account_ids=[account, account]
    )
    assert webhook.events == ("message_read",)
    assert [ref.id for ref in webhook.accounts] == [account]
