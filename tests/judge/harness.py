"""The second judge: Unipile's published document (its facts, contracts/unipile-oas.facts.yaml)
run with schemathesis against the in-process simulator, in both dialects.

Each operation the coverage ledger serves gets its own fresh app, the published schema's cases
(positive and negative, derandomized), every schemathesis check (the in-world variants of
simulator/contract_test.py), and a count of the 2xx answers, each one's body validated against
the document's 2xx schema by `response_schema_conformance`. A failing check is either a
deviation listed in contracts/oas-deviations.yaml or a finding that fails the run.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.generation.meta import CoveragePhaseData
from schemathesis.specs.openapi.schemas import OpenApiSchema

from simulator.app import Settings, build_app
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


@cache
def judge_schema(dialect: str) -> OpenApiSchema:
    """The published document's facts, its paths under the dialect's prefix."""
    import schemathesis

    facts = load_facts()
    prefix = DIALECT_PREFIXES[dialect]
    facts["paths"] = {
        prefix + path.removeprefix(DOCUMENT_PREFIX): item for path, item in facts["paths"].items()
    }
    facts["servers"] = [{"url": "http://localhost"}]
    schema = schemathesis.openapi.from_dict(
        facts, config=schemathesis_config(MAX_EXAMPLES, infer_links=False)
    )

    @schema.hook
    def filter_query(context: Any, query: Any) -> bool:
        # An empty list vanishes on the wire (as in simulator/contract_test.py).
        return not (isinstance(query, dict) and any(value == [] for value in query.values()))

    @schema.hook
    def map_case(context: Any, case: Case) -> Case:
        # Positive cases ask for what the default world holds (tests/judge/hints.py): about half
        # of the coverage phase's (hundreds for a large body), each of the generated phase's
        # (about ten), so that every operation's success path is drawn at least MIN_SUCCESSES times.
        hint = world_hints().get(document_label(dialect, case))
        if hint is None or case.meta is None or case.meta.generation.mode != POSITIVE:
            return case
        coverage = isinstance(case.meta.phase.data, CoveragePhaseData)
        return hints.hinted(case, hint) if not coverage or hints.takes_hint(case) else case

    schema.app = build_app(Settings())
    return schema


@cache
def world_hints() -> dict[str, hints.Hint]:
    return hints.hints()


def document_label(dialect: str, case: Case) -> str:
    return f"{case.method.upper()} {case.path.removeprefix(DIALECT_PREFIXES[dialect])}"


def find_operation(dialect: str, label: str) -> Any:
    method, path = label.split(" ", 1)
    return judge_schema(dialect)[DIALECT_PREFIXES[dialect] + path][method]


def run_operation(dialect: str, label: str) -> OperationRun:
    """Every case of one operation; failures are collected (not raised) so that one listed
    deviation does not stop the others from being drawn."""
    operation = find_operation(dialect, label)
    run = OperationRun(dialect, label)
    apps = [hints.prepared_app()]
    changes_the_world = hints.changes_the_world(label)
    hint = world_hints().get(label)
    validate = check_kwargs()

    def one_case(case: Case) -> None:
        run.cases += 1
        app = apps[-1]
        response = case.call(app=app, headers=AUTH)
        run.statuses[response.status_code] += 1
        if 200 <= response.status_code < 300:
            run.successes += 1
            if changes_the_world and hint is not None and hints.carries(case, hint):
                # The next case gets a prepared world again: a hinted DELETE must not leave the
                # next hinted case a 404 (a refusal changes nothing).
                apps.append(hints.prepared_app())
        try:
            case.validate_response(
                response, headers=AUTH, transport_kwargs={"app": app}, **validate
            )
        except FailureGroup as group:
            for failure in group.exceptions:
                _record(run, failure, case, response)
        except Failure as failure:
            _record(run, failure, case, response)

    with without_local_constants():
        _operation_test(operation.schema, operation, one_case)()
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
        message=f"{failure.message.strip()[:1200]}\nanswer: {response.text[:300]}",
        curl=case.as_curl_command(headers=AUTH),
    )


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
