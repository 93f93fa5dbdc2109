"""The coverage ledger (contracts/coverage.yaml): which operations of Unipile's v1 OpenAPI
document each dialect serves, counted, and rendered as the README's coverage table.

`python -m simulator.coverage` prints the table that goes between the README's coverage markers;
`python -m simulator.coverage --write-readme README.md` puts it there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from simulator.resources import bundled_dir

# The dialects, in the order the table shows them, and where the app mounts each.
DIALECT_PREFIXES = {"unipile": "/api/v1", "postpress": "/v1"}
_LEDGER_FILE = "coverage.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


class LedgerError(ValueError):
    """contracts/coverage.yaml does not say what the loader expects."""


@dataclass(frozen=True)
class Placement:
    """Where one dialect stands on one operation."""

    path: str  # the full path template in that dialect, e.g. /api/v1/accounts/{id}
    served: bool
    missing: str | None = None  # what is missing, while not served


@dataclass(frozen=True)
class Operation:
    number: int
    method: str
    path: str  # the document's template, e.g. /accounts/{id}
    operation_id: str
    group: str  # the OAS tag
    unipile: Placement
    postpress: Placement

    def placement(self, dialect: str) -> Placement:
        return self.unipile if dialect == "unipile" else self.postpress

    @property
    def label(self) -> str:
        return f"#{self.number} {self.method} {self.path} ({self.operation_id})"


@dataclass(frozen=True)
class Extension:
    """A route served beyond Unipile's document, in both dialects (one route table)."""

    method: str
    path: str  # without the dialect's prefix, e.g. /users/cancel-invite
    reason: str

    def paths(self) -> list[str]:
        """The full paths it is served at, e.g. /api/v1/users/cancel-invite."""
        return [prefix + self.path for prefix in DIALECT_PREFIXES.values()]


@dataclass(frozen=True)
class LedgerMatch:
    """The documented operation a request names, and the dialect whose path it used."""

    operation: Operation
    dialect: str

    @property
    def placement(self) -> Placement:
        return self.operation.placement(self.dialect)

    def served_elsewhere(self) -> list[str]:
        """The prefixes of the other dialects that serve the operation."""
        return [
            prefix
            for dialect, prefix in DIALECT_PREFIXES.items()
            if dialect != self.dialect and self.operation.placement(dialect).served
        ]


@dataclass(frozen=True)
class Ledger:
    operations: tuple[Operation, ...]
    extensions: tuple[Extension, ...]

    def groups(self) -> list[str]:
        """The OAS tags, in the order the document first uses them."""
        return list(dict.fromkeys(operation.group for operation in self.operations))

    def served(self, dialect: str, group: str | None = None) -> int:
        return sum(
            1
            for operation in self.operations
            if operation.placement(dialect).served and group in (None, operation.group)
        )

    def templates(self, dialect: str) -> list[str]:
        """Every path template the dialect documents or extends, without its prefix: the
        siblings a route's parameters must not swallow (simulator/api/paths.py)."""
        prefix = DIALECT_PREFIXES[dialect]
        paths = [operation.placement(dialect).path for operation in self.operations]
        served = [path.removeprefix(prefix) for path in paths if path.startswith(prefix + "/")]
        return served + [extension.path for extension in self.extensions]

    def operations_per_group(self) -> Counter[str]:
        return Counter(operation.group for operation in self.operations)

    def find(self, method: str, path: str) -> LedgerMatch | None:
        """The operation that `method path` names in one of the dialects, served or not.

        Templates match segment by segment, a `{param}` standing for any one non-empty segment.
        When several templates match, the one with a literal where the others have a parameter
        wins (`/users/followers` over `/users/{identifier}`), as a router would choose; then
        the method must be one that template documents.
        """
        method = "GET" if method == "HEAD" else method
        segments = path.split("/")
        matching = [
            (template, operation, dialect)
            for template, operation, dialect in _placement_templates(self)
            if _matches(template, segments)
        ]
        if not matching:
            return None
        best = max(_literal_flags(template) for template, _, _ in matching)
        for template, operation, dialect in matching:
            if _literal_flags(template) == best and operation.method == method:
                return LedgerMatch(operation, dialect)
        return None


@cache
def load_ledger() -> Ledger:
    """The shipped ledger, read once per process."""
    return read_ledger(bundled_dir("contracts") / _LEDGER_FILE)


def read_ledger(path: Path) -> Ledger:
    with path.open(encoding="utf-8") as file:
        document = yaml.load(file, Loader=_LOADER)
    try:
        operations = tuple(_operation(entry) for entry in document["operations"])
        extensions = tuple(
            Extension(entry["method"], entry["path"], entry["reason"])
            for entry in document.get("extensions") or ()
        )
    except (KeyError, TypeError) as problem:
        raise LedgerError(f"{path.name}: malformed entry ({problem!r})") from problem
    return Ledger(operations, extensions)


