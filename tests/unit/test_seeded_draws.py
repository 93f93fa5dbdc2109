"""Seeded hypothesis draws do not change when the process imports more code."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Draws the same seeded values twice, importing a module full of new string literals in between;
# prints whether the two draws were equal. A subprocess, because this session's own draws are
# already guarded (tests/conftest.py).
SCRIPT = textwrap.dedent(
    """
    import contextlib, importlib, sys
    from hypothesis import given, settings, strategies as st
    from simulator.seeded_draws import without_local_constants

    def draws():
        seen = []

        @settings(max_examples=300, derandomize=True, database=None)
        @given(st.text())
        def record(value):
            seen.append(value)

        record()
        return seen

    guarded = sys.argv[1] == "guarded"
    sys.path.insert(0, sys.argv[2])
    with without_local_constants() if guarded else contextlib.nullcontext():
        before = draws()
        importlib.import_module("late_literals")
        after = draws()
    print("same" if before == after else "different")
    """
)


def draws_after_a_late_import(tmp_path: Path, mode: str) -> str:
    literals = ", ".join(repr(f"late literal {index}") for index in range(50))
    (tmp_path / "late_literals.py").write_text(f"LITERALS = [{literals}]\n")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(("mode", "expected"), [("guarded", "same"), ("unguarded", "different")])
def test_a_late_import_changes_seeded_draws_only_without_the_guard(
    tmp_path: Path, mode: str, expected: str
) -> None:
    assert draws_after_a_late_import(tmp_path, mode) == expected
