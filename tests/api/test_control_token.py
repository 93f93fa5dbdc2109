"""A server with a control token: every /_sim call and inspector page needs it, the API routes
keep their own keys; a browser signs in once with a form."""

import httpx
from starlette.testclient import TestClient

from simulator.api.control_guard import COOKIE
from simulator.app import Settings, build_app
from simulator.cli import _control_token, _parser
from simulator.testing import SimulatorServer

TOKEN = "s3cret-control-token"


def test_without_the_token_the_control_plane_and_inspector_are_closed():
    with SimulatorServer(control_token=TOKEN) as server:
        world = server.new_world()  # the helper sends the token
        bare = httpx.Client(base_url=server.base_url)
        refused = bare.post("/_sim/tenants", json={"scenario": "default"})
        assert refused.status_code == 401 and refused.json()["type"] == "errors/missing_credentials"
        assert "X-Control-Token" in refused.json()["detail"]
        assert bare.delete(f"/_sim/tenants/{world.api_key}").status_code == 401
        assert bare.get("/_sim/clock", headers=world.headers).status_code == 401  # a key is no token
        wrong = bare.get("/_sim/tenants", headers={"X-Control-Token": "guess"})
        assert wrong.status_code == 401
        assert bare.get("/_sim/tenants", headers={"X-Control-Token": TOKEN}).status_code == 200
        # the API keeps its own keys, token or not
        assert bare.get("/api/v1/accounts", headers=world.headers).status_code == 200
        assert len(server.control("GET", "/tenants")["items"]) == 2  # nothing was dropped


def test_a_browser_signs_in_once_with_the_form():
    with SimulatorServer(control_token=TOKEN) as server:
        browser = httpx.Client(base_url=server.base_url, follow_redirects=False)
        page = browser.get("/_sim/ui")
        assert page.status_code == 401 and "control token" in page.text and "<form" in page.text
        bad = browser.post("/_sim/ui/control-token", data={"token": "nope"})
        assert bad.status_code == 401 and "not this server&#x27;s control token" in bad.text
        good = browser.post("/_sim/ui/control-token", data={"token": TOKEN})
        assert good.status_code == 303 and good.headers["location"] == "/_sim/ui"
        assert f"{COOKIE}={TOKEN}" in good.headers["set-cookie"] and "HttpOnly" in good.headers["set-cookie"]
        assert browser.get("/_sim/ui").status_code == 200


def test_loopback_needs_no_token_and_beyond_loopback_gets_one_made_up(monkeypatch):
    monkeypatch.delenv("UNIPILE_SIM_CONTROL_TOKEN", raising=False)
    parser = _parser()
    assert _control_token(parser.parse_args(["serve"])) is None
    made = _control_token(parser.parse_args(["serve", "--host", "0.0.0.0"]))
    assert made and len(made) >= 24 and made != _control_token(parser.parse_args(["serve", "--host", "0.0.0.0"]))
    assert _control_token(parser.parse_args(["serve", "--host", "0.0.0.0", "--control-token", "mine"])) == "mine"
    with TestClient(build_app(Settings())) as open_server:  # without a token, as before
        assert open_server.get("/_sim/tenants").status_code == 200
    monkeypatch.setenv("UNIPILE_SIM_CONTROL_TOKEN", "from-env")
    assert _control_token(_parser().parse_args(["serve"])) == "from-env"


def test_health_stays_open_for_container_health_checks():
    with SimulatorServer(control_token=TOKEN) as server:
        assert httpx.get(server.control_url + "/health").status_code == 200
