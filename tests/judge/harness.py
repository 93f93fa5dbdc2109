"""The second judge: Unipile's published document (its facts, contracts/unipile-oas.facts.yaml)
run with schemathesis against the in-process simulator, in both dialects.

Each operation the coverage ledger serves gets its own fresh app, the published schema's cases
(positive and negative, derandomized), every schemathesis check (the in-world variants of
simulator/contract_test.py), and a count of the 2xx answers, each one's body validated against
the document's 2xx schema by `response_schema_conformance`; then a success-path pass of
MIN_SUCCESSES positive cases, each the operation's hint (tests/judge/hints.py), with the same
checks. A failing check is either a deviation listed in contracts/oas-deviations.yaml or a
finding that fails the run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.generation.meta import CoveragePhaseData
from schemathesis.specs.openapi.schemas import OpenApiSchema

from simulator.app import Settings, build_app
from simulator.contract_options import DEFAULT_SEED
from simulator.contract_test import _operation_test, check_kwargs, schemathesis_config
from simulator.coverage import DIALECT_PREFIXES, load_ledger
from simulator.oas_deviations import Deviation, load_deviations
from simulator.oas_extract import load_facts
from simulator.seeded_draws import without_local_constants
from tests.contract.support import AUTH
from tests.judge import hints

POSITIVE = GenerationMode.POSITIVE
DOCUMENT_PREFIX = "/api/v1"  # the published document's paths start with it
# Generated cases per operation and dialect, besides the coverage phase's (CI stays fast).
MAX_EXAMPLES = int(os.environ.get("SIM_JUDGE_EXAMPLES", "20"))
# The success path of every served operation, at least this often per dialect.
MIN_SUCCESSES = 10


def deviations() -> tuple[Deviation, ...]:
    return load_deviations()


@dataclass
class Finding:
    check: str
    status: int
    title: str
    message: str
    curl: str

    def __str__(self) -> str:
        return f"{self.check} ({self.status}): {self.title}\n{self.message}\n  {self.curl}"


@dataclass
class OperationRun:
    dialect: str
    label: str  # "METHOD /path" as the document spells it
    cases: int = 0
    successes: int = 0  # 2xx answers
    statuses: Counter[int] = field(default_factory=Counter)
    findings: dict[tuple[str, int, str], Finding] = field(default_factory=dict)
    excused: Counter[Deviation] = field(default_factory=Counter)


def served_operations(dialect: str) -> list[str]:
    """The document's operations the dialect serves, labelled like `GET /accounts/{id}`."""
    return [
        f"{operation.method} {operation.path}"
        for operation in load_ledger().operations
        if operation.placement(dialect).served
        and operation.placement(dialect).path == DIALECT_PREFIXES[dialect] + operation.path
    ]


def success_path_config() -> SchemathesisConfig:
    """The success-path pass: MIN_SUCCESSES positive cases of the generated phase, each one
    rewritten with the operation's hint (tests/judge/hints.py), so that every served operation's
    2xx answer is drawn and judged that often however the document's own cases fall."""
    return SchemathesisConfig.from_dict(
        {
            "seed": DEFAULT_SEED,
            "generation": {
                "max-examples": MIN_SUCCESSES,
                "mode": "positive",
                "deterministic": True,
                "database": "none",
            },
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": False},
                "stateful": {"enabled": False},
            },
        }
    )


@cache
def judge_schema(dialect: str, success_path: bool = False) -> OpenApiSchema:
    """The published document's facts, its paths under the dialect's prefix: the document's
    cases, or (`success_path`) the success-path pass's."""
    import schemathesis

    facts = load_facts()
    prefix = DIALECT_PREFIXES[dialect]
    facts["paths"] = {
        prefix + path.removeprefix(DOCUMENT_PREFIX): item for path, item in facts["paths"].items()
    }
    facts["servers"] = [{"url": "http://localhost"}]
    config = (
        success_path_config()
        if success_path
        else schemathesis_config(MAX_EXAMPLES, infer_links=False)
    )
    schema = schemathesis.openapi.from_dict(facts, config=config)

    @schema.hook
    def filter_query(context: Any, query: Any) -> bool:
        # An empty list vanishes on the wire (as in simulator/contract_test.py).
        return not (isinstance(query, dict) and any(value == [] for value in query.values()))

    @schema.hook
    def map_case(context: Any, case: Case) -> Case:
        # Positive cases ask for what the default world holds (tests/judge/hints.py): the
        # generated phase's with the hint's values over the drawn ones, the success-path pass's
        # as the hint's request. The coverage phase's stay as the document draws them.
        hint = world_hints().get(document_label(dialect, case))
        if hint is None or not _positive(case):
            return case
        if success_path:
            return hints.hinted(case, hint)
        if isinstance(case.meta.phase.data, CoveragePhaseData):
            return case
        return hints.merged(case, hint)

    schema.app = build_app(Settings())
    return schema


