"""POST /api/v1/hosted/accounts/link and POST /_sim/hosted/{session}/complete (§3)."""

import pytest

from simulator.testing import SimulatorServer
from tests.api.conftest import DEFAULT_KEY, assert_envelope
from tests.api.receiver import Receiver, wait_until

LINK = "/api/v1/hosted/accounts/link"
CREATE = {
    "type": "create",
    "providers": "*",
    "api_url": "https://api8.unipile.com:13443",
    "expiresOn": "2026-01-05T10:00:00.000Z",  # one hour after the default world's start
}


@pytest.fixture
def world(client):
    return client.app.state.registry.get(DEFAULT_KEY)


@pytest.fixture
def events(world):
    seen = []
    world.bus.subscribe(seen.append)
    return seen


def new_link(client, **fields):
    response = client.post(LINK, json=CREATE | fields)
    assert response.status_code == 201, response.text
    return response.json()["url"].rsplit("/", 1)[1]


def complete(client, session_id, **body):
    return client.post(f"/_sim/hosted/{session_id}/complete", json={"outcome": "success"} | body)


def test_link_is_201_hosted_auth_url_pointing_at_the_simulator(client, world):
    response = client.post(LINK, json=CREATE)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"object", "url"} and body["object"] == "HostedAuthUrl"
    assert body["url"].startswith("http://testserver/hosted/")
    session_id = body["url"].rsplit("/", 1)[1]
    session = world.hosted.get(session_id)
    assert session.type == "create" and session.state == "pending"
    assert session.expires_at_ms == world.now_ms() + 3_600_000


def test_the_session_stores_what_the_link_asked_for(client, world):
    session_id = new_link(
        client,
        providers=["LINKEDIN", "WHATSAPP"],
        name="user-7",
        notify_url="https://app.sim.test/notify",
        success_redirect_url="https://app.sim.test/ok",
        failure_redirect_url="https://app.sim.test/ko",
        bypass_success_screen=True,
        disabled_features=["linkedin_recruiter"],
        disabled_options=["proxy"],
        proxy={"host": "p.sim.test", "port": 8080},
        sync_limit={"MAILING": "NO_HISTORY_SYNC", "MESSAGING": {"chats": 10}},
    )
    session = world.hosted.get(session_id)
    assert session.providers == ("LINKEDIN", "WHATSAPP")
    link = session.link
    assert (link.name, link.notify_url, link.bypass_success_screen) == (
        "user-7",
        "https://app.sim.test/notify",
        True,
    )
    assert link.options["proxy"]["port"] == 8080 and link.options["sync_limit"]["MESSAGING"] == {
        "chats": 10
    }


def test_complete_create_connects_an_account_and_announces_notify(client, events):
    session_id = new_link(
        client,
        providers=["LINKEDIN"],
        name="user-7",
        notify_url="https://app.sim.test/notify",
        success_redirect_url="https://app.sim.test/ok",
    )
    response = complete(client, session_id)
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "HostedAuthCompleted" and body["status"] == "CREATION_SUCCESS"
    assert body["redirect_url"] == "https://app.sim.test/ok" and body["session_id"] == session_id
    account = client.get(f"/api/v1/accounts/{body['account_id']}").json()
    assert account["type"] == "LINKEDIN" and account["sources"][0]["status"] == "OK"
    assert [(e.name, e.data.get("message")) for e in events] == [
        ("account_status", "CREATION_SUCCESS"),
        ("hosted_auth_notify", None),
    ]
    assert events[1].data["body"] == {
        "status": "CREATION_SUCCESS",
        "account_id": body["account_id"],
        "name": "user-7",
    }


