"""Which transient errors each API route documents: the table chaos mode draws from.

Read once from the contracts (contracts/unipile.yaml and postpress.yaml), so chaos only ever
answers a status and `type` the contract lists for the operation that was called. A route that
documents no transient error is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from simulator.resources import bundled_dir
from simulator.world.errors import catalog_name
from simulator.world.faults import TRANSIENT_STATUSES

API_CONTRACTS = ("unipile.yaml", "postpress.yaml")
_METHODS = ("get", "put", "post", "patch", "delete")

# status -> catalog names of the documented types, e.g. {429: ("too_many_requests",)}
DocumentedErrors = dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # the full path, e.g. /api/v1/accounts/{account_id}
    errors: DocumentedErrors

    @property
    def _parts(self) -> list[str]:
        return self.template.rstrip("/").split("/")

    def matches(self, parts: list[str]) -> bool:
        own = self._parts
        return len(own) == len(parts) and all(
            _is_param(pattern) and part != "" or pattern == part
            for pattern, part in zip(own, parts)
        )

    @property
    def specificity(self) -> tuple[bool, ...]:
        """Literal segments outrank parameters, left to right (`/users/me` beats
        `/users/{identifier}`), as the router picks them."""
        return tuple(not _is_param(part) for part in self._parts)


class ChaosTable:
    """The documented transient errors of every operation, found by method and concrete path."""

    def __init__(self, operations: list[Operation]) -> None:
        self._by_method: dict[str, list[Operation]] = {}
        for operation in sorted(operations, key=lambda op: op.specificity, reverse=True):
            self._by_method.setdefault(operation.method, []).append(operation)
        self._cache: dict[tuple[str, str], DocumentedErrors] = {}

    def __iter__(self) -> Iterator[Operation]:
        for operations in self._by_method.values():
            yield from operations

    def errors_for(self, method: str, path: str) -> DocumentedErrors:
        """The errors of the operation `method path` routes to; empty if none or no route."""
        key = (method, path)
        found = self._cache.get(key)
        if found is None:
            parts = path.rstrip("/").split("/")
            found = next(
                (op.errors for op in self._by_method.get(method, ()) if op.matches(parts)), {}
            )
            if len(self._cache) < 10_000:  # concrete paths carry ids: keep the cache bounded
                self._cache[key] = found
        return found


@lru_cache(maxsize=1)
def chaos_table() -> ChaosTable:
    import yaml  # chaos mode's first draw reads the contracts; serving without it needs no YAML

    operations: list[Operation] = []
    for name in API_CONTRACTS:
        with (bundled_dir("contracts") / name).open(encoding="utf-8") as file:
            operations += list(documented_operations(yaml.safe_load(file)))
    return ChaosTable(operations)


def documented_operations(spec: dict[str, Any]) -> Iterator[Operation]:
    prefix = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            errors: DocumentedErrors = {}
            for code, response in operation.get("responses", {}).items():
                if code.isdigit() and int(code) in TRANSIENT_STATUSES:
                    names = _catalog_names(spec, _resolve(spec, response), int(code))
                    if names:
                        errors[int(code)] = names
            yield Operation(method.upper(), prefix + path, errors)


def _catalog_names(spec: dict[str, Any], response: dict[str, Any], status: int) -> tuple[str, ...]:
    schema = _resolve(spec, response.get("content", {}).get("application/json", {}).get("schema", {}))
    types: list[str] = []
    for part in [schema, *schema.get("allOf", [])]:
        type_schema = _resolve(spec, part).get("properties", {}).get("type", {})
        types += type_schema.get("enum", [])
        if "const" in type_schema:
            types.append(type_schema["const"])
    # A type the catalog keys to another status is no transient error: the reference's 502
    # `errors/invalid_parameters` for a free-ineligible job draft is an answer about state
    # (tests/contract/test_contracts_valid.py allows that one only).
    return tuple(
        sorted({catalog_name(t, status) for t in types if _catalogued(t, status)})
    )


def _catalogued(error_type: str, status: int) -> bool:
    try:
        catalog_name(error_type, status)
    except KeyError:
        return False
    return True


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow internal `$ref`s (`#/components/...`) to the node they name."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only internal references are supported, got {ref!r}")
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")
