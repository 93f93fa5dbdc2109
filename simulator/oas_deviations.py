"""The deviations from Unipile's published document that the simulator keeps on purpose
(contracts/oas-deviations.yaml), read by the judge (tests/judge) and rendered as the README's
section "Where we differ from Unipile's document and why".

    python -m simulator.oas_deviations                         # print the section's list
    python -m simulator.oas_deviations --write-readme README.md
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from simulator.coverage import DIALECT_PREFIXES
from simulator.resources import bundled_dir

DEVIATIONS_FILE = "oas-deviations.yaml"
README_START = "<!-- oas-deviations:start -->"
README_END = "<!-- oas-deviations:end -->"


@dataclass(frozen=True)
class Deviation:
    """One difference from the published document, and the check that notices it."""

    operations: tuple[str, ...]  # "METHOD /path" as the document spells it (no /api/v1), or "*"
    check: str  # the schemathesis check that notices it
    reason: str
    source: str
    status: int | None = None  # the response status, when the check is about one
    match: re.Pattern[str] | None = None  # searched in the failure's text and the answer's detail
    dialects: tuple[str, ...] = tuple(DIALECT_PREFIXES)

    def excuses(self, dialect: str, operation: str, check: str, status: int, text: str) -> bool:
        return (
            dialect in self.dialects
            and ("*" in self.operations or operation in self.operations)
            and self.check == check
            and self.status in (None, status)
            and (self.match is None or self.match.search(text) is not None)
        )

    @property
    def label(self) -> str:
        """How a report names the entry: where, which check, which status or text."""
        where = "every operation" if "*" in self.operations else ", ".join(self.operations)
        status = f" {self.status}" if self.status is not None else ""
        match = f" /{self.match.pattern}/" if self.match is not None else ""
        return f"{where}: {self.check}{status}{match}"


@cache
def load_deviations(path: Path | None = None) -> tuple[Deviation, ...]:
    raw = yaml.safe_load((path or bundled_dir("contracts") / DEVIATIONS_FILE).read_text("utf-8"))
    return tuple(_deviation(entry) for entry in raw["deviations"])


def _deviation(entry: dict[str, Any]) -> Deviation:
    match = entry.get("match")
    operation = entry["operation"]
    return Deviation(
        operations=tuple(operation) if isinstance(operation, list) else (operation,),
        check=entry["check"],
        reason=" ".join(entry["reason"].split()),
        source=" ".join(entry["source"].split()),
        status=entry.get("status"),
        match=re.compile(match, re.DOTALL) if match else None,
        dialects=tuple(entry.get("dialects", DIALECT_PREFIXES)),
    )


def markdown_list(deviations: tuple[Deviation, ...] | None = None) -> str:
    lines = []
    for deviation in deviations or load_deviations():
        where = (
            "every operation"
            if "*" in deviation.operations
            else ", ".join(f"`{operation}`" for operation in deviation.operations)
        )
        status = f", {deviation.status}" if deviation.status is not None else ""
        lines.append(
            f"- **{where}** ({deviation.check}{status}): {deviation.reason} "
            f"*Source: {deviation.source}*"
        )
    return "\n".join(lines)


def with_list(readme: str, text: str) -> str:
    if readme.count(README_START) != 1 or readme.count(README_END) != 1:
        raise ValueError(f"the README needs one {README_START} ... {README_END} block")
    before, rest = readme.split(README_START)
    after = rest.split(README_END)[1]
    return f"{before}{README_START}\n{text}\n{README_END}{after}"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write-readme"] and len(argv) == 2:
        readme = Path(argv[1])
        readme.write_text(with_list(readme.read_text("utf-8"), markdown_list()), "utf-8")
    elif argv:
        raise SystemExit("usage: python -m simulator.oas_deviations [--write-readme README.md]")
    else:
        print(markdown_list())


if __name__ == "__main__":
    main(sys.argv[1:])
