"""contracts/postpress.yaml, assembled from contracts/unipile.yaml so the two cannot drift.

Both dialects are one route table (simulator/api/dialects.py), so Postpress's contract is
Unipile's plus what Postpress does differently, in two kinds:

- data, for one operation or for the document (info, servers, the text of components, the
  connect bodies, the invitation answers): contracts/postpress.overlay.yaml, an OpenAPI Overlay
  applied to unipile.yaml;
- rules that hold for every operation, including those unipile.yaml gains later: here, applied
  after the overlay (whose components they point at). A Bearer token wherever `X-API-KEY` is
  asked for, `Idempotency-Key` on every POST and PATCH, and the `/v1` prefix in prose and
  examples.

    python -m simulator.contract_assembly --write   # rewrite contracts/postpress.yaml
    python -m simulator.contract_assembly --check   # exit 1 when it is stale

python-jsonpath (the overlay's RFC 9535 targets) is a test extra, imported only when an overlay
is applied: the server reads the generated file and never needs it.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from simulator.resources import bundled_dir

OVERLAY = "postpress.overlay.yaml"
OUTPUT = "postpress.yaml"
REGENERATE = "python -m simulator.contract_assembly --write"
HEADER = (
    "# GENERATED from unipile.yaml and postpress.overlay.yaml by simulator/contract_assembly.py:\n"
    "# do not edit. Change those, then regenerate with\n"
    f"#     {REGENERATE}\n"
)

IDEMPOTENT_METHODS = ("post", "patch")
IDEMPOTENCY_KEY = "#/components/parameters/IdempotencyKey"
REPLAYED_HEADER = "Idempotent-Replayed"
REPLAYED = "#/components/headers/IdempotentReplayed"
KEY_REUSED = "#/components/responses/IdempotencyKeyReused"
KEY_REUSED_TYPE = "errors/unprocessable_entity"
API_KEY, BEARER = "ApiKey", "Bearer"
_TEXT_WIDTH = 92  # prose the rules write, wrapped like the contracts' own


class AssemblyError(Exception):
    """The overlay or a rule cannot apply to the document as it is."""


# -- OpenAPI Overlay 1.0.0 -----------------------------------------------------------------------


def apply_overlay(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """`document` with `overlay`'s actions applied in order (Overlay Specification 1.0.0).

    An `update` is merged into each node its target selects: objects key by key, recursively,
    a scalar replaced, an array appended to. `remove: true` takes each selected node out of its
    parent. The document is copied, never changed. A target that selects nothing is an error
    here, where the specification lets it pass: the overlay was written against a document, and
    a target that no longer matches means the document moved under it.
    """
    from jsonpath import JSONPathEnvironment  # a test extra: see the module docstring

    paths = JSONPathEnvironment(strict=True)  # RFC 9535, no extensions
    result = copy.deepcopy(document)
    for index, action in enumerate(overlay.get("actions") or []):
        target = action["target"]
        where = f"actions[{index}] {target}"
        matches = list(paths.finditer(target, result))
        if not matches:
            raise AssemblyError(f"{where}: selects nothing")
        if action.get("remove") is True:
            _remove(matches, where)
        elif "update" in action:
            for match in matches:
                _merge(match.obj, action["update"], where)
        else:
            raise AssemblyError(f"{where}: neither `update` nor `remove: true`")
    return result


def _merge(target: Any, update: Any, where: str) -> None:
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            current = target.get(key)
            if isinstance(current, dict) and isinstance(value, dict):
                _merge(current, value, where)
            elif isinstance(current, list) and isinstance(value, list):
                current.extend(copy.deepcopy(value))
            else:
                target[key] = copy.deepcopy(value)
    elif isinstance(target, list):
        target.extend(copy.deepcopy(update if isinstance(update, list) else [update]))
    else:
        raise AssemblyError(f"{where}: an update merges into an object or an array, not {target!r}")


def _remove(matches: list[Any], where: str) -> None:
    """Each selected node out of its parent; array items from the highest index down, so
    removing one does not move the next."""
    places: dict[tuple[int, Any], tuple[Any, Any]] = {}
    for match in matches:
        if match.parent is None:
            raise AssemblyError(f"{where}: the document's root cannot be removed")
        container, key = match.parent.obj, match.parts[-1]
        places[(id(container), key)] = (container, key)
    for container, key in sorted(
        places.values(),
        key=lambda place: place[1] if isinstance(place[1], int) else -1,
        reverse=True,
    ):
        del container[key]


# -- the Postpress dialect's rules ---------------------------------------------------------------


def bearer_beside_api_key(document: dict[str, Any]) -> None:
    """Wherever a security requirement accepts `ApiKey`, the same key as a Bearer token too."""
    _require(document, "securitySchemes", BEARER)
    for requirements in _security_requirements(document):
        alternatives: list[dict[str, Any]] = []
        for requirement in requirements:
            alternatives.append(requirement)
            if API_KEY in requirement:
                twin = {
                    BEARER if name == API_KEY else name: scopes
                    for name, scopes in requirement.items()
                }
                if twin not in requirements:
                    alternatives.append(twin)
        requirements[:] = alternatives


def idempotency_keys(document: dict[str, Any]) -> None:
    """Every POST and PATCH takes `Idempotency-Key`: the header parameter, `Idempotent-Replayed`
    on each 2xx answer, and a 422 for a key reused with another request (beside the reasons a
    422 the operation already documents gives)."""
    for section, name in (
        ("parameters", "IdempotencyKey"),
        ("headers", "IdempotentReplayed"),
        ("responses", "IdempotencyKeyReused"),
    ):
        _require(document, section, name)
    for item in document["paths"].values():
        for method in IDEMPOTENT_METHODS:
            if method in item:
                item[method] = _idempotent(document, item[method])


def dialect_prefix_in_text(document: dict[str, Any], old: str, new: str) -> None:
    """A path in prose or an example (`POST /api/v1/accounts/checkpoint`, an error's
    `instance`) names this dialect's prefix. Only a path that starts a word: a URL's
    `https://host/api/v1` stays."""
    pattern = re.compile(rf"(?<![\w.:/}}-]){re.escape(old)}(?=/)")

    def rewrite(node: Any) -> Any:
        if isinstance(node, str):
            return pattern.sub(new, node)
        if isinstance(node, dict):
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(value) for value in node]
        return node

    for section in ("paths", "components"):
        document[section] = rewrite(document[section])


def _idempotent(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    parameters = operation.get("parameters", [])
    if {"$ref": IDEMPOTENCY_KEY} not in parameters:
        parameters = [*parameters, {"$ref": IDEMPOTENCY_KEY}]
    operation = _placed(operation, "parameters", parameters, before=("requestBody", "responses"))
    responses = operation["responses"]
    for code in [code for code in responses if str(code).startswith("2")]:
        answer = _inline(document, responses[code])
        headers = {**answer.get("headers", {}), REPLAYED_HEADER: {"$ref": REPLAYED}}
        responses[code] = _placed(answer, "headers", headers, before=("content",))
    if "422" in responses:
        responses["422"] = _also_key_reused(document, _inline(document, responses["422"]))
    else:
        responses["422"] = {"$ref": KEY_REUSED}
    operation["responses"] = dict(
        sorted(responses.items(), key=lambda item: _status_order(item[0]))
    )
    return operation


def _also_key_reused(document: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """A 422 the operation documents, with the reused key's type beside its own: one envelope,
    whose `type` enum gains `errors/unprocessable_entity`."""
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    enums = [
        part["properties"]["type"]["enum"]
        for part in schema.get("allOf", [])
        if "enum" in part.get("properties", {}).get("type", {})
    ]
    if len(enums) != 1:
        raise AssemblyError(f"a 422 whose `type` enum cannot be found: {answer.get('description')}")
    if KEY_REUSED_TYPE not in enums[0]:
        enums[0].append(KEY_REUSED_TYPE)
        reused = _resolve(document, {"$ref": KEY_REUSED})["description"]
        reason = textwrap.fill(f"`{KEY_REUSED_TYPE}`: {reused}", width=_TEXT_WIDTH)
        answer["description"] = f"{answer['description'].rstrip()}\n\n{reason}"
    return answer


# -- the document as data ------------------------------------------------------------------------


def _require(document: dict[str, Any], section: str, name: str) -> None:
    if name not in document.get("components", {}).get(section, {}):
        raise AssemblyError(f"the rules need components.{section}.{name}: add it to {OVERLAY}")


def _security_requirements(document: dict[str, Any]) -> list[list[dict[str, Any]]]:
    found = [document["security"]] if "security" in document else []
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "security" in operation:
                found.append(operation["security"])
    return found


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _inline(document: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """A response of its own to change: a `$ref` resolved into a copy (a shared component may
    serve other operations), its `summary` and `description` siblings kept, as OpenAPI 3.1 reads
    them."""
    if "$ref" not in answer:
        return answer
    copied = copy.deepcopy(_resolve(document, answer))
    copied.update(
        {key: value for key, value in answer.items() if key in ("summary", "description")}
    )
    return copied


def _placed(
    mapping: dict[str, Any], key: str, value: Any, before: tuple[str, ...]
) -> dict[str, Any]:
    """`mapping` with `key` set to `value`, a new key going before the first of `before` present
    (the order the file is read in)."""
    if key in mapping or not any(name in mapping for name in before):
        return {**mapping, key: value}
    placed: dict[str, Any] = {}
    for name, current in mapping.items():
        if name in before and key not in placed:
            placed[key] = value
        placed[name] = current
    return placed


def _status_order(code: Any) -> tuple[int, str]:
    text = str(code)
    return (0, text) if text[:1].isdigit() else (1, text)


# -- postpress.yaml ------------------------------------------------------------------------------


def postpress_contract(contracts: Path | None = None) -> dict[str, Any]:
    """Postpress's contract: the document the overlay extends, the overlay, then the rules."""
    contracts = contracts or bundled_dir("contracts")
    overlay = _load(contracts / OVERLAY)
    unipile = _load(contracts / overlay["extends"])
    document = apply_overlay(unipile, overlay)
    bearer_beside_api_key(document)
    idempotency_keys(document)
    dialect_prefix_in_text(document, _server_path(unipile), _server_path(document))
    return document


def render(document: dict[str, Any]) -> str:
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def _server_path(document: dict[str, Any]) -> str:
    return urlsplit(document["servers"][0]["url"]).path.rstrip("/")


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, with multi-line text as literal blocks (the descriptions read as
    they were written) and no anchors: a component the rules copied stays spelt out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.contract_assembly",
        description=f"Assemble contracts/{OUTPUT} from unipile.yaml and {OVERLAY}.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help=f"rewrite contracts/{OUTPUT}")
    mode.add_argument(
        "--check", action="store_true", help=f"exit 1 when contracts/{OUTPUT} is stale"
    )
    args = parser.parse_args(argv)
    output = bundled_dir("contracts") / OUTPUT
    assembled = render(postpress_contract())
    if args.write:
        output.write_text(assembled, encoding="utf-8")
        print(f"wrote {output}")
        return 0
    if output.read_text(encoding="utf-8") != assembled:
        print(f"{output} is stale: regenerate it with `{REGENERATE}`", file=sys.stderr)
        return 1
    print(f"{output} is up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
