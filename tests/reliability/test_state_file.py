"""`serve --state-file`: worlds survive a restart; `GET/PUT /_sim/state` export and import one.

Each test drives worlds through the public API and the control plane, reads them through many
routes, then reads them again from a new server on the same file (or from an imported export)
and compares every answer."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from simulator.app import Settings, build_app
from simulator.persistence import framing
from simulator.persistence.framing import StateFileError
from tests.api.network_helpers import linkedin_accounts, people_at

DEFAULT_KEY = "sim_default_key_0001"
OTHER_KEY = "sim_state_other_0001"
READS = (
    "/api/v1/accounts",
    "/api/v1/webhooks",
    "/api/v1/chats",
    "/api/v1/users/relations",
    "/api/v1/users/invite/sent",
    "/_sim/clock",
    "/_sim/webhooks/deliveries",
    "/_sim/faults",
)


def refused_url() -> str:
    """A local port nobody listens on: every delivery attempt to it fails at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


class World:
    def __init__(self, client: TestClient, key: str) -> None:
        self.client, self.key = client, key
        self.headers = {"X-API-KEY": key}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.headers, json=json, **kwargs)


def read_everything(world: World) -> dict[str, Any]:
    ids = linkedin_accounts(world)
    answers = {path: world.get(path).json() for path in READS}
    for account in (ids.sales_navigator, ids.free):
        for path in ("/api/v1/users/relations", "/api/v1/users/invite/sent", "/api/v1/chats"):
            answers[f"{path}?{account}"] = world.get(path, params={"account_id": account}).json()
    return answers


def live_a_week(world: World, receiver_url: str) -> None:
    """Invitations, a message, a webhook whose receiver refuses, a fault rule that fires on reads
    and draws from its random stream, and a few days of the clock."""
    ids = linkedin_accounts(world)
    hook = world.post("/api/v1/webhooks", {"request_url": receiver_url, "source": "users"})
    assert hook.status_code == 201, hook.text
    for person in people_at(world, ids.sales_navigator, 2, 3):
        sent = world.post(
            "/api/v1/users/invite",
            {"account_id": ids.sales_navigator, "provider_id": person["id"], "message": "Hi"},
        )
        assert sent.status_code == 201, sent.text
    chats = world.get("/api/v1/chats", params={"account_id": ids.sales_navigator}).json()["items"]
    sent = world.client.post(
        f"/api/v1/chats/{chats[0]['id']}/messages", headers=world.headers,
        files={"text": (None, "Hello"), "attachments": ("a.bin", bytes(range(256)))},
    )
    assert sent.status_code == 201, sent.text
    fault = world.post(
        "/_sim/faults",
        {"match": {"method": "GET", "path": "/api/v1/chats"}, "probability": 0.5,
         "respond": {"status": 503, "type": "errors/no_client_session"}},
    )  # fmt: skip
    assert fault.status_code == 201, fault.text
    statuses = [world.get("/api/v1/chats").status_code for _ in range(12)]
    assert set(statuses) == {200, 503}  # the rule's draws: the replay must draw the same
    world.client.delete("/_sim/faults", headers=world.headers)
    for _ in range(3):
        assert world.post("/_sim/clock/advance", {"seconds": 86_400}).status_code == 200


