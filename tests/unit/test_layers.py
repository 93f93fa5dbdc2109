"""Layers point down only: `simulator/world/` is the model and imports nothing above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import simulator

WORLD = Path(simulator.__file__).parent / "world"
# Everything that sits above the model: scenario files and their playing, HTTP, delivery,
# pages, the composition root and the entry points.
ABOVE_THE_WORLD = (
    "simulator.scenario",
    "simulator.api",
    "simulator.webhooks",
    "simulator.pages",
    "simulator.app",
    "simulator.cli",
    "simulator.testing",
    "simulator.pytest_plugin",
    "simulator.contract_test",
    "simulator.registry",
)


def imported_modules(tree: ast.Module, package: str) -> list[tuple[int, str]]:
    """Every module an import statement names, anywhere in the file (`if TYPE_CHECKING:`
    blocks and function bodies included), relative imports resolved against `package`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.append((node.lineno, base))
            # `from simulator import api` names a module through its alias.
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def upward_imports(source: str, package: str = "simulator.world") -> list[str]:
    """`line N: module` for each import statement that reaches above the world."""
    upward: dict[int, str] = {}
    for line, module in imported_modules(ast.parse(source), package):
        if any(module == above or module.startswith(above + ".") for above in ABOVE_THE_WORLD):
            upward.setdefault(line, module)
    return [f"line {line}: {module}" for line, module in sorted(upward.items())]


@pytest.mark.parametrize("path", sorted(WORLD.rglob("*.py")), ids=lambda p: p.name)
def test_world_modules_import_nothing_above_the_world(path: Path):
    assert upward_imports(path.read_text(encoding="utf-8")) == [], path.name


def test_the_world_package_has_modules_to_check():
    assert len(list(WORLD.rglob("*.py"))) > 10


@pytest.mark.parametrize(
    "source",
    [
        "import simulator.api.responses",
        "from simulator.scenario.loader import LoadedScenario",
        "from simulator import registry",
        "from simulator import webhooks as delivery",
        "from ..pages import steps",
        "from .. import app",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from simulator.cli import main",
        "def later():\n    from simulator.testing import SimulatorServer",
    ],
)
def test_an_upward_import_is_caught_however_it_is_written(source: str):
    assert upward_imports(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "from simulator.world.accounts import Account",
        "from simulator.clock import iso_ms",
        "from . import accounts",
        "from .errors import ApiError",
        "import simulator.world.ids",
        "from simulator.scenarios_of_old import nothing",  # a prefix of a name is not the name
    ],
)
def test_imports_of_the_model_and_below_are_allowed(source: str):
    assert upward_imports(source) == []
