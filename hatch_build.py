"""The wheel's build hook: `default`, compiled, goes into the wheel (simulator/_bundled/compiled),
so that the first `serve` on a new machine compiles nothing (simulator/scenario/compiled_cache.py).

It runs the simulator's own compiler from this tree, with the Python that builds the wheel (pip
builds it with the one it installs for). An editable install ships nothing: it is the tree, and
compiles on its first start. Should compiling fail here, the wheel is built without the entry
and a warning says so: serving is the same, only the first start is slower.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledScenarios(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._directory = Path(tempfile.mkdtemp(prefix="unipile-sim-compiled-"))
        sys.path.insert(0, self.root)
        try:
            from simulator.scenario.compiled_cache import ship

            for path in ship(self._directory):
                build_data["force_include"][str(path)] = f"simulator/_bundled/compiled/{path.name}"
        except Exception as error:  # noqa: BLE001 - any failure only costs the first start
            self.app.display_warning(f"the wheel ships no compiled scenario: {error!r}")
        finally:
            sys.path.remove(self.root)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        directory = getattr(self, "_directory", None)
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)