def test_complete_reconnect_keeps_the_id(client, events):
    expired = next(
        a
        for a in client.get("/api/v1/accounts").json()["items"]
        if a["sources"][0]["status"] == "CREDENTIALS"
    )
    session_id = new_link(client, type="reconnect", reconnect_account=expired["id"], providers="*")
    body = complete(client, session_id).json()
    assert body["status"] == "RECONNECTED" and body["account_id"] == expired["id"]
    assert client.get(f"/api/v1/accounts/{expired['id']}").json()["sources"][0]["status"] == "OK"
    assert [e.data.get("message") for e in events] == [
        "RECONNECTED"
    ]  # no notify_url: no announcement


def test_complete_failure(client, events):
    session_id = new_link(client, failure_redirect_url="https://app.sim.test/ko")
    body = complete(client, session_id, outcome="failure").json()
    assert body == {
        "object": "HostedAuthCompleted",
        "session_id": session_id,
        "status": "FAILED",
        "account_id": None,
        "redirect_url": "https://app.sim.test/ko",
    }
    assert events == [] and len(client.get("/api/v1/accounts").json()["items"]) == 7


def test_complete_with_a_chosen_provider(client):
    session_id = new_link(client, providers="*:MAILING")
    assert_envelope(
        complete(client, session_id, provider="LINKEDIN"),
        400,
        "errors/invalid_parameters",
        "provider:",
    )
    account_id = complete(client, session_id, provider="OUTLOOK").json()["account_id"]
    assert client.get(f"/api/v1/accounts/{account_id}").json()["type"] == "OUTLOOK"


def test_expired_and_used_links_are_expired_link(client):
    used = new_link(client)
    complete(client, used)
    assert_envelope(complete(client, used), 401, "errors/expired_link", "already used")
    later = new_link(client)
    fired = client.post("/_sim/clock/advance", json={"seconds": 3600}).json()["fired"]
    expired = [event["session_id"] for event in fired if event["kind"] == "hosted_link_expired"]
    assert expired == [later]  # the used link's expiry was cancelled when it completed
    assert_envelope(complete(client, later), 401, "errors/expired_link", "expired")
    past = new_link(client, expiresOn="2025-12-31T23:59:59.999Z")
    assert_envelope(complete(client, past), 401, "errors/expired_link")


def test_unknown_session_is_404(client):
    assert_envelope(
        complete(client, "no-such-session"), 404, "errors/resource_not_found", "session:"
    )


def test_reconnect_link_for_an_unknown_account_is_404(client):
    response = client.post(LINK, json=CREATE | {"type": "reconnect", "reconnect_account": "nope"})
    assert_envelope(response, 404, "errors/resource_not_found", "reconnect_account:")


@pytest.mark.parametrize(
    ("change", "error_type", "field"),
    [
        ({"expiresOn": "2026-01-05T10:00:00Z"}, "errors/invalid_parameters", "expiresOn"),
        ({"expiresOn": "2026-01-05T10:00:00.000+00:00"}, "errors/invalid_parameters", "expiresOn"),
        ({"expiresOn": "2026-01-05T10:00:00.0000Z"}, "errors/invalid_parameters", "expiresOn"),
        ({"expiresOn": 1767607200000}, "errors/invalid_parameters", "expiresOn"),
        ({"type": "update"}, "errors/invalid_parameters", "type"),
        ({"providers": []}, "errors/invalid_parameters", "providers"),
        ({"providers": ["FAX"]}, "errors/invalid_parameters", "providers.0"),
        ({"providers": "*:FAX"}, "errors/invalid_parameters", "providers"),
        ({"api_url": "api8.unipile.com"}, "errors/invalid_parameters", "api_url"),
        ({"notify_url": "ftp://x"}, "errors/invalid_parameters", "notify_url"),
        (
            {"success_redirect_url": "https://app.sim.test/o k"},
            "errors/invalid_parameters",
            "success_redirect_url",
        ),
        (
            {"failure_redirect_url": "https://\tapp.sim.test"},
            "errors/invalid_parameters",
            "failure_redirect_url",
        ),
        ({"name": ""}, "errors/invalid_parameters", "name"),
        ({"bypass_success_screen": "yes"}, "errors/invalid_parameters", "bypass_success_screen"),
        ({"disabled_options": ["everything"]}, "errors/invalid_parameters", "disabled_options.0"),
        ({"reconnect_account": "x"}, "errors/invalid_parameters", "reconnect_account"),
        ({"type": "reconnect"}, "errors/missing_parameters", "reconnect_account"),
        ({"name": None}, "errors/invalid_parameters", "name"),
    ],
)
def test_bad_link_bodies_are_400_naming_the_field(client, change, error_type, field):
    body = assert_envelope(client.post(LINK, json=CREATE | change), 400, error_type)
    assert body["detail"].startswith(f"{field}:"), body


