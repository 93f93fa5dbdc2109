"""Logins as data: identities, intents, checkpoints, expiry and the 425/409/403 rules."""

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario, scenario_from_mapping
from simulator.world.auth import (
    CAPTCHA_SOLUTION,
    INTENT_TTL_MS,
    OTP_CODE,
    TRY_ANOTHER_WAY,
    TWO_FACTOR_CODE,
    LoginAttempt,
)
from simulator.world.errors import ApiError


@pytest.fixture
def world():
    return build_world(load_scenario("default"), api_key="key")


@pytest.fixture
def status_events(world):
    seen = []
    world.bus.subscribe(
        lambda event: seen.append(event) if event.name == "account_status" else None
    )
    return seen


def linkedin(username, password="secret"):
    return LoginAttempt(
        "LINKEDIN", "credentials", {"username": username, "password": password}, "username"
    )


def error_of(call, *args):
    with pytest.raises(ApiError) as caught:
        call(*args)
    return caught.value


def test_a_known_identity_connects_at_once_with_its_profile(world, status_events):
    result = world.auth.connect(linkedin("salesnav@sim.test"))
    assert result.kind == "created" and result.checkpoint is None
    account = world.accounts.get(result.account_id)
    assert account.type == "LINKEDIN" and account.status == "OK"
    assert account.premium_features == ["premium", "sales_navigator"] and account.premium_id
    assert account.created_at_ms == world.now_ms() and account.connection_method == "credentials"
    assert [(e.account_id, e.data["message"]) for e in status_events] == [
        (account.id, "CREATION_SUCCESS")
    ]


@pytest.mark.parametrize(
    "attempt",
    [
        linkedin("ok@sim.test", "wrong"),
        linkedin("nobody@sim.test"),
        LoginAttempt("LINKEDIN", "cookie", {"access_token": "forged"}, "access_token"),
        LoginAttempt(
            "INSTAGRAM", "credentials", {"username": "sim_ok", "password": "secret"}, "username"
        ),
    ],
)
def test_unknown_credentials_are_invalid_credentials(world, attempt):
    error = error_of(world.auth.connect, attempt)
    assert error.error.type == "errors/invalid_credentials" and error.status == 401
    assert error.detail.startswith(f"{attempt.field}:")
    assert len(world.accounts) == 7


@pytest.mark.parametrize(
    ("username", "error_type", "status"),
    [
        ("restricted@sim.test", "errors/account_restricted", 403),
        ("proxy-auth@sim.test", "errors/proxy_auth_error", 407),
        ("timeout@sim.test", "errors/request_timeout", 408),
        ("exists@sim.test", "errors/already_exists", 409),
        ("intent-error@sim.test", "errors/authentication_intent_error", 500),
        ("proxy@sim.test", "errors/proxy_error", 502),
    ],
)
def test_identity_outcomes_are_the_documented_errors(world, username, error_type, status):
    error = error_of(world.auth.connect, linkedin(username))
    assert (error.error.type, error.status) == (error_type, status)
    assert world.auth.pending_intent("anything") is None and len(world.accounts) == 7


