"""Hosted-auth sessions: providers, expiry, completion and the notify_url announcement."""

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario
from simulator.world.auth import TWO_FACTOR_CODE, LoginAttempt
from simulator.world.errors import ApiError
from simulator.world.hosted import HostedLink, expand_providers

HOUR_MS = 3_600_000


@pytest.fixture
def world():
    return build_world(load_scenario("default"), api_key="key")


@pytest.fixture
def events(world):
    seen = []
    world.bus.subscribe(seen.append)
    return seen


def link(world, **fields):
    fields.setdefault("expires_at_ms", world.now_ms() + HOUR_MS)
    fields.setdefault("api_url", "https://api1.unipile.com:13111")
    fields.setdefault("type", "create")
    return world.hosted.create(HostedLink(**fields))


def test_provider_groups_expand():
    assert expand_providers("*:MAILING") == ("GOOGLE", "OUTLOOK", "MAIL")
    assert "LINKEDIN" in expand_providers("*") and "GOOGLE" not in expand_providers("*:MESSAGING")
    assert expand_providers(["TELEGRAM", "LINKEDIN", "TELEGRAM"]) == ("TELEGRAM", "LINKEDIN")


def test_complete_create_uses_the_first_free_identity_and_announces_notify(world, events):
    session = link(
        world,
        providers=["LINKEDIN"],
        name="user-42",
        notify_url="https://app.test/n",
        success_redirect_url="https://app.test/ok",
    )
    world.hosted.complete(session.id, success=True)
    assert session.state == "completed" and session.redirect_url == "https://app.test/ok"
    account = world.accounts.get(session.account_id)
    assert account.type == "LINKEDIN" and account.status == "OK"
    names = [(event.name, event.data.get("message")) for event in events]
    assert names == [("account_status", "CREATION_SUCCESS"), ("hosted_auth_notify", None)]
    notify = events[1].data
    assert notify == {
        "notify_url": "https://app.test/n",
        "body": {"status": "CREATION_SUCCESS", "account_id": account.id, "name": "user-42"},
    }
    # the identity is now connected: the next completion picks another one
    second = link(world, providers=["LINKEDIN"])
    world.hosted.complete(second.id, success=True)
    assert second.account_id != account.id


def test_complete_reconnect_keeps_the_account(world, events):
    expired = next(a for a in world.accounts if a.status == "CREDENTIALS")
    session = link(
        world, type="reconnect", reconnect_account=expired.id, notify_url="https://app.test/n"
    )
    assert session.providers == ("LINKEDIN",)
    world.hosted.complete(session.id, success=True)
    assert session.account_id == expired.id and expired.status == "OK"
    assert events[0].data["message"] == "RECONNECTED"
    assert events[1].data["body"] == {
        "status": "RECONNECTED",
        "account_id": expired.id,
    }  # no name given


def test_failure_ends_the_session_without_an_account(world, events):
    session = link(world, providers="*", failure_redirect_url="https://app.test/ko")
    world.hosted.complete(session.id, success=False)
    assert session.state == "failed" and session.redirect_url == "https://app.test/ko"
    assert events == [] and len(world.accounts) == 7


def test_a_used_or_expired_link_is_expired_link(world):
    used = link(world, providers="*")
    world.hosted.complete(used.id, success=True)
    later = link(world, providers="*")
    world.advance_by(HOUR_MS / 1000)
    for session in (used, later):
        with pytest.raises(ApiError) as caught:
            world.hosted.complete(session.id, success=True)
        assert caught.value.error.type == "errors/expired_link"
    assert later.state == "expired"


def test_a_link_already_past_its_expiry_is_born_expired(world):
    session = link(world, providers="*", expires_at_ms=world.now_ms() - 1)
    assert session.state == "expired"


def test_provider_must_be_offered(world):
    session = link(world, providers="*:MAILING")
    with pytest.raises(ApiError, match="provider"):
        world.hosted.complete(session.id, success=True, provider="LINKEDIN")
    world.hosted.complete(session.id, success=True, provider="GOOGLE")
    assert world.accounts.get(session.account_id).type == "GOOGLE_OAUTH"


def test_reconnect_link_for_an_unknown_account_is_404(world):
    with pytest.raises(ApiError) as caught:
        link(world, type="reconnect", reconnect_account="nope")
    assert caught.value.error.type == "errors/resource_not_found"
    assert caught.value.detail.startswith("reconnect_account:")


