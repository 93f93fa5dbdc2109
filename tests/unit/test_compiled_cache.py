"""serve's compiled scenarios kept on disk (simulator/scenario/compiled_cache.py): a hit gives the
same worlds as a compilation, and anything unusable in the cache is a miss, never an error."""

import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from starlette.testclient import TestClient

from simulator import app as app_module
from simulator.app import Settings, build_app
from simulator.scenario import compiled_cache
from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.compiled_cache import default_cache_dir, load_for_serving
from simulator.scenario.loaded import ScenarioError, scenario_path
from simulator.scenario.loader import load_scenario

DEFAULT_KEY = "sim_default_key_0001"
OUTREACH_KEY = "sim_outreach_week_0001"  # linkedin-outreach-week: a timeline to play


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.pickle"))


def test_a_second_load_reads_the_entry_and_parses_nothing(tmp_path: Path):
    first = load_for_serving("default", None, tmp_path)
    assert len(entries(tmp_path)) == 1
    again = load_for_serving("default", None, tmp_path)
    assert not again.parsed
    compiled = compile_blueprint(load_scenario("default"))
    assert again.precompiled(None) == compiled
    assert again.precompiled(None) is not compiled  # read from the file, not this process
    assert again.fingerprint == first.fingerprint == load_scenario("default").fingerprint
    assert again.summary() == first.summary()
    assert again.summary().api_key == DEFAULT_KEY
    assert again.scenario == load_scenario("default").scenario  # parsed when asked for
    assert again.parsed


def test_each_seed_has_its_own_entry(tmp_path: Path):
    plain = load_for_serving("default", None, tmp_path)
    seeded = load_for_serving("default", 7, tmp_path)
    assert len(entries(tmp_path)) == 2
    assert plain.precompiled(None).seed == 42
    assert seeded.precompiled(7).seed == 7
    assert load_for_serving("default", 7, tmp_path).precompiled(7) == seeded.precompiled(7)


def test_changed_code_misses_and_replaces_the_entry(tmp_path: Path, monkeypatch):
    load_for_serving("default", None, tmp_path)
    (entry,) = entries(tmp_path)
    before = entry.read_bytes()
    stamp = compiled_cache._code_stamp()
    monkeypatch.setattr(compiled_cache, "_code_stamp", lambda: stamp + "\nan edited module")
    missed = load_for_serving("default", None, tmp_path)
    assert missed.parsed  # compiled again
    assert entries(tmp_path) == [entry] and entry.read_bytes() != before
    assert not load_for_serving("default", None, tmp_path).parsed


def test_an_edited_scenario_file_misses(tmp_path: Path):
    cache, scenario = tmp_path / "cache", tmp_path / "mine.yaml"
    text = (Path(load_scenario("default").source)).read_text(encoding="utf-8")
    scenario.write_text(text, encoding="utf-8")
    load_for_serving(str(scenario), None, cache)
    scenario.write_text(text.replace("seed: 42", "seed: 43"), encoding="utf-8")
    edited = load_for_serving(str(scenario), None, cache)
    assert edited.parsed and edited.precompiled(None).seed == 43
    assert not load_for_serving(str(scenario), None, cache).parsed


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle", b"\x80\x05K\x01.", b"\x80\x05\x95\x10\x00\x00"]
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, damage: bytes):
    load_for_serving("default", None, tmp_path)
    (entry,) = entries(tmp_path)
    entry.write_bytes(damage)
    assert load_for_serving("default", None, tmp_path).parsed
    assert entry.read_bytes() != damage
    assert not load_for_serving("default", None, tmp_path).parsed


def test_a_directory_that_cannot_be_written_only_costs_the_compilation(tmp_path: Path):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way")
    loaded = load_for_serving("default", None, blocked / "cache")
    assert loaded.precompiled(None) == compile_blueprint(load_scenario("default"))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file"]  # no partial left