def _positive(case: Case) -> bool:
    """A positive case with no negated part (schemathesis may negate one part, a binary field
    of a multipart body, in a case it calls positive)."""
    meta = case.meta
    return (
        meta is not None
        and meta.generation.mode == POSITIVE
        and all(component.mode == POSITIVE for component in meta.components.values())
    )


@cache
def world_hints() -> dict[str, hints.Hint]:
    return hints.hints()


def document_label(dialect: str, case: Case) -> str:
    return f"{case.method.upper()} {case.path.removeprefix(DIALECT_PREFIXES[dialect])}"


def find_operation(dialect: str, label: str, success_path: bool = False) -> Any:
    method, path = label.split(" ", 1)
    return judge_schema(dialect, success_path)[DIALECT_PREFIXES[dialect] + path][method]


def run_operation(dialect: str, label: str) -> OperationRun:
    """Every case of one operation; failures are collected (not raised) so that one listed
    deviation does not stop the others from being drawn."""
    operation = find_operation(dialect, label)
    run = OperationRun(dialect, label)
    app = hints.prepared_app()  # the world the next case runs on
    uses_up_its_hint = hints.uses_up_its_hint(label)
    hint = world_hints().get(label)
    validate = check_kwargs()

    def one_case(case: Case) -> None:
        nonlocal app
        run.cases += 1
        called = app
        response = case.call(app=called, headers=AUTH)
        run.statuses[response.status_code] += 1
        if 200 <= response.status_code < 300:
            run.successes += 1
            if uses_up_its_hint and hint is not None and hints.carries(case, hint):
                # The next case gets a prepared world again: a hinted DELETE must not leave the
                # next hinted case a 404 (a refusal changes nothing).
                app = hints.prepared_app()
        try:
            case.validate_response(
                response, headers=AUTH, transport_kwargs={"app": called}, **validate
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(run, failure, case, response)
        except Failure as failure:
            _record(run, failure, case, response)

    with without_local_constants():
        _operation_test(operation.schema, operation, one_case)()  # the document's cases
        success_path = find_operation(dialect, label, success_path=True)
        _operation_test(success_path.schema, success_path, one_case)()
    return run


def _record(run: OperationRun, failure: Failure, case: Case, response: Any) -> None:
    check = _check_name(failure)
    detail = _detail(response)
    text = f"{failure.title}\n{failure.message}\ndetail: {detail}"
    for deviation in deviations():
        if deviation.excuses(run.dialect, run.label, check, response.status_code, text):
            run.excused[deviation] += 1
            return
    # One finding per check, status and kind of answer (the field a 400 names).
    key = (check, response.status_code, f"{failure.title}: {detail.split(':', 1)[0][:40]}")
    run.findings[key] = Finding(
        check=check,
        status=response.status_code,
        title=failure.title,
        message=f"{failure.message.strip()[:1200]}\nanswer: {_text(response)[:300]}",
        curl=case.as_curl_command(headers=AUTH),
    )


def _text(response: Any) -> str:
    """The answer as text, a binary one (a resume, a voice note) too."""
    return response.content.decode("utf-8", "replace")


def _detail(response: Any) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("detail") or "") if isinstance(body, dict) else ""


def _check_name(failure: Failure) -> str:
    checks = type(failure).checks
    name = checks[0] if checks else type(failure).__name__
    return name.removesuffix("_in_world")


# -- one run per operation and session, shared by the xdist workers ------------------------------


@dataclass
class RunSummary:
    """What the tests assert about an operation run, as one process hands it to another."""

    cases: int
    successes: int
    statuses: dict[str, int]
    findings: list[str]
    excused: dict[int, int]  # a deviation's index in load_deviations() -> failures it excused

    @classmethod
    def of(cls, run: OperationRun) -> RunSummary:
        listed = deviations()
        return cls(
            cases=run.cases,
            successes=run.successes,
            statuses={str(status): count for status, count in sorted(run.statuses.items())},
            findings=[str(finding) for finding in run.findings.values()],
            excused={listed.index(deviation): n for deviation, n in run.excused.items()},
        )


class RunStore:
    """Each operation run once a session, by whichever process asks first: the judge's test of
    the operation, or the test that every listed deviation is used (which needs them all) on
    another xdist worker. A lock per run makes the other wait, then read the first one's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def get(self, dialect: str, label: str) -> RunSummary:
        import fcntl
        import hashlib

        key = hashlib.sha1(f"{dialect} {label}".encode()).hexdigest()[:16]
        path = self.root / f"{key}.json"
        with open(self.root / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                raw = json.loads(path.read_text("utf-8"))
                raw["excused"] = {int(index): n for index, n in raw["excused"].items()}
                return RunSummary(**raw)
            summary = RunSummary.of(run_operation(dialect, label))
            written = path.with_suffix(".tmp")
            written.write_text(json.dumps(asdict(summary)), "utf-8")
            written.replace(path)
            return summary