def test_a_wizard_login_with_checkpoints_completes_the_session(world, events):
    session = link(world, providers=["LINKEDIN"], notify_url="https://app.test/n")
    login = LoginAttempt(
        "LINKEDIN", "credentials", {"username": "2fa@sim.test", "password": "secret"}, "username"
    )
    step = world.hosted.start_login(session.id, login)
    assert step.kind == "checkpoint" and session.state == "pending"
    world.auth.solve(step.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert session.state == "completed" and session.account_id == step.account_id
    assert [event.name for event in events] == ["account_status", "hosted_auth_notify"]


def test_a_wizard_login_for_a_provider_not_offered_is_refused(world):
    session = link(world, providers=["WHATSAPP"])
    login = LoginAttempt(
        "LINKEDIN", "credentials", {"username": "ok@sim.test", "password": "secret"}, "username"
    )
    with pytest.raises(ApiError, match="provider"):
        world.hosted.start_login(session.id, login)


# -- the wizard's steps (simulator/pages drives these) ---------------------------------------


def linkedin(username, password="secret"):
    return LoginAttempt(
        "LINKEDIN", "credentials", {"username": username, "password": password}, "username"
    )


def test_the_wizard_answers_the_checkpoint_of_its_own_login(world):
    session = link(world, providers=["LINKEDIN"])
    assert world.hosted.checkpoint(session.id) is None
    step = world.hosted.start_login(session.id, linkedin("chain@sim.test"))
    assert session.login_account_id == step.account_id
    assert world.hosted.checkpoint(session.id).type == "CAPTCHA"
    with pytest.raises(ApiError) as caught:
        world.hosted.solve(session.id, "wrong")
    assert caught.value.error.type == "errors/invalid_checkpoint_solution"
    assert session.state == "pending" and world.hosted.checkpoint(session.id).type == "CAPTCHA"
    assert world.hosted.solve(session.id, "captcha-solved").checkpoint.type == "2FA"
    world.hosted.resend(session.id)  # a 2FA code can be sent again
    assert world.hosted.solve(session.id, TWO_FACTOR_CODE).kind == "created"
    assert session.state == "completed" and session.login_account_id is None


def test_the_device_approves_in_app_validation(world):
    session = link(world, providers=["LINKEDIN"])
    world.hosted.start_login(session.id, linkedin("inapp@sim.test"))
    assert world.hosted.approve(session.id).kind == "created"
    assert session.state == "completed"


def test_an_account_refused_by_the_provider_ends_the_session(world, events):
    session = link(world, providers=["LINKEDIN"], notify_url="https://app.test/n")
    with pytest.raises(ApiError):
        world.hosted.start_login(session.id, linkedin("restricted@sim.test"))
    assert session.state == "failed" and session.failure == "account_restricted"
    assert events == []


def test_a_wrong_password_or_a_transient_error_leaves_the_session_open(world):
    session = link(world, providers=["LINKEDIN"])
    for username, password in (("ok@sim.test", "nope"), ("proxy@sim.test", "secret")):
        with pytest.raises(ApiError):
            world.hosted.start_login(session.id, linkedin(username, password))
        assert session.state == "pending" and session.failure is None
    assert world.hosted.start_login(session.id, linkedin("ok@sim.test")).kind == "created"


def test_leaving_a_checkpoint_frees_the_credentials(world):
    first = link(world, providers=["LINKEDIN"])
    step = world.hosted.start_login(first.id, linkedin("2fa@sim.test"))
    world.hosted.start_over(first.id)
    assert world.auth.pending_intent(step.account_id) is None
    assert world.hosted.checkpoint(first.id) is None
    # a new login replaces the one waiting, and cancelling drops it: no 425 for the next link
    world.hosted.start_login(first.id, linkedin("2fa@sim.test"))
    world.hosted.cancel(first.id)
    assert first.state == "failed" and first.failure is None
    second = link(world, providers=["LINKEDIN"])
    assert world.hosted.start_login(second.id, linkedin("2fa@sim.test")).kind == "checkpoint"


def test_expiry_drops_the_login_waiting_on_a_checkpoint(world):
    session = link(world, providers=["LINKEDIN"], expires_at_ms=world.now_ms() + 60_000)
    step = world.hosted.start_login(session.id, linkedin("2fa@sim.test"))
    world.advance_by(61)
    assert session.state == "expired" and world.auth.pending_intent(step.account_id) is None
    with pytest.raises(ApiError) as caught:
        world.hosted.solve(session.id, TWO_FACTOR_CODE)
    assert caught.value.error.type == "errors/expired_link"


def test_no_checkpoint_to_answer_is_a_timeout(world):
    session = link(world, providers=["LINKEDIN"])
    world.hosted.start_login(session.id, linkedin("2fa@sim.test"))
    world.advance_by(301)  # the intent lives five minutes
    assert world.hosted.checkpoint(session.id) is None and session.login_account_id is None
    with pytest.raises(ApiError) as caught:
        world.hosted.approve(session.id)
    assert caught.value.error.type == "errors/request_timeout"


def test_link_ids_differ_between_worlds_of_one_scenario_and_seed():
    loaded = load_scenario("default")
    one, other, again = (build_world(loaded, api_key=key) for key in ("key-1", "key-2", "key-1"))
    ids = [link(world, providers="*").id for world in (one, other, again)]
    assert ids[0] != ids[1] and ids[0] == ids[2]
    assert one.hosted.find(ids[1]) is None and other.hosted.find(ids[1]) is not None