def test_a_bad_scenario_is_refused_as_before_and_nothing_is_kept(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\naccounts: 3\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="accounts"):
        load_for_serving(str(broken), None, tmp_path / "cache")
    with pytest.raises(ScenarioError, match="no such scenario"):
        load_for_serving("no-such-scenario", None, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


READS = ["/api/v1/accounts", "/api/v1/chats?limit=50", "/_sim/state", "/_sim/clock"]
PER_ACCOUNT = {  # account type: its reads
    "LINKEDIN": ["/api/v1/users/relations?limit=50", "/api/v1/users/invite/sent?limit=50"],
    "GOOGLE_OAUTH": ["/api/v1/emails?limit=20"],
    "MAIL": ["/api/v1/emails?limit=20"],
}


def answers(cache: Path | None, scenario: str, key: str, advance: int | None = None) -> list:
    settings = Settings(scenarios=[scenario], compiled_cache=cache)
    with TestClient(build_app(settings)) as client:
        client.headers["X-API-KEY"] = key
        if advance is not None:
            client.post("/_sim/clock/advance", json={"seconds": advance}).raise_for_status()
        paths = list(READS)
        for account in client.get("/api/v1/accounts").json()["items"]:
            for path in PER_ACCOUNT.get(account["type"], []):
                paths.append(f"{path}&account_id={account['id']}")
        seen = [(path, client.get(path)) for path in paths]
        seen = [(path, response.status_code, response.json()) for path, response in seen]
        reset = client.post("/_sim/reset")
        seen.append(("reset", reset.status_code, client.get("/api/v1/accounts").json()))
        return seen


@pytest.mark.parametrize(
    "scenario, key, advance",
    [("default", DEFAULT_KEY, None), ("linkedin-outreach-week", OUTREACH_KEY, 4 * 86_400)],
)
def test_worlds_from_a_hit_answer_as_compiled_ones(tmp_path, scenario, key, advance):
    compiled = answers(None, scenario, key, advance)
    answers(tmp_path, scenario, key, advance)  # writes the entry
    assert entries(tmp_path)
    from_cache = answers(tmp_path, scenario, key, advance)
    assert from_cache == compiled
    assert all(status == 200 for _, status, _ in compiled), compiled
    assert len(compiled) > len(READS) + 2  # per-account reads were made


def change_the_world(client: TestClient) -> None:
    """An invitation with a note, then four days of the timeline and of people's answers."""
    client.headers["X-API-KEY"] = OUTREACH_KEY
    accounts = client.get("/api/v1/accounts").json()["items"]
    account_id = next(a["id"] for a in accounts if a["type"] == "LINKEDIN")
    search = client.post(
        f"/api/v1/linkedin/search?account_id={account_id}",
        json={"api": "classic", "category": "people", "network_distance": [2]},
    )
    invite = {"account_id": account_id, "provider_id": search.json()["items"][0]["id"]}
    sent = client.post("/api/v1/users/invite", json=invite | {"message": "Hello"})
    assert sent.status_code == 201, sent.text
    client.post("/_sim/clock/advance", json={"seconds": 4 * 86_400}).raise_for_status()


def test_serve_keeps_a_compilation_once_answering_as_it_was_compiled(tmp_path):
    settings = Settings(
        scenarios=["linkedin-outreach-week"], compiled_cache=tmp_path, keep_compiled_later=True
    )
    app = build_app(settings)
    assert not entries(tmp_path)  # not before the first answer
    with TestClient(app) as client:
        change_the_world(client)
    assert len(entries(tmp_path)) == 1  # by the time the server stopped, at the latest
    # The entry holds the blueprint as compiled, not the world it became.
    assert not load_for_serving("linkedin-outreach-week", None, tmp_path).parsed
    compiled = answers(None, "linkedin-outreach-week", OUTREACH_KEY, 86_400)
    assert answers(tmp_path, "linkedin-outreach-week", OUTREACH_KEY, 86_400) == compiled


def test_serve_keeps_a_compilation_while_it_serves(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "_KEEP_COMPILED_AFTER_S", 0.0)
    settings = Settings(compiled_cache=tmp_path, keep_compiled_later=True)
    with TestClient(build_app(settings)) as client:
        client.headers["X-API-KEY"] = DEFAULT_KEY
        for _ in range(200):  # the server's loop runs the write between two requests
            if entries(tmp_path):
                break
            assert client.get("/api/v1/accounts").status_code == 200
        assert len(entries(tmp_path)) == 1


def test_a_compilation_that_cannot_be_kept_leaves_the_server_serving(tmp_path, monkeypatch):
    def fail(*args: object) -> None:
        raise RuntimeError("the pickler failed")

    monkeypatch.setattr(compiled_cache, "_write_entry", fail)
    monkeypatch.setattr(app_module, "_KEEP_COMPILED_AFTER_S", 0.0)
    settings = Settings(compiled_cache=tmp_path, keep_compiled_later=True)
    app = build_app(settings)
    with TestClient(app) as client:
        client.headers["X-API-KEY"] = DEFAULT_KEY
        for _ in range(50):
            assert client.get("/api/v1/accounts").status_code == 200
    assert not app.state.compiled_to_keep and not entries(tmp_path)


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch) -> Path:
    """`default` compiled as the wheel's build does, where an installed package has it."""
    directory = tmp_path / "shipped"
    directory.mkdir()
    assert [path.name for path in compiled_cache.ship(directory)] == ["default.pickle"]
    monkeypatch.setattr(compiled_cache, "SHIPPED_DIR", directory)
    return directory


