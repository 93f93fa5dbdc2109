"""The guides in docs/ run, and the docs name only files that exist.

A fenced block of docs/ci-fixture.md, docs/sandbox.md or docs/contract-harness.md is run when its
info string carries a marker after the language:

- ```python doc-test: a script, run with `exec` in a fresh namespace in this process; it makes
  its own `SimulatorServer`.
- ```python doc-pytest: a test module using the plugin's fixtures (`unipile_sim`, `sim_world`,
  `sim_client`, `sim_webhooks`), run by an inner pytest through `pytester`; every `test_`
  function it defines must pass.
- ```sh doc-test: run by `bash -euo pipefail` from the repository's root, the venv's `bin` first
  on PATH, with `$SIM` the root URL of an `unipile-sim serve --port 0 --strict --quiet` this
  module starts (the docs write `SIM=http://127.0.0.1:8787`, where `serve` listens by default).
- ```sh doc-serve: each line is an `unipile-sim serve` command, optionally after `VAR=value`
  assignments; it is started with `--port 0` added, must print a banner that names what the line
  asked for (each scenario, the seed, the clock, strict mode, a given control token) and answer
  `/_sim/health`, and is stopped.
- ```text doc-banner: the banner of a plain `unipile-sim serve`, exactly, its port read as 8787.

Blocks without a marker (installation, Docker) are shown, not run.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ("docs/ci-fixture.md", "docs/sandbox.md", "docs/contract-harness.md")
MARKERS = {"doc-test", "doc-pytest", "doc-serve", "doc-banner"}
DOCUMENTED_PORT = 8787
_START_TIMEOUT_S = 20.0
_FENCE = re.compile(r"^```(\S*)(.*)$")


@dataclass(frozen=True)
class Snippet:
    page: str
    line: int  # the fence's line, 1-based
    language: str
    marker: str
    code: str

    @property
    def id(self) -> str:
        return f"{Path(self.page).stem}:{self.line}:{self.language}-{self.marker}"


def snippets(page: str) -> list[Snippet]:
    found: list[Snippet] = []
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        words = set(opening.group(2).split())
        marker = next(iter(words & MARKERS), "")
        if marker:
            code = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(Snippet(page, index + 1, opening.group(1), marker, code))
        index = end + 1
    return found


ALL = [snippet for page in GUIDES for snippet in snippets(page)]


def _of(language: str, marker: str) -> list[pytest.param]:
    return [pytest.param(s, id=s.id) for s in ALL if (s.language, s.marker) == (language, marker)]


def test_every_guide_has_runnable_snippets() -> None:
    for page in GUIDES:
        assert snippets(page), f"{page}: no block marked {sorted(MARKERS)}"
    unknown = [s.id for s in ALL if (s.language, s.marker) not in _KINDS]
    assert not unknown, f"markers on a language nothing runs: {unknown}"


_KINDS = {
    ("python", "doc-test"), ("python", "doc-pytest"), ("sh", "doc-test"),
    ("sh", "doc-serve"), ("text", "doc-banner"),
}  # fmt: skip


# -- Python ------------------------------------------------------------------------------------


@pytest.mark.parametrize("snippet", _of("python", "doc-test"))
def test_python_snippet_runs(snippet: Snippet) -> None:
    code = compile(snippet.code, f"{snippet.page}:{snippet.line}", "exec")
    exec(code, {"__name__": "__doc_snippet__"})  # noqa: S102 (the docs' own code)


@pytest.mark.parametrize("snippet", _of("python", "doc-pytest"))
def test_pytest_snippet_passes(snippet: Snippet, pytester: pytest.Pytester) -> None:
    tests = re.findall(r"^def (test_\w+)\(", snippet.code, flags=re.M)
    assert tests, f"{snippet.id}: no test_ function"
    pytester.makepyfile(**{f"test_{Path(snippet.page).stem.replace('-', '_')}_{snippet.line}":
                           snippet.code})  # fmt: skip
    # In a subprocess: an in-process run would leave its imports half-undone (pytester restores
    # sys.modules), and httpx in this process would stop recognising httpcore's errors.
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:xdist")
    assert result.ret == 0, f"{snippet.id}:\n" + "\n".join(result.outlines)
    result.assert_outcomes(passed=len(tests))


# -- shell -------------------------------------------------------------------------------------


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra or {})
    return env


@dataclass
class Served:
    process: subprocess.Popen[str]
    output: IO[str]  # a temporary file: a pipe read in two ways loses what one of them buffered
    base_url: str

    def printed(self) -> str:
        self.output.seek(0)
        return self.output.read()

    def stop(self) -> str:
        """Stop the server (ours: started by this module) and return all it printed."""
        self.process.terminate()
        try:
            self.process.wait(timeout=_START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        printed = self.printed()
        self.output.close()
        return printed


def serve(argv: list[str], env: dict[str, str] | None = None) -> Served:
    """Start `argv` (an `unipile-sim serve` command) on a free port; wait until it answers."""
    output = tempfile.TemporaryFile("w+", encoding="utf-8")
    process = subprocess.Popen(
        [*argv, "--port", "0"], cwd=ROOT, env=_environment(env), text=True,
        stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    served = Served(process, output, "")
    deadline = time.monotonic() + _START_TIMEOUT_S
    try:
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline and process.poll() is None:
                listening = re.search(r"listening on (http://\S+)", served.printed())
                if listening:
                    served.base_url = listening.group(1)
                    try:
                        if client.get(f"{served.base_url}/_sim/health").status_code == 200:
                            return served
                    except httpx.TransportError:
                        pass
                time.sleep(0.05)
    except BaseException:
        served.stop()  # never leave a server behind
        raise
    raise AssertionError(f"{shlex.join(argv)} did not start:\n{served.stop()}")


@pytest.fixture(scope="module")
def sim() -> Iterator[str]:
    served = serve([str(Path(sys.executable).parent / "unipile-sim"), "serve", "--strict",
                    "--quiet"])  # fmt: skip
    yield served.base_url
    served.stop()


@pytest.mark.parametrize("snippet", _of("sh", "doc-test"))
def test_shell_snippet_runs(snippet: Snippet, sim: str) -> None:
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", snippet.code], cwd=ROOT, env=_environment({"SIM": sim}),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, (
        f"{snippet.id} exited {run.returncode}\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}"
    )


def _serve_lines() -> list[pytest.param]:
    return [
        pytest.param(snippet, line, id=f"{snippet.id}:{number}")
        for snippet in ALL if (snippet.language, snippet.marker) == ("sh", "doc-serve")
        for number, line in enumerate(snippet.code.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]  # fmt: skip


def _expected_banner_parts(env: dict[str, str], argv: list[str]) -> list[str]:
    """What the banner must say, read from the command line as `serve` reads it."""

    def values(flag: str) -> list[str]:
        return [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == flag]

    scenarios = values("--scenario") or [
        ref for ref in env.get("UNIPILE_SIM_SCENARIO", "").split(",") if ref
    ] or ["default"]  # fmt: skip
    parts = [f"Scenario '{Path(ref).stem}'" for ref in scenarios]
    seed = (values("--seed") or [env.get("UNIPILE_SIM_SEED", "")])[-1]
    if seed:
        parts += [f"(seed {seed}, clock"]
    if clock := values("--clock"):
        parts += [f"clock {clock[-1]})"]
    if "--strict" in argv or env.get("UNIPILE_SIM_STRICT", "").lower() in ("1", "true", "yes"):
        parts += ["Strict mode: "]
    if values("--control-token") or env.get("UNIPILE_SIM_CONTROL_TOKEN"):
        parts += ["Control token  (the one given)"]
    return parts


@pytest.mark.parametrize(("snippet", "line"), _serve_lines())
def test_serve_line_starts(snippet: Snippet, line: str) -> None:
    words = shlex.split(line, comments=True)
    env = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:2] == ["unipile-sim", "serve"], f"{snippet.id}: not a serve command: {line}"
    served = serve([str(Path(sys.executable).parent / "unipile-sim"), *words[1:]], env)
    banner = served.stop()
    for part in _expected_banner_parts(env, words):
        assert part in banner, f"{line!r}: the banner lacks {part!r}:\n{banner}"


@pytest.mark.parametrize("snippet", _of("text", "doc-banner"))
def test_the_banner_is_the_one_serve_prints(snippet: Snippet) -> None:
    served = serve([str(Path(sys.executable).parent / "unipile-sim"), "serve"])
    printed = served.stop()
    port = served.base_url.rsplit(":", 1)[1]
    banner = [line for line in printed.splitlines() if not re.match(r"\S+ /\S* \d{3} ", line)]
    shown = "\n".join(banner).replace(f":{port}", f":{DOCUMENTED_PORT}")
    assert snippet.code.strip() == shown.strip(), f"{snippet.id}: serve printed\n{shown}"


# -- references --------------------------------------------------------------------------------

DOCS = [
    "README.md",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("**/README.md")
            if "node_modules" not in p.parts),  # fmt: skip
]
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
# A path of the repository: starts with one of its top-level folders.
_PATH = re.compile(
    r"(?<![\w/.$~-])"
    r"((?:simulator|contracts|scenarios|tests|docs|bench|examples|scripts|\.ci)/[\w./-]*[\w/])"
)
# Paths the docs name as examples of the reader's own files, not files of the repository.
READERS_OWN = {"scenarios/mine.yaml"}
# Paths the tests and benches make, never committed (a clean clone has them only once made).
MADE_BY_RUNS = {
    "tests/sdk/node_modules", "tests/browser/screenshots", "bench/out",
    "examples/node-client/node_modules",
}  # fmt: skip
# `world/contacts.py`, `scenario/build.py`...: the README's shorthand inside simulator/.
_MODULE = re.compile(r"(?<![\w/.$~-])((?:world|scenario|api|webhooks|pages)/[\w/]*\w\.py)\b")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", lambda m: "_" if m.group() == "_" else "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return {_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, flags=re.M)}


@pytest.mark.parametrize("doc", DOCS)
def test_links_point_at_files_and_headings_that_exist(doc: str) -> None:
    source = ROOT / doc
    broken = []
    for target in _LINK.findall(source.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto
        file_part, _, anchor = target.partition("#")
        path = (source.parent / file_part).resolve() if file_part else source
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.relative_to(ROOT)}")
    assert not broken, f"{doc}: " + "; ".join(broken)


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_path_mentioned_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    # A path that goes on with a placeholder (`tests/scenarios/test_<name>.py`) is a pattern.
    paths = {m.group(1) for m in _PATH.finditer(text) if text[m.end() : m.end() + 1] not in "<{*"}
    missing = sorted(
        {
            p for p in paths
            if p.rstrip("/") not in READERS_OWN | MADE_BY_RUNS and not (ROOT / p).exists()
        }  # fmt: skip
        | {m for m in _MODULE.findall(text) if not (ROOT / "simulator" / m).exists()}
    )
    assert not missing, f"{doc} names files that do not exist: {missing}"
