"""The API's cache of account renderings: refreshed by any change, never shared by records."""

from __future__ import annotations

import gc

from simulator.api.unipile import render
from simulator.api.unipile.render import account_json
from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario
from simulator.world.accounts import Account


def test_a_record_counts_its_assignments_and_its_copy_starts_afresh():
    account = Account(id="a", type="LINKEDIN", name="A B", created_at_ms=0, seq=0)
    before = account.version
    account.status = "CREDENTIALS"
    account.groups = ["sales"]
    assert account.version == before + 2
    assert account.copy() == account  # the count is no part of the record's value


def test_a_rendering_is_reused_until_the_record_changes():
    world = build_world(load_scenario("default"), api_key="key")
    account = next(iter(world.accounts))
    first = account_json(account)
    assert account_json(account) is first
    world.lifecycle.set_status(account, "CREDENTIALS")
    changed = account_json(account)
    assert changed is not first
    assert changed["sources"][0]["status"] == "CREDENTIALS"


def test_worlds_of_one_scenario_share_account_ids_but_not_renderings():
    loaded = load_scenario("default")
    one, other = (build_world(loaded, api_key=key) for key in ("key-1", "key-2"))
    mine = next(iter(one.accounts))
    theirs = other.accounts.get(mine.id)
    account_json(theirs)
    one.lifecycle.set_status(mine, "CREDENTIALS")
    assert account_json(mine)["sources"][0]["status"] == "CREDENTIALS"
    assert account_json(theirs)["sources"][0]["status"] == "OK"


def test_a_dropped_record_leaves_nothing_cached():
    account = Account(id="gone", type="TELEGRAM", name="G", created_at_ms=0, seq=0)
    account_json(account)
    key = id(account)
    assert key in render._rendered_accounts
    del account
    gc.collect()
    assert key not in render._rendered_accounts


def test_the_list_fragment_is_the_accounts_bytes_and_follows_its_changes():
    import orjson

    from simulator.api.unipile.render import account_fragment

    world = build_world(load_scenario("default"), api_key="key")
    for account in world.accounts:
        assert orjson.dumps([account_fragment(account)]) == orjson.dumps([account_json(account)])
    account = next(iter(world.accounts))
    world.lifecycle.set_status(account, "CREDENTIALS")
    assert b'"status":"CREDENTIALS"' in orjson.dumps(account_fragment(account))
