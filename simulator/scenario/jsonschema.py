"""The JSON Schema of scenario files, generated from the pydantic model.

Shipped as `scenarios/scenario.schema.json` so editors complete and check scenario files
(`# yaml-language-server: $schema=scenario.schema.json`); a test keeps the file current, and
`unipile-sim schema > scenarios/scenario.schema.json` regenerates it.
"""

from __future__ import annotations

import json
from typing import Any

from simulator.scenario.schema import Scenario

SCHEMA_ID = "https://unipile-sim.local/scenario.schema.json"


def scenario_json_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "unipile-sim scenario",
        **schema,
    }


def scenario_json_schema_text() -> str:
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=True) + "\n"
