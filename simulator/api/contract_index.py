"""The contracts as strict mode reads them: which operation a request is, which responses it
documents, and one compiled JSON Schema validator per (operation, status, media type).

Loaded once per process (the files are data that does not change while serving); the path
templates are compiled when a contract is loaded, the validators on their first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

import jsonschema_rs
import orjson
import yaml

from simulator.resources import bundled_dir

# The contracts of the API routes, in the order their prefixes are tried (longest first).
API_CONTRACTS = ("unipile.yaml", "postpress.yaml", "control.yaml")
_METHODS = ("get", "put", "post", "patch", "delete")
_PARAMETER = re.compile(r"\{[^/{}]+\}")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class DocumentedResponse:
    """One `responses` entry: its JSON pointer in the contract and its media types."""

    pointer: str
    media_types: tuple[str, ...]
    with_schema: frozenset[str]  # the media types that document a schema

    def media_type_for(self, content_type: str) -> str | None:
        """The documented media type an answer's `Content-Type` falls under, if any."""
        for documented in self.media_types:
            if documented in (content_type, "*/*"):
                return documented
            kind, _, subtype = documented.partition("/")
            if subtype == "*" and content_type.startswith(kind + "/"):
                return documented
        return None


@dataclass
class Operation:
    contract: ContractIndex = field(repr=False)
    method: str
    template: str  # the full path, e.g. /api/v1/accounts/{account_id}
    responses: dict[str, DocumentedResponse]
    _validators: dict[tuple[str, str], jsonschema_rs.Validator] = field(
        default_factory=dict, repr=False
    )

    @property
    def label(self) -> str:
        return f"{self.method} {self.template}"

    def response_for(self, status: int) -> tuple[str, DocumentedResponse] | None:
        """The documented response for a status: exact code, then `4XX`, then `default`."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            response = self.responses.get(key)
            if response is not None:
                return key, response
        return None

    def validator(self, code: str, media_type: str) -> jsonschema_rs.Validator:
        key = (code, media_type)
        validator = self._validators.get(key)
        if validator is None:
            pointer = f"{self.responses[code].pointer}/content/{_escape(media_type)}/schema"
            validator = self._validators[key] = self.contract.compile(pointer)
        return validator

    def has_schema(self, code: str, media_type: str) -> bool:
        return media_type in self.responses[code].with_schema


class ContractIndex:
    """One OpenAPI document: its operations by path template, its schemas by pointer."""

    def __init__(self, name: str, spec: dict[str, Any]) -> None:
        self.name = name
        self.spec = spec
        self.prefix = urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
        self._uri = f"urn:unipile-sim:contract:{name}"
        self._registry = jsonschema_rs.Registry(
            [(self._uri, spec)], draft=jsonschema_rs.Draft202012
        )
        # OpenAPI: a concrete path wins over a templated one (`/accounts/checkpoint` over
        # `/accounts/{account_id}`), literal segments outranking parameters left to right.
        paths = []
        for path, item in spec["paths"].items():
            full = self.prefix + path
            operations = {
                method.upper(): Operation(self, method.upper(), full, self._responses(path, method))
                for method in item
                if method in _METHODS
            }
            paths.append((_specificity(full), _compile(full), operations))
        paths.sort(key=lambda entry: entry[0], reverse=True)
        self._paths = [(pattern, operations) for _, pattern, operations in paths]

    def operation_for(self, method: str, path: str) -> Operation | None:
        """The operation `method path` is; None when the path or the method is not documented."""
        if method == "HEAD":
            method = "GET"
        for pattern, operations in self._paths:
            if pattern.fullmatch(path):
                return operations.get(method)
        return None

    def node(self, pointer: str) -> Any:
        node: Any = self.spec
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def compile(self, pointer: str) -> jsonschema_rs.Validator:
        reference = f"{self._uri}#{quote(pointer, safe='/~')}"
        return jsonschema_rs.Draft202012Validator(
            {"$ref": reference}, registry=self._registry, validate_formats=True
        )

    def _responses(self, path: str, method: str) -> dict[str, DocumentedResponse]:
        base = f"/paths/{_escape(path)}/{method}/responses"
        found = {}
        for code, response in self.spec["paths"][path][method].get("responses", {}).items():
            pointer = f"{base}/{code}"
            while "$ref" in response:  # internal only: `#/components/responses/...`
                pointer = response["$ref"].removeprefix("#")
                response = self.node(pointer)
            content = response.get("content", {})
            found[str(code)] = DocumentedResponse(
                pointer,
                media_types=tuple(content),
                with_schema=frozenset(media for media, body in content.items() if "schema" in body),
            )
        return found


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _compile(template: str) -> re.Pattern[str]:
    literal_parts = _PARAMETER.split(template)
    return re.compile("[^/]+".join(re.escape(part) for part in literal_parts))


def _specificity(template: str) -> tuple[bool, ...]:
    return tuple(not _PARAMETER.fullmatch(part) for part in template.split("/"))


@cache
def load_contract(name: str) -> ContractIndex:
    with (bundled_dir("contracts") / name).open(encoding="utf-8") as file:
        spec = yaml.load(file, Loader=_Loader)
    # As JSON: a YAML date or a numeric key would otherwise reach the validator as Python types.
    spec = orjson.loads(orjson.dumps(spec, option=orjson.OPT_NON_STR_KEYS))
    return ContractIndex(name, spec)


def api_contracts() -> list[ContractIndex]:
    """The contracts of /api/v1, /v1 and /_sim, longest prefix first."""
    contracts = [load_contract(name) for name in API_CONTRACTS]
    return sorted(contracts, key=lambda contract: len(contract.prefix), reverse=True)