def test_a_restart_resumes_every_world_as_it_was(tmp_path: Path):
    state_file = str(tmp_path / "state.log")
    receiver = refused_url()
    with TestClient(build_app(Settings(state_file=state_file))) as client:
        made = client.post("/_sim/tenants", json={"scenario": "default", "api_key": OTHER_KEY})
        assert made.status_code == 201
        generated = client.post("/_sim/tenants", json={"scenario": "default"}).json()["api_key"]
        worlds = [World(client, key) for key in (DEFAULT_KEY, OTHER_KEY, generated)]
        for world in worlds[:2]:
            live_a_week(world, receiver)
        assert client.post("/_sim/reset", headers=worlds[1].headers).status_code == 200
        worlds[1].post("/api/v1/webhooks", {"request_url": receiver, "source": "messaging"})
        assert client.delete(f"/_sim/tenants/{generated}").status_code == 200
        before = [read_everything(world) for world in worlds[:2]]
        attempts = before[0]["/_sim/webhooks/deliveries"]["items"]
        assert attempts and all(item["status_code"] is None for item in attempts)

    with TestClient(build_app(Settings(state_file=state_file))) as client:
        after = [read_everything(World(client, key)) for key in (DEFAULT_KEY, OTHER_KEY)]
        assert after == before
        assert World(client, generated).get("/api/v1/accounts").status_code == 401  # dropped
        # A retry that was waiting on the world's clock is still waiting, and happens.
        world = World(client, DEFAULT_KEY)
        pending = world.get("/_sim/clock").json()["pending_events"]
        assert pending == before[0]["/_sim/clock"]["pending_events"]
        world.post("/_sim/clock/advance", {"seconds": 5 * 3600})
        later = world.get("/_sim/webhooks/deliveries").json()["items"]
        assert len(later) > len(attempts)


def test_simulator_servers_on_one_file_share_their_worlds(tmp_path: Path):
    from simulator.testing import SimulatorServer

    state_file = str(tmp_path / "state.log")
    with SimulatorServer(state_file=state_file) as sim:
        world = sim.new_world("default")
        made = world.request("POST", "/webhooks", json={"request_url": "http://127.0.0.1:9/",
                                                        "source": "users"})  # fmt: skip
        assert made.status_code == 201
        key = world.api_key
    with SimulatorServer(state_file=state_file) as sim:
        hooks = sim.control("GET", "/tenants", params={"reveal_keys": "true"})["items"]
        assert key in [item["api_key"] for item in hooks]


def test_a_restart_keeps_cursors_good(tmp_path: Path):
    state_file = str(tmp_path / "state.log")
    with TestClient(build_app(Settings(state_file=state_file))) as client:
        world = World(client, DEFAULT_KEY)
        first = world.get("/api/v1/accounts", params={"limit": 2}).json()
    with TestClient(build_app(Settings(state_file=state_file))) as client:
        page = World(client, DEFAULT_KEY).get(
            "/api/v1/accounts", params={"cursor": first["cursor"]}
        )
        assert page.status_code == 200, page.text


def test_an_exported_world_imported_answers_the_same(tmp_path: Path):
    with TestClient(build_app(Settings())) as client:
        world = World(client, DEFAULT_KEY)
        live_a_week(world, refused_url())
        before = read_everything(world)
        exported = world.get("/_sim/state")
        assert exported.status_code == 200
        assert "attachment" in exported.headers["content-disposition"]
        document = exported.json()
        assert document["records"][0]["t"] == "world"

        in_use = client.put("/_sim/state", json=document)
        assert in_use.status_code == 409 and "api_key" in in_use.json()["detail"]
        assert client.delete(f"/_sim/tenants/{DEFAULT_KEY}").status_code == 200
        imported = client.put("/_sim/state", json=document)
        assert imported.status_code == 200, imported.text
        assert imported.json()["object"] == "WorldImported"
        assert read_everything(world) == before
        # The imported world is kept like any other: exporting it again gives its records.
        assert world.get("/_sim/state").json()["records"] == document["records"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(simulator="0.0.1"), "simulator"),
        (lambda d: d.update(version=99), "version"),
        (lambda d: d.update(format="something else"), "format"),
        (lambda d: d["records"].pop(0), "records.0.t"),
        (lambda d: d["records"][1].update(w="sim_someone_else"), "records.1.w"),
        (lambda d: d["records"][1].update(t="header"), "records.1.t"),
    ],
)
def test_a_document_that_cannot_be_imported_is_a_400_naming_the_field(change, field):
    with TestClient(build_app(Settings())) as client:
        world = World(client, DEFAULT_KEY)
        world.post("/api/v1/webhooks", {"request_url": "http://127.0.0.1:9/", "source": "users"})
        document = world.get("/_sim/state").json()
        client.delete(f"/_sim/tenants/{DEFAULT_KEY}")
        change(document)
        refused = client.put("/_sim/state", json=document)
        assert refused.status_code == 400, refused.text
        assert refused.json()["detail"].startswith(field)
        assert client.get("/_sim/tenants").json()["count"] == 0