def test_a_first_start_from_the_wheel_compiles_nothing_and_answers_as_compiled(
    shipped, tmp_path, monkeypatch
):
    assert not load_for_serving("default", None, None).parsed
    from_wheel = answers(None, "default", DEFAULT_KEY)
    monkeypatch.setattr(compiled_cache, "SHIPPED_DIR", tmp_path / "none")
    assert load_for_serving("default", None, None).parsed
    assert from_wheel == answers(None, "default", DEFAULT_KEY)


def test_the_wheels_entry_fills_the_users_cache(shipped, tmp_path):
    cache = tmp_path / "cache"
    assert not load_for_serving("default", None, cache).parsed
    assert len(entries(cache)) == 1  # the next start reads it by modification times
    shipped.joinpath("default.pickle").unlink()
    assert not load_for_serving("default", None, cache).parsed


def test_the_wheels_entry_serves_only_its_code_python_scenario_and_seed(
    shipped, tmp_path, monkeypatch
):
    assert load_for_serving("default", 7, None).parsed  # another seed
    edited = tmp_path / "default.yaml"  # another file of the same name
    edited.write_text(scenario_path("default").read_text() + "\n# edited\n")
    assert load_for_serving(str(edited), None, None).parsed
    with monkeypatch.context() as patched:  # another version of the code
        files = compiled_cache._code_files()
        patched.setattr(compiled_cache, "_code_files", lambda: files[1:])
        assert load_for_serving("default", None, None).parsed
    with monkeypatch.context() as patched:  # another Python
        version = SimpleNamespace(major=sys.version_info.major, minor=sys.version_info.minor + 1)
        patched.setattr(compiled_cache, "sys", SimpleNamespace(version_info=version))
        assert load_for_serving("default", None, None).parsed
    assert not load_for_serving("default", None, None).parsed


@pytest.mark.slow
def test_the_wheel_ships_default_compiled_for_its_code(tmp_path):
    """hatch_build.py, through pip: the wheel holds `default`'s entry, keyed for this tree."""
    root = Path(__file__).resolve().parents[2]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(root), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("unipile_sim-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        entry = pickle.loads(archive.read("simulator/_bundled/compiled/default.pickle"))
    text = scenario_path("default").read_text(encoding="utf-8")
    assert entry[1] == compiled_cache._shipped_key("default", text)
    assert entry[4] == load_for_serving("default", None, None).precompiled(None)


def test_serve_starting_from_a_hit_loads_neither_pydantic_nor_the_scenario_schema(tmp_path):
    program = (
        "import json, sys\n"
        "from simulator.cli import Settings, build_app\n"
        "from pathlib import Path\n"
        f"app = build_app(Settings(compiled_cache=Path({str(tmp_path)!r})))\n"
        "heavy = ('pydantic', 'simulator.scenario.schema', 'simulator.scenario.blueprint')\n"
        "keys = [w.api_key for w in app.state.registry.worlds()]\n"
        "print(json.dumps(keys + [name for name in heavy if name in sys.modules]))\n"
    )
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    first = run()  # a miss: reads the file with pydantic, compiles and keeps the entry
    assert first[0] == DEFAULT_KEY and "pydantic" in first
    assert run() == [DEFAULT_KEY]  # the second start: the entry the first one wrote


def test_the_least_recently_used_entries_go_beyond_the_bound(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(compiled_cache, "MAX_ENTRIES", 2)
    load_for_serving("empty", 1, tmp_path)
    (first,) = entries(tmp_path)
    load_for_serving("empty", 2, tmp_path)
    (second,) = set(entries(tmp_path)) - {first}
    os.utime(first, ns=(1, 1))  # the older of the two
    os.utime(second, ns=(2, 2))
    assert not load_for_serving("empty", 1, tmp_path).parsed  # a hit marks it recently used
    load_for_serving("empty", 3, tmp_path)
    assert len(entries(tmp_path)) == 2 and first.exists() and not second.exists()
    assert not load_for_serving("empty", 1, tmp_path).parsed
    assert load_for_serving("empty", 2, tmp_path).parsed  # pruned, compiled again


def test_the_cache_directory_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UNIPILE_SIM_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.setenv("UNIPILE_SIM_CACHE_DIR", "")
    assert default_cache_dir() is None
    monkeypatch.delenv("UNIPILE_SIM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "unipile-sim"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "unipile-sim"
