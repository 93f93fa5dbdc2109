"""`serve`'s scenarios, compiled once and kept on disk between runs.

Reading a scenario takes PyYAML, pydantic and the scenario schema, and compiling it runs its
seeded generators: about a quarter of `serve`'s start-up (bench/RESULTS.md), for records that
are a function of the file's bytes, the seed and the simulator's code. An entry keeps the compiled
blueprint with what serving needs besides (ScenarioSummary), under a key made of all three: the
code by the size and modification time of every file of `simulator/world`, `simulator/scenario`
and `clock.py`, so an edit or an upgrade misses and compiles again. One entry per (file, seed)
is kept, replaced when its key changes.

A miss, a damaged entry or a directory that cannot be written costs only the compilation: the
worlds and their answers are the same either way (tests/unit/test_compiled_cache.py). Entries are
pickles, read from the user's own cache directory, as Python reads its own bytecode caches.

Writing an entry (pickling the blueprint: 10-14 ms for `default`) can wait: `serve` keeps it a
second after it starts answering (`later`), so a first start does not wait for it. The worlds
made from a blueprint never change it: it is kept as it was compiled.

The wheel ships `default` compiled (SHIPPED, made by hatch_build.py as the wheel is built), so a
first start on a new machine compiles nothing either. Its key is the code's content, not its
modification times (an install writes new ones), with the Python version that compiled it; an
editable install or a checkout has none, and compiles.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from simulator import __version__
from simulator.scenario.loaded import (
    LoadedScenario,
    ScenarioError,
    ScenarioSummary,
    read_scenario_file,
    scenario_path,
)

CACHE_DIR_ENV = "UNIPILE_SIM_CACHE_DIR"  # where entries go; set empty to keep none
MAX_ENTRIES = 32
_FORMAT = 1
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CODE = ("world", "scenario", "clock.py")  # what a blueprint is made by and of
SHIPPED = ("default",)  # compiled into the wheel (hatch_build.py)
SHIPPED_DIR = _PACKAGE_DIR / "_bundled" / "compiled"


def default_cache_dir() -> Path | None:
    """$UNIPILE_SIM_CACHE_DIR (empty: none), else $XDG_CACHE_HOME/unipile-sim or
    ~/.cache/unipile-sim."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to be found (a container's bare user id)
            return None
    return Path(base) / "unipile-sim"


def load_for_serving(
    ref: str,
    seed: int | None,
    cache_dir: Path | None,
    later: list[Callable[[], None]] | None = None,
) -> LoadedScenario:
    """The scenario `ref` (a shipped name or a file) with its blueprint for `seed`: from the
    cache when an entry matches, else from the wheel's SHIPPED entries, else read and compiled;
    and kept when `cache_dir` is given: at once, or by the call added to `later`."""
    path = scenario_path(ref)
    text, source = read_scenario_file(path), str(path)
    entry_path, key = None, ""
    if cache_dir is not None:
        entry_path = cache_dir / f"{_digest(source, repr(seed))[:24]}.pickle"
        key = _digest(_code_stamp(), source, repr(seed), text)
        cached = _read_entry(entry_path, key)
        if cached is not None:
            with contextlib.suppress(OSError):
                os.utime(entry_path)  # recently used: the last to be pruned
            return _from_entry(cached, text, source, seed)
    shipped = _read_shipped(path, text, seed)
    loaded = (
        _compiled(text, source, seed)
        if shipped is None
        else _from_entry(shipped, text, source, seed)
    )
    if entry_path is not None:
        keep = partial(_keep_entry, entry_path, key, loaded, seed)
        if later is None:
            keep()
        else:
            later.append(keep)
    return loaded


def ship(directory: Path) -> list[Path]:
    """The SHIPPED scenarios compiled into `directory`, keyed for this code and Python: what
    the wheel's build puts in SHIPPED_DIR."""
    written = []
    for name in SHIPPED:
        path = scenario_path(name)
        text = read_scenario_file(path)
        loaded = _compiled(text, str(path), None)
        entry_path = directory / f"{name}.pickle"
        entry_path.write_bytes(_pickled(_entry(_shipped_key(name, text), loaded, None)))
        written.append(entry_path)
    return written


def _read_shipped(
    path: Path, text: str, seed: int | None
) -> tuple[str, ScenarioSummary, Any] | None:
    """The wheel's entry for a SHIPPED scenario with its own seed, if it was compiled by this
    code for this Python."""
    entry_path = SHIPPED_DIR / f"{path.stem}.pickle"
    if seed is not None or path.stem not in SHIPPED or not entry_path.is_file():
        return None  # a checkout and an editable install have none
    return _read_entry(entry_path, _shipped_key(path.stem, text))


def _from_entry(
    entry: tuple[str, ScenarioSummary, Any], text: str, source: str, seed: int | None
) -> LoadedScenario:
    fingerprint, summary, blueprint = entry
    return LoadedScenario.deferred(
        source, fingerprint, _parser(text, source), summary, {seed: blueprint}
    )


def _keep_entry(entry_path: Path, key: str, loaded: LoadedScenario, seed: int | None) -> None:
    _write_entry(entry_path, _entry(key, loaded, seed))


