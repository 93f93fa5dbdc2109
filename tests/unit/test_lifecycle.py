"""The account state machine: transitions, their account_status events (never a repeat),
restart, resync on the world's clock, and plan changes."""

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario
from simulator.world.accounts import SOURCE_STATUSES
from simulator.world.auth import LoginAttempt
from simulator.world.errors import ApiError
from simulator.world.lifecycle import INITIAL_SYNC_MS, SYNC_DONE_AFTER_MS, SYNC_RUNNING_AFTER_MS


@pytest.fixture
def world():
    return build_world(load_scenario("default"), api_key="key")


@pytest.fixture
def messages(world):
    seen = []
    world.bus.subscribe(
        lambda event: (
            seen.append((event.account_id, event.data["message"], event.data["account_type"]))
            if event.name == "account_status"
            else None
        )
    )
    return seen


def linkedin_accounts(world):
    return [a for a in world.accounts if a.type == "LINKEDIN"]


@pytest.mark.parametrize("status", SOURCE_STATUSES)
def test_every_real_transition_publishes_its_status_once(world, messages, status):
    account = linkedin_accounts(world)[1]  # OK
    published = world.lifecycle.set_status(account, status)
    again = world.lifecycle.set_status(account, status)
    if status == "OK":
        assert published is None and messages == []
    else:
        assert published == status and account.status == status
        assert messages == [(account.id, status, "LINKEDIN")]
    assert again is None  # never a repeat


def test_a_chain_of_transitions(world, messages):
    account = linkedin_accounts(world)[0]
    for status in ["CREDENTIALS", "CREDENTIALS", "OK", "STOPPED", "ERROR", "ERROR", "OK"]:
        world.lifecycle.set_status(account, status)
    assert [m[1] for m in messages] == ["CREDENTIALS", "OK", "STOPPED", "ERROR", "OK"]


def test_unknown_status_is_refused(world):
    with pytest.raises(ApiError, match="status"):
        world.lifecycle.set_status(linkedin_accounts(world)[0], "SLEEPING")


@pytest.mark.parametrize(
    ("status", "restarted", "after", "events"),
    [
        ("OK", True, "OK", []),
        ("STOPPED", True, "OK", ["OK"]),
        ("ERROR", True, "OK", ["OK"]),
        ("CONNECTING", True, "OK", ["OK"]),
        ("CREDENTIALS", False, "CREDENTIALS", []),
        ("PERMISSIONS", False, "PERMISSIONS", []),
    ],
)
def test_restart(world, messages, status, restarted, after, events):
    account = linkedin_accounts(world)[0]
    account.status = status
    assert world.lifecycle.restart(account) is restarted
    assert account.status == after and [m[1] for m in messages] == events


def test_creation_then_initial_sync_success(world, messages):
    login = LoginAttempt(
        "LINKEDIN", "credentials", {"username": "ok@sim.test", "password": "secret"}, "username"
    )
    account_id = world.auth.connect(login).account_id
    assert messages == [(account_id, "CREATION_SUCCESS", "LINKEDIN")]
    fired = world.advance_by(INITIAL_SYNC_MS / 1000)
    assert [event["kind"] for event in fired] == ["initial_sync_done"]
    assert messages[-1] == (account_id, "SYNC_SUCCESS", "LINKEDIN")


def test_no_initial_sync_event_for_an_account_deleted_meanwhile(world, messages):
    login = LoginAttempt(
        "GOOGLE_OAUTH", "oauth", {"refresh_token": "google-refresh-ok"}, "refresh_token"
    )
    google = world.auth.connect(login).account_id  # not a syncing type: no SYNC_SUCCESS at all
    login = LoginAttempt("LINKEDIN", "cookie", {"access_token": "li-at-ok"}, "access_token")
    linkedin = world.auth.connect(login).account_id
    world.accounts.delete(linkedin)
    world.advance_by(INITIAL_SYNC_MS / 1000)
    assert [m[:2] for m in messages] == [
        (google, "CREATION_SUCCESS"),
        (linkedin, "CREATION_SUCCESS"),
        (linkedin, "DELETED"),
    ]


def test_resync_progresses_on_the_clock_and_ends_with_sync_success(world, messages):
    account = linkedin_accounts(world)[0]
    assert world.lifecycle.sync(account.id) == "SYNC_STARTED"
    assert world.lifecycle.sync(account.id) == "SYNC_STARTED"
    world.advance_by(SYNC_RUNNING_AFTER_MS / 1000)
    assert world.lifecycle.sync(account.id) == "SYNC_RUNNING"
    assert messages == []
    world.advance_by((SYNC_DONE_AFTER_MS - SYNC_RUNNING_AFTER_MS) / 1000)
    assert messages == [(account.id, "SYNC_SUCCESS", "LINKEDIN")]
    assert world.lifecycle.sync(account.id) == "SYNC_DONE"
    assert world.lifecycle.sync(account.id) == "SYNC_STARTED"  # after DONE, a fresh resync


def test_resync_ends_in_error_when_the_account_broke_meanwhile(world, messages):
    account = linkedin_accounts(world)[0]
    world.lifecycle.sync(account.id)
    world.lifecycle.set_status(account, "STOPPED")
    world.advance_by(SYNC_DONE_AFTER_MS / 1000)
    assert world.lifecycle.sync(account.id) == "SYNC_ERROR"
    assert [m[1] for m in messages] == ["STOPPED"]


def test_resync_refusals(world):
    expired = next(a for a in world.accounts if a.status == "CREDENTIALS")
    whatsapp = next(a for a in world.accounts if a.type == "WHATSAPP")
    free = linkedin_accounts(world)[1]
    cases = [
        ((expired.id, None), "errors/disconnected_account"),
        ((whatsapp.id, None), "errors/invalid_request"),
        ((free.id, "sales_navigator"), "errors/feature_not_subscribed"),
        (("nope", None), "errors/resource_not_found"),
    ]
    for args, error_type in cases:
        with pytest.raises(ApiError) as caught:
            world.lifecycle.sync(*args)
        assert caught.value.error.type == error_type
    sales_nav = linkedin_accounts(world)[0]
    assert world.lifecycle.sync(sales_nav.id, "sales_navigator") == "SYNC_STARTED"


def test_premium_upgrade_and_downgrade(world):
    free = linkedin_accounts(world)[1]
    assert free.premium_features == [] and free.premium_id is None
    world.lifecycle.set_premium(free, ["sales_navigator", "premium", "premium"])
    assert free.premium_features == ["premium", "sales_navigator"]
    premium_id, contract_id = free.premium_id, free.premium_contract_id
    assert premium_id and contract_id
    world.lifecycle.set_premium(free, ["premium"])
    assert free.premium_id == premium_id and free.premium_contract_id is None
    world.lifecycle.set_premium(free, [])
    assert free.premium_features == [] and free.premium_id is None


def test_premium_only_for_linkedin(world):
    whatsapp = next(a for a in world.accounts if a.type == "WHATSAPP")
    with pytest.raises(ApiError, match="account_id"):
        world.lifecycle.set_premium(whatsapp, ["premium"])