def test_records_that_do_not_replay_leave_no_world_behind():
    with TestClient(build_app(Settings())) as client:
        document = World(client, DEFAULT_KEY).get("/_sim/state").json()
        client.delete(f"/_sim/tenants/{DEFAULT_KEY}")
        document["records"].append(
            {"t": "attempt", "w": DEFAULT_KEY, "at": 0, "delivery": "dlv_000001", "attempt": 1,
             "status": 200, "error": None, "duration_ms": 1.0}
        )  # fmt: skip
        document["records"][0]["scenario"]["accounts"] = "not a list"
        refused = client.put("/_sim/state", json=document)
        assert refused.status_code == 400
        assert refused.json()["detail"].startswith("records")
        assert client.get("/_sim/tenants").json()["count"] == 0


# -- the file itself ---------------------------------------------------------------------------


def test_a_torn_last_record_is_dropped_and_said(tmp_path: Path):
    state_file = tmp_path / "state.log"
    with TestClient(build_app(Settings(state_file=str(state_file)))) as client:
        World(client, DEFAULT_KEY).post(
            "/api/v1/webhooks", {"request_url": "http://127.0.0.1:9/", "source": "users"}
        )
    whole = state_file.read_bytes()
    torn = framing.encode({"t": "drop", "w": DEFAULT_KEY})[:-7]
    state_file.write_bytes(whole + torn)
    app = build_app(Settings(state_file=str(state_file)))
    assert app.state.registry.state_log.torn_bytes == len(torn)
    with TestClient(app) as client:
        hooks = World(client, DEFAULT_KEY).get("/api/v1/webhooks").json()["items"]
        assert len(hooks) == 1  # the torn drop was never answered: the world is there
    assert state_file.read_bytes() == whole  # compacted: the torn bytes are gone


def test_a_damaged_record_refuses_the_file(tmp_path: Path):
    state_file = tmp_path / "state.log"
    with TestClient(build_app(Settings(state_file=str(state_file)))) as client:
        World(client, DEFAULT_KEY).post(
            "/api/v1/webhooks", {"request_url": "http://127.0.0.1:9/", "source": "users"}
        )
    lines = state_file.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b'"default"', b'"defaulT"', 1)
    state_file.write_bytes(b"\n".join(lines))
    with pytest.raises(StateFileError, match=r"record 2 \(byte \d+\) fails its checksum"):
        build_app(Settings(state_file=str(state_file)))


def test_a_file_from_another_version_is_refused(tmp_path: Path):
    state_file = tmp_path / "state.log"
    header = framing.header(b"k" * 32) | {"simulator": "0.0.1"}
    state_file.write_bytes(framing.encode(header))
    with pytest.raises(StateFileError, match="written by unipile-sim 0.0.1"):
        build_app(Settings(state_file=str(state_file)))


def test_serve_refuses_a_damaged_file_with_its_message(tmp_path: Path, capsys):
    from simulator.cli import main

    state_file = tmp_path / "state.log"
    state_file.write_bytes(b"not a state file\nat all\n")
    assert main(["serve", "--port", "0", "--state-file", str(state_file)]) == 2
    assert "fails its checksum" in capsys.readouterr().err


