"""What the contract tests share: the contracts, the key, a schema bound to the app."""

from __future__ import annotations

import os
from pathlib import Path

from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.schemas import OpenApiSchema

from simulator.app import Settings, build_app
from simulator.contract_test import DEFAULT_MAX_EXAMPLES, load_contract_schema, schemathesis_config

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
DEFAULT_KEY = "sim_default_key_0001"
AUTH = {"X-API-KEY": DEFAULT_KEY}
# Cases per operation; the deeper profile (README, "Contract tests") raises it.
MAX_EXAMPLES = int(os.environ.get("SIM_CONTRACT_EXAMPLES", DEFAULT_MAX_EXAMPLES))


def config() -> SchemathesisConfig:
    """Derandomized: the same cases on every run, no example database (the same settings as
    `unipile-sim contract-test`)."""
    return schemathesis_config(MAX_EXAMPLES)


def load_schema(name: str) -> OpenApiSchema:
    schema = load_contract_schema(CONTRACTS / name, config())
    # An ASGI app selects the in-process transport; tests pass their own fresh app per call.
    schema.app = build_app(Settings())
    return schema