def _operation(entry: dict[str, Any]) -> Operation:
    template = entry["path"]
    return Operation(
        number=entry["number"],
        method=entry["method"],
        path=template,
        operation_id=entry["operation_id"],
        group=entry["group"],
        unipile=_placement(entry["unipile"], DIALECT_PREFIXES["unipile"] + template),
        postpress=_placement(entry["postpress"], DIALECT_PREFIXES["postpress"] + template),
    )


def _placement(value: str | dict[str, str], default_path: str) -> Placement:
    """`/api/v1/...` (served there) or `{not_yet: reason, path?: where it will be}`."""
    if isinstance(value, str):
        return Placement(value, served=True)
    return Placement(value.get("path", default_path), served=False, missing=value["not_yet"])


def _placement_templates(ledger: Ledger) -> list[tuple[list[str], Operation, str]]:
    return [
        (operation.placement(dialect).path.split("/"), operation, dialect)
        for operation in ledger.operations
        for dialect in DIALECT_PREFIXES
    ]


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _matches(template: list[str], segments: list[str]) -> bool:
    return len(template) == len(segments) and all(
        (_is_parameter(expected) and actual != "") or expected == actual
        for expected, actual in zip(template, segments)
    )


def _literal_flags(template: list[str]) -> tuple[bool, ...]:
    """Compared as tuples: a literal earlier in the path beats a parameter there."""
    return tuple(not _is_parameter(segment) for segment in template)


# -- the README table ------------------------------------------------------------------------

_SERVED_MARK = "✓"
_MISSING_MARK = "—"


def markdown_table(ledger: Ledger | None = None) -> str:
    """The README's coverage block: a summary line, the counts per group, every operation."""
    ledger = ledger or load_ledger()
    total = len(ledger.operations)
    prefixes = list(DIALECT_PREFIXES.values())
    served = [ledger.served(dialect) for dialect in DIALECT_PREFIXES]
    lines = [
        f"Served: {served[0]} of {total} operations under `{prefixes[0]}`, "
        f"{served[1]} of {total} under `{prefixes[1]}`.",
        "",
        "| group | operations | " + " | ".join(f"served `{p}`" for p in prefixes) + " |",
        "|---|---:|" + "---:|" * len(prefixes),
    ]
    per_group = ledger.operations_per_group()
    for group in ledger.groups():
        counts = [str(ledger.served(dialect, group)) for dialect in DIALECT_PREFIXES]
        lines.append(f"| {group} | {per_group[group]} | " + " | ".join(counts) + " |")
    lines.append(f"| **all** | **{total}** | " + " | ".join(f"**{n}**" for n in served) + " |")
    lines += [
        "",
        "| # | group | operation | operationId | "
        + " | ".join(f"`{p}`" for p in prefixes)
        + " | not yet |",
        "|---:|---|---|---|" + ":-:|" * len(prefixes) + "---|",
    ]
    for group in ledger.groups():
        for operation in ledger.operations:
            if operation.group == group:
                lines.append(_operation_row(operation))
    if ledger.extensions:
        lines += ["", "Also served, beyond Unipile's document:"]
        lines += [
            f"- `{extension.method} {extension.path}` (under both prefixes): {extension.reason}"
            for extension in ledger.extensions
        ]
    return "\n".join(lines)


def _operation_row(operation: Operation) -> str:
    placements = [operation.placement(dialect) for dialect in DIALECT_PREFIXES]
    described = f"`{operation.method} {operation.path}`"
    for dialect, prefix in DIALECT_PREFIXES.items():
        path = operation.placement(dialect).path
        if path != prefix + operation.path:  # the dialect's own path, e.g. Postpress's drafts
            described += f" (`{prefix}`: `{path}`)"
    marks = [_SERVED_MARK if placement.served else _MISSING_MARK for placement in placements]
    missing = next((p.missing for p in placements if p.missing is not None), "")
    return (
        f"| {operation.number} | {operation.group} | {described} | `{operation.operation_id}` | "
        + " | ".join(marks)
        + f" | {missing} |"
    )


# The README's coverage block sits between these markers.
README_START, README_END = "<!-- coverage:start -->", "<!-- coverage:end -->"


def with_table(readme: str, table: str) -> str:
    """`readme` with the lines between its coverage markers replaced by `table`."""
    if readme.count(README_START) != 1 or readme.count(README_END) != 1:
        raise LedgerError(f"the README needs one {README_START} ... {README_END} block")
    before, rest = readme.split(README_START)
    after = rest.split(README_END)[1]
    return f"{before}{README_START}\n{table}\n{README_END}{after}"


def main(argv: list[str]) -> None:
    """Print the table; with `--write-readme PATH`, put it in that README instead."""
    if argv[:1] == ["--write-readme"] and len(argv) == 2:
        readme = Path(argv[1])
        readme.write_text(with_table(readme.read_text("utf-8"), markdown_table()), "utf-8")
    elif argv:
        raise SystemExit("usage: python -m simulator.coverage [--write-readme README.md]")
    else:
        print(markdown_table())


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