def test_the_inspector_downloads_and_uploads_a_world():
    with TestClient(build_app(Settings()), follow_redirects=False) as client:
        world = World(client, DEFAULT_KEY)
        world.post("/api/v1/webhooks", {"request_url": "http://127.0.0.1:9/", "source": "users"})
        before = read_everything(world)
        page = client.get("/_sim/ui")
        assert "/_sim/ui/worlds/export" in page.text and 'id="import-world"' in page.text
        download = client.post("/_sim/ui/worlds/export", data={"api_key": DEFAULT_KEY})
        assert download.status_code == 200
        assert download.headers["content-disposition"].startswith("attachment")
        client.delete(f"/_sim/tenants/{DEFAULT_KEY}")
        bad = client.post(
            "/_sim/ui/worlds/import", files={"document": ("w.json", b"[1]", "application/json")}
        )
        assert bad.status_code == 400 and "document" in bad.text
        upload = client.post(
            "/_sim/ui/worlds/import",
            files={"document": ("w.json", download.content, "application/json")},
        )
        assert upload.status_code == 303
        assert upload.cookies.get("unipile_sim_key") == DEFAULT_KEY
        assert read_everything(world) == before


def test_the_file_is_compacted_while_serving_once_mostly_dead(tmp_path: Path):
    state_file = tmp_path / "state.log"
    app = build_app(Settings(state_file=str(state_file)))
    app.state.registry.state_log.compact_at_bytes = 20_000
    hook = {"request_url": "http://127.0.0.1:9/", "source": "users"}
    with TestClient(app) as client:
        world = World(client, DEFAULT_KEY)
        sizes = []
        for _ in range(6):
            for _ in range(40):
                assert world.post("/api/v1/webhooks", hook).status_code == 201
            sizes.append(state_file.stat().st_size)
            assert client.post("/_sim/reset", headers=world.headers).status_code == 200
        world.post("/api/v1/webhooks", hook | {"name": "after the resets"})
        assert max(sizes) < 2 * min(sizes)  # without compaction it would grow sixfold
        names = [item["name"] for item in world.get("/api/v1/webhooks").json()["items"]]
        records = world.get("/_sim/state").json()["records"]
        assert [record["t"] for record in records] == ["world", "request"]
    with TestClient(build_app(Settings(state_file=str(state_file)))) as client:
        again = World(client, DEFAULT_KEY).get("/api/v1/webhooks").json()["items"]
        assert [item["name"] for item in again] == names == ["after the resets"]


def test_a_hosted_login_and_a_guarded_control_plane_are_replayed(tmp_path: Path):
    """The wizard's pages (no API key, the world found by the session) and control-plane calls
    made with one control token replay on a server restarted with another."""
    state_file = str(tmp_path / "state.log")
    link = {"type": "create", "providers": ["LINKEDIN"], "api_url": "https://api8.unipile.com",
            "expiresOn": "2026-01-05T10:00:00.000Z",
            "notify_url": refused_url()}  # fmt: skip
    first = Settings(state_file=state_file, control_token="first-token")
    with TestClient(build_app(first)) as client:
        client.headers["X-Control-Token"] = "first-token"
        world = World(client, DEFAULT_KEY)
        accounts_before = len(world.get("/api/v1/accounts").json()["items"])
        url = world.post("/api/v1/hosted/accounts/link", link).json()["url"]
        path = "/" + url.split("/", 3)[3]
        form = {"provider": "LINKEDIN", "method": "credentials", "username": "ok@sim.test",
                "password": "secret"}  # fmt: skip
        assert client.post(f"{path}/login", data=form).status_code == 200
        assert world.post("/_sim/clock/advance", {"seconds": 600}).status_code == 200
        before = read_everything(world)
    assert len(before["/api/v1/accounts"]["items"]) == accounts_before + 1  # connected
    notified = [d["event"] for d in before["/_sim/webhooks/deliveries"]["items"]]
    assert notified == ["notify_url"] * 3  # refused at once, then the 1 min and 5 min retries
    second = Settings(state_file=state_file, control_token="second-token")
    with TestClient(build_app(second)) as client:
        client.headers["X-Control-Token"] = "second-token"
        assert read_everything(World(client, DEFAULT_KEY)) == before
