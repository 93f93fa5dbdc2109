"""checkpoint-2fa: 2FA, OTP and in-app checkpoints, solved, resent, swapped and refused."""

from tests.api.conftest import assert_envelope

SCENARIO = "checkpoint-2fa"


def login(sim, username, provider="LINKEDIN"):
    return sim.post("/api/v1/accounts", json={"provider": provider, "username": username, "password": "pw"})


def solve(sim, account_id, code, provider="LINKEDIN"):
    return sim.post(
        "/api/v1/accounts/checkpoint", json={"account_id": account_id, "provider": provider, "code": code}
    )


def test_2fa_wrong_code_resend_then_the_right_one(sim):
    step = login(sim, "ava@team.test")
    assert step.status_code == 202, step.text
    account_id = step.json()["account_id"]
    assert step.json()["checkpoint"] == {"type": "2FA", "source": "SMS"}
    assert sim.get("/api/v1/accounts").json()["items"] == []  # nothing until the code is in

    assert_envelope(solve(sim, account_id, "000000"), 401, "errors/invalid_checkpoint_solution", "2FA")
    resend = sim.post("/api/v1/accounts/checkpoint/resend", json={"account_id": account_id, "provider": "LINKEDIN"})
    assert resend.status_code == 200 and resend.json()["object"] == "CheckpointResend"

    done = solve(sim, account_id, "123456")
    assert done.status_code == 201, done.text
    assert done.json() == {"object": "AccountCreated", "account_id": account_id}
    [account] = sim.get("/api/v1/accounts").json()["items"]
    assert (account["id"], account["name"], account["sources"][0]["status"]) == (account_id, "Ava Stone", "OK")
    me = sim.get("/api/v1/users/me", params={"account_id": account_id}).json()
    assert me["premium"] is True and me["sales_navigator"] is None


def test_otp_checkpoint(sim):
    step = login(sim, "ben@team.test").json()
    assert step["checkpoint"]["type"] == "OTP"
    assert_envelope(solve(sim, step["account_id"], "123456"), 401, "errors/invalid_checkpoint_solution")
    assert solve(sim, step["account_id"], "654321").status_code == 201


def test_in_app_validation_on_the_phone_or_another_way(sim):
    step = login(sim, "cleo@team.test").json()
    assert step["checkpoint"]["type"] == "IN_APP_VALIDATION"
    assert_envelope(solve(sim, step["account_id"], "123456"), 401, "errors/invalid_checkpoint_solution")
    approved = sim.post(f"/_sim/checkpoints/{step['account_id']}/approve", json={})
    assert approved.status_code == 201 and approved.json()["object"] == "AccountCreated"

    sim.delete(f"/api/v1/accounts/{step['account_id']}")
    again = login(sim, "cleo@team.test").json()
    swapped = solve(sim, again["account_id"], "TRY_ANOTHER_WAY")
    assert swapped.status_code == 202 and swapped.json()["checkpoint"]["type"] == "2FA"
    assert solve(sim, again["account_id"], "123456").status_code == 201


def test_2fa_then_restricted(sim):
    step = login(sim, "dan@team.test").json()
    assert_envelope(solve(sim, step["account_id"], "123456"), 403, "errors/account_restricted")
    assert sim.get("/api/v1/accounts").json()["items"] == []


def test_instagram_2fa(sim):
    step = login(sim, "ig@team.test", "INSTAGRAM").json()
    assert step["checkpoint"]["type"] == "2FA"
    done = solve(sim, step["account_id"], "123456", "INSTAGRAM")
    assert done.status_code == 201
    [account] = sim.get("/api/v1/accounts").json()["items"]
    assert account["type"] == "INSTAGRAM"