def _entry(key: str, loaded: LoadedScenario, seed: int | None) -> tuple[Any, ...]:
    """What an entry holds (`_read_entry` reads it back): a cache's and the wheel's alike."""
    blueprint = loaded.precompiled(seed)
    assert blueprint is not None
    return (_FORMAT, key, loaded.fingerprint, loaded.summary(), blueprint)


def _compiled(text: str, source: str, seed: int | None) -> LoadedScenario:
    from simulator.scenario.blueprint import compile_blueprint
    from simulator.scenario.loader import parse_scenario_text

    loaded = parse_scenario_text(text, source)
    blueprint = compile_blueprint(loaded, seed)
    return LoadedScenario(loaded.scenario, source, loaded.fingerprint, {seed: blueprint})


def _parser(text: str, source: str) -> Any:
    def parse() -> Any:
        from simulator.scenario.loader import parse_scenario_text

        return parse_scenario_text(text, source).scenario

    return parse


def _read_entry(entry_path: Path, key: str) -> tuple[str, ScenarioSummary, Any] | None:
    try:
        data = entry_path.read_bytes()
    except OSError:
        return None
    try:
        entry = pickle.loads(data)
        version, entry_key, fingerprint, summary, blueprint = entry
    except Exception:  # noqa: BLE001 - a damaged or foreign entry, whatever it raises, is a miss
        return None
    if version != _FORMAT or entry_key != key or not isinstance(summary, ScenarioSummary):
        return None
    return fingerprint, summary, blueprint


def _write_entry(entry_path: Path, entry: tuple[Any, ...]) -> None:
    data = _pickled(entry)
    partial_path = entry_path.with_name(f"{entry_path.name}.{os.getpid()}.partial")
    try:  # written whole, then renamed: a reader sees the old entry or the new one
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        partial_path.write_bytes(data)
        os.replace(partial_path, entry_path)
    except OSError:
        with contextlib.suppress(OSError):
            partial_path.unlink(missing_ok=True)
        return
    _prune(entry_path.parent)


def _pickled(entry: tuple[Any, ...]) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(entry)
    return buffer.getvalue()


def _prune(cache_dir: Path) -> None:
    """Keep the MAX_ENTRIES most recently used: scenario files come and go (a test's temporary
    one makes an entry nobody reads again)."""
    with contextlib.suppress(OSError):
        entries = sorted(
            (entry.stat().st_mtime_ns, entry.name, entry) for entry in cache_dir.glob("*.pickle")
        )
        for _, _, entry in entries[: max(0, len(entries) - MAX_ENTRIES)]:
            entry.unlink(missing_ok=True)


def _reduce_proxy(proxy: MappingProxyType) -> tuple[Any, tuple[dict[Any, Any]]]:
    return mapping_proxy, (dict(proxy),)


def mapping_proxy(items: dict[Any, Any]) -> MappingProxyType:
    """How a pickled read-only mapping of the blueprint is made again."""
    return MappingProxyType(items)


def _code_stamp() -> str:
    parts = [__version__, sys.version]
    for name in _CODE:
        stat = os.stat(_PACKAGE_DIR / name)
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    for relative in _code_files():
        stat = os.stat(_PACKAGE_DIR / relative)
        parts.append(f"{relative}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _shipped_key(name: str, text: str) -> str:
    """What a SHIPPED entry is compiled from: the code's bytes (about 3 ms to read and hash),
    the simulator's and Python's versions, the scenario's text."""
    code = hashlib.sha256()
    for relative in _code_files():
        code.update(relative.encode() + b"\0")
        code.update((_PACKAGE_DIR / relative).read_bytes())
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return _digest(code.hexdigest(), __version__, python, name, text)


def _code_files() -> list[str]:
    """The files of _CODE, relative to the package, in a fixed order (bytecode left out)."""
    found = []
    for name in _CODE:
        if (_PACKAGE_DIR / name).is_file():
            found.append(name)
            continue
        for root, dirs, files in os.walk(_PACKAGE_DIR / name):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            relative_root = Path(root).relative_to(_PACKAGE_DIR).as_posix()
            found.extend(f"{relative_root}/{f}" for f in sorted(files) if not f.endswith(".pyc"))
    return found


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def main(refs: list[str]) -> int:
    """`python -m simulator.scenario.compiled_cache [NAME|FILE ...]`: compile and keep the
    scenarios (default: `default`) before the first `serve`, as an image build does."""
    cache_dir = default_cache_dir()
    if cache_dir is None:
        print(f"{CACHE_DIR_ENV} is empty: no cache to fill", file=sys.stderr)
        return 2
    for ref in refs or ["default"]:
        try:
            loaded = load_for_serving(ref, None, cache_dir)
        except ScenarioError as error:
            print(error, file=sys.stderr)
            return 2
        if load_for_serving(ref, None, cache_dir).parsed:  # read back: was it kept?
            print(f"{loaded.source}: cannot be kept in {cache_dir}", file=sys.stderr)
            return 1
        print(f"{loaded.source}: kept in {cache_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