def test_two_factor_checkpoint_then_success(world, status_events):
    first = world.auth.connect(linkedin("2fa@sim.test"))
    assert first.kind == "checkpoint" and first.checkpoint.type == "2FA"
    assert first.checkpoint.details == {"source": "SMS"}
    assert status_events == []
    wrong = error_of(world.auth.solve, first.account_id, "LINKEDIN", "000000")
    assert wrong.error.type == "errors/invalid_checkpoint_solution" and wrong.detail.startswith(
        "code:"
    )
    done = world.auth.solve(first.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert done.kind == "created" and done.account_id == first.account_id
    assert world.accounts.get(first.account_id).status == "OK"
    assert [e.data["message"] for e in status_events] == ["CREATION_SUCCESS"]
    gone = error_of(world.auth.solve, first.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert gone.error.type == "errors/resource_not_found"


def test_a_chain_of_checkpoints_is_passed_in_order(world):
    step = world.auth.connect(linkedin("chain@sim.test"))
    assert step.checkpoint.type == "CAPTCHA" and set(step.checkpoint.details) == {
        "public_key",
        "data",
    }
    step = world.auth.solve(step.account_id, "LINKEDIN", CAPTCHA_SOLUTION)
    assert step.kind == "checkpoint" and step.checkpoint.type == "2FA"
    assert world.auth.solve(step.account_id, "LINKEDIN", TWO_FACTOR_CODE).kind == "created"


def test_checkpoints_then_an_error_kill_the_intent(world):
    step = world.auth.connect(linkedin("2fa-restricted@sim.test"))
    error = error_of(world.auth.solve, step.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert error.error.type == "errors/account_restricted"
    assert world.auth.pending_intent(step.account_id) is None
    assert world.auth.connect(linkedin("2fa-restricted@sim.test")).kind == "checkpoint"  # no 425


def test_each_code_checkpoint_has_its_documented_solution(world):
    otp = world.auth.connect(linkedin("otp@sim.test"))
    assert error_of(world.auth.solve, otp.account_id, "LINKEDIN", TWO_FACTOR_CODE).status == 401
    assert world.auth.solve(otp.account_id, "LINKEDIN", OTP_CODE).kind == "created"
    phone = world.auth.connect(linkedin("phone@sim.test"))
    assert error_of(world.auth.solve, phone.account_id, "LINKEDIN", "0612345678").status == 401
    assert world.auth.solve(phone.account_id, "LINKEDIN", "(+33)0612345678").kind == "created"


def test_contract_chooser_sets_the_chosen_contract(world):
    step = world.auth.connect(linkedin("recruiter@sim.test"))
    options = step.checkpoint.details["contract_options"]
    assert [o["name"] for o in options] == ["Recruiter Lite", "Recruiter Corporate"]
    assert error_of(world.auth.solve, step.account_id, "LINKEDIN", "not-an-option").status == 401
    world.auth.solve(step.account_id, "LINKEDIN", options[1]["id"])
    account = world.accounts.get(step.account_id)
    assert (
        account.premium_contract_id == options[1]["id"] and "recruiter" in account.premium_features
    )


def test_try_another_way_switches_in_app_validation_to_2fa(world):
    step = world.auth.connect(linkedin("inapp@sim.test"))
    assert step.checkpoint.type == "IN_APP_VALIDATION"
    refused = error_of(world.auth.solve, step.account_id, "LINKEDIN", "123456")
    assert refused.error.type == "errors/invalid_checkpoint_solution" and "device" in refused.detail
    switched = world.auth.solve(step.account_id, "LINKEDIN", TRY_ANOTHER_WAY)
    assert switched.kind == "checkpoint" and switched.checkpoint.type == "2FA"
    assert world.auth.solve(step.account_id, "LINKEDIN", TWO_FACTOR_CODE).kind == "created"


def test_try_another_way_is_refused_where_there_is_none(world):
    step = world.auth.connect(linkedin("captcha@sim.test"))
    error = error_of(world.auth.solve, step.account_id, "LINKEDIN", TRY_ANOTHER_WAY)
    assert error.error.type == "errors/invalid_parameters" and error.detail.startswith("code:")


def test_in_app_validation_is_approved_on_the_device(world):
    step = world.auth.connect(linkedin("inapp@sim.test"))
    assert world.auth.approve(step.account_id).kind == "created"


def test_approve_refuses_a_code_checkpoint(world):
    step = world.auth.connect(linkedin("2fa@sim.test"))
    error = error_of(world.auth.approve, step.account_id, None)
    assert error.error.type == "errors/invalid_parameters" and "2FA" in error.detail


def test_resend_only_for_code_checkpoints_and_the_right_provider(world):
    two_fa = world.auth.connect(linkedin("2fa@sim.test"))
    world.auth.resend(two_fa.account_id, "LINKEDIN")
    assert error_of(world.auth.resend, two_fa.account_id, "INSTAGRAM").detail.startswith(
        "provider:"
    )
    captcha = world.auth.connect(linkedin("captcha@sim.test"))
    assert error_of(world.auth.resend, captcha.account_id, "LINKEDIN").status == 501
    assert error_of(world.auth.resend, "nothing-pending", "LINKEDIN").status == 404


def test_an_intent_expires_after_five_minutes_of_world_time(world):
    step = world.auth.connect(linkedin("2fa@sim.test"))
    fired = world.advance_by(INTENT_TTL_MS / 1000 - 1)
    assert fired == [] and world.auth.pending_intent(step.account_id) is not None
    fired = world.advance_by(1)
    assert [event["kind"] for event in fired] == ["auth_intent_expired"]
    error = error_of(world.auth.solve, step.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert (error.status, error.error.type) == (408, "errors/request_timeout")
    assert world.auth.connect(linkedin("2fa@sim.test")).kind == "checkpoint"  # a fresh intent


def test_a_finished_intent_cancels_its_expiry(world):
    step = world.auth.connect(linkedin("2fa@sim.test"))
    assert len(world.queue) == 1
    world.auth.solve(step.account_id, "LINKEDIN", TWO_FACTOR_CODE)
    assert all(event.kind != "auth_intent_expired" for event in world.queue.pending())


def test_second_intent_for_the_same_identity_is_425(world):
    world.auth.connect(linkedin("2fa@sim.test"))
    error = error_of(world.auth.connect, linkedin("2fa@sim.test"))
    assert (error.status, error.error.type) == (425, "errors/auth_in_progress")


def test_second_intent_for_the_same_account_is_425(world):
    account = next(iter(world.accounts))
    world.auth.reconnect(account.id, linkedin("2fa@sim.test"))
    error = error_of(world.auth.reconnect, account.id, linkedin("ok@sim.test"))
    assert (error.status, error.error.type) == (425, "errors/auth_in_progress")


def test_connecting_an_identity_twice_is_already_exists_until_deleted(world):
    first = world.auth.connect(linkedin("ok@sim.test"))
    error = error_of(world.auth.connect, linkedin("ok@sim.test"))
    assert (error.status, error.error.type) == (409, "errors/already_exists")
    world.accounts.delete(first.account_id)
    assert world.auth.connect(linkedin("ok@sim.test")).kind == "created"


def test_reconnect_keeps_the_id_and_sets_ok(world, status_events):
    expired = next(a for a in world.accounts if a.status == "CREDENTIALS")
    before = (expired.name, expired.created_at_ms, list(expired.premium_features))
    result = world.auth.reconnect(expired.id, linkedin("ok@sim.test"))
    assert result.kind == "reconnected" and result.account_id == expired.id
    assert (
        expired.status == "OK"
        and (expired.name, expired.created_at_ms, expired.premium_features) == before
    )
    assert [e.data["message"] for e in status_events] == ["RECONNECTED"]


def test_reconnect_with_credentials_of_another_account_is_account_mismatch(world):
    created = world.auth.connect(linkedin("ok@sim.test"))
    other = next(iter(world.accounts))
    error = error_of(world.auth.reconnect, other.id, linkedin("ok@sim.test"))
    assert (error.status, error.error.type) == (403, "errors/account_mismatch")
    assert world.auth.reconnect(created.account_id, linkedin("ok@sim.test")).kind == "reconnected"


def test_reconnect_refuses_another_provider_and_unknown_accounts(world):
    whatsapp = next(a for a in world.accounts if a.type == "WHATSAPP")
    assert error_of(world.auth.reconnect, whatsapp.id, linkedin("ok@sim.test")).detail.startswith(
        "provider:"
    )
    assert error_of(world.auth.reconnect, "nope", linkedin("ok@sim.test")).status == 404


def test_whatsapp_qr_code_scanned_by_a_listed_phone(world):
    step = world.auth.connect(LoginAttempt("WHATSAPP", "qrcode", {}, "provider"))
    assert step.checkpoint.type == "QRCODE" and step.checkpoint.details["qrcode"].startswith("2@")
    done = world.auth.approve(step.account_id, "+33600000001")
    account = world.accounts.get(done.account_id)
    assert account.phone_number == "33600000001" and account.connection_method == "qrcode"


def test_whatsapp_qr_code_scanned_by_a_restricted_phone(world):
    step = world.auth.connect(LoginAttempt("WHATSAPP", "qrcode", {}, "provider"))
    error = error_of(world.auth.approve, step.account_id, "33600000403")
    assert error.error.type == "errors/account_restricted"


def test_whatsapp_reconnect_must_be_scanned_by_the_same_phone(world):
    whatsapp = next(a for a in world.accounts if a.type == "WHATSAPP")
    step = world.auth.reconnect(whatsapp.id, LoginAttempt("WHATSAPP", "qrcode", {}, "provider"))
    assert (
        error_of(world.auth.approve, step.account_id, "33612121212").error.type
        == "errors/account_mismatch"
    )
    assert world.auth.approve(step.account_id, None).kind == "reconnected"


def test_whatsapp_pairing_code(world):
    attempt = LoginAttempt(
        "WHATSAPP", "pairing", {"phone_number": "33600000001"}, "pairing_phone_number"
    )
    step = world.auth.connect(attempt)
    assert step.checkpoint.type == "PAIRING_CODE"
    assert len(step.checkpoint.details["code"]) == 9 and step.checkpoint.details["code"][4] == "-"
    account = world.accounts.get(world.auth.approve(step.account_id).account_id)
    assert account.phone_number == "33600000001" and account.connection_method == "pairing_code"


def test_telegram_two_factor_password_is_checked_when_scanned(world):
    step = world.auth.connect(LoginAttempt("TELEGRAM", "qrcode", {}, "provider"))
    error = error_of(world.auth.approve, step.account_id, "33700000002")
    assert error.error.type == "errors/invalid_credentials" and error.detail.startswith("password:")
    good = LoginAttempt("TELEGRAM", "qrcode", {}, "provider", telegram_password="secret")
    step = world.auth.connect(good)
    assert world.auth.approve(step.account_id, "33700000002").kind == "created"


def test_mail_reconnect_with_passwords_only_uses_the_mailbox_of_the_account(world):
    created = world.auth.connect(
        LoginAttempt(
            "MAIL", "credentials", {"username": "ok@sim.test", "password": "secret"}, "imap_user"
        )
    )
    again = LoginAttempt("MAIL", "credentials", {"password": "secret"}, "imap_password")
    assert world.auth.reconnect(created.account_id, again).kind == "reconnected"
    wrong = LoginAttempt("MAIL", "credentials", {"password": "nope"}, "imap_password")
    assert (
        error_of(world.auth.reconnect, created.account_id, wrong).error.type
        == "errors/invalid_credentials"
    )


def test_identities_bound_to_a_scenario_account():
    scenario = scenario_from_mapping(
        {
            "name": "bound",
            "accounts": [
                {"id": "acc-1", "provider": "LINKEDIN"},
                {"id": "acc-2", "provider": "LINKEDIN"},
            ],
            "credentials": [
                {
                    "provider": "LINKEDIN",
                    "username": "a@x.test",
                    "password": "p",
                    "account": "acc-1",
                }
            ],
        }
    )
    world = build_world(scenario, api_key="key")
    error = error_of(world.auth.connect, linkedin("a@x.test", "p"))
    assert error.error.type == "errors/already_exists" and "acc-1" in error.detail
    assert (
        error_of(world.auth.reconnect, "acc-2", linkedin("a@x.test", "p")).error.type
        == "errors/account_mismatch"
    )
    assert world.auth.reconnect("acc-1", linkedin("a@x.test", "p")).kind == "reconnected"


def test_ids_and_qr_codes_are_deterministic():
    def run():
        world = build_world(load_scenario("default"), api_key="key")
        step = world.auth.connect(LoginAttempt("WHATSAPP", "qrcode", {}, "provider"))
        return step.account_id, dict(step.checkpoint.details)

    assert run() == run()