def test_the_optional_urls_take_a_null_as_the_real_api_does(client, world):
    # The real API's document leaves these three untyped: a null is "not given".
    urls = ("success_redirect_url", "failure_redirect_url", "notify_url")
    session_id = new_link(client, **dict.fromkeys(urls))
    link = world.hosted.get(session_id).link
    assert (link.success_redirect_url, link.failure_redirect_url, link.notify_url) == (None,) * 3


def test_api_url_is_required_but_takes_a_null_as_the_document_allows(client, world):
    # Unipile's document requires api_url and leaves it untyped (issue 24's judge); the link
    # points at the simulator whatever it says.
    session_id = new_link(client, api_url=None)
    assert world.hosted.get(session_id).link.api_url is None


def test_a_url_refuses_the_whitespace_the_contract_names_and_no_other(client):
    # The contract's pattern names ASCII whitespace: `\s` would differ between regex engines
    # (U+0085 is whitespace to Python and Rust, not to JSON Schema's ECMA-262), and the simulator
    # would refuse URLs that schema validators accept.
    new_link(client, success_redirect_url="https://app.sim.test/ok\u0085x")
    for url in ("https://app.sim.test/o\u00a0k", "https://app.sim.test/o\u2028k"):
        new_link(client, success_redirect_url=url)


@pytest.mark.parametrize("missing", ["type", "expiresOn", "api_url", "providers"])
def test_missing_fields_are_400(client, missing):
    body = {key: value for key, value in CREATE.items() if key != missing}
    assert_envelope(client.post(LINK, json=body), 400, "errors/missing_parameters", f"{missing}:")


def test_a_day_past_the_months_end_rolls_over(client, world):
    session_id = new_link(client, expiresOn="2026-02-30T00:00:00.000Z")
    assert world.hosted.get(session_id).expires_at_ms == 1772409600000  # 2026-03-02


@pytest.fixture(scope="module")
def server():
    with SimulatorServer(strict=True) as sim:
        yield sim


def test_notify_url_and_account_status_webhook_really_arrive(server):
    world = server.new_world("default")
    try:
        with Receiver() as notify, Receiver() as hooks:
            created = world.request(
                "POST",
                "/webhooks",
                headers=world.headers,
                json={"request_url": hooks.url, "source": "account_status"},
            )
            assert created.status_code == 201, created.text
            link = world.request(
                "POST",
                "/hosted/accounts/link",
                headers=world.headers,
                json=CREATE | {"notify_url": notify.url, "name": "signed-name"},
            )
            url = link.json()["url"]
            assert url.startswith(server.base_url + "/hosted/")
            done = world.control(
                "POST", f"/hosted/{url.rsplit('/', 1)[1]}/complete", json={"outcome": "success"}
            )
            wait_until(
                lambda: notify.count() == 1 and hooks.count() == 1, what="notify and webhook"
            )
            assert notify.received[0].json() == {
                "status": "CREATION_SUCCESS",
                "account_id": done["account_id"],
                "name": "signed-name",
            }
            assert hooks.received[0].json() == {
                "AccountStatus": {
                    "account_id": done["account_id"],
                    "message": "CREATION_SUCCESS",
                    "account_type": "LINKEDIN",
                }
            }
    finally:
        world.drop()
