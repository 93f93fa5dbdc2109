"""What the contract tests share: the contracts, the key, a schema bound to the app."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.schemas import OpenApiSchema

from simulator.app import Settings, build_app

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
DEFAULT_KEY = "sim_default_key_0001"
AUTH = {"X-API-KEY": DEFAULT_KEY}
MAX_EXAMPLES = 40


def config() -> SchemathesisConfig:
    """Derandomized: the same cases on every run, no example database."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 20260105,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
        }
    )


def load_schema(name: str) -> OpenApiSchema:
    schema = schemathesis.openapi.from_path(CONTRACTS / name, config=config())
    # An ASGI app selects the in-process transport; tests pass their own fresh app per call.
    schema.app = build_app(Settings())
    return schema
