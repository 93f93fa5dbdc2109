"""Generated API keys cannot be guessed or handed out twice; cursors are signed by the
installation's secret, and none widens a list's limit."""

import re

import pytest

from simulator import installation
from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.installation import ENV_VAR, installation_secret, secret_file
from simulator.registry import TenantRegistry
from simulator.scenario.loader import load_scenario
from simulator.world.errors import ApiError


def test_generated_keys_are_random_and_never_reissued():
    loaded = load_scenario("empty")
    first, second = TenantRegistry(), TenantRegistry()
    a = [first.create(loaded).api_key for _ in range(3)]
    b = [second.create(loaded).api_key for _ in range(3)]
    assert all(re.fullmatch(r"sim_[A-Za-z0-9]{28}", key) for key in a + b)
    assert not set(a) & set(b)  # the same start gives other keys: nothing to predict
    first.drop(a[0])
    again = first.create(loaded).api_key
    assert again not in a


def test_a_cursor_from_another_installation_is_refused(monkeypatch):
    cursor = encode_cursor("chats", 10, [5, 6])
    assert decode_cursor(cursor, "chats") == (10, (5, 6))
    monkeypatch.setattr(installation, "_adopted", [b"another installation's secret......"])
    with pytest.raises(ApiError, match="cursor: not a cursor returned by this list"):
        decode_cursor(cursor, "chats")


@pytest.mark.parametrize("limit", [0, -5, 1_000_000, True, 2.5])
def test_no_cursor_carries_a_limit_no_list_serves(limit):
    with pytest.raises(ApiError, match="cursor: not a cursor returned by this list"):
        decode_cursor(encode_cursor("chats", limit, None), "chats")


def test_the_secret_is_kept_per_installation_or_named(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    made = installation_secret()
    assert secret_file().read_bytes() == made and secret_file().stat().st_mode & 0o777 == 0o600
    assert installation_secret() == made  # the next run signs the same way
    monkeypatch.setenv(ENV_VAR, "ci-secret")
    assert installation_secret() != made and installation_secret() == installation_secret()
