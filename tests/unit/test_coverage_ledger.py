"""The coverage ledger (contracts/coverage.yaml) agrees with the app's routes and the README."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
from starlette.routing import BaseRoute

from simulator.app import POSTPRESS_PREFIX, UNIPILE_PREFIX, build_app
from simulator.coverage import (
    DIALECT_PREFIXES,
    Ledger,
    load_ledger,
    markdown_table,
    read_ledger,
    with_table,
)
from tests.contract.test_contracts_valid import served_operations

LEDGER = "contracts/coverage.yaml"
README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
# Unipile's v1 document, counted by OAS tag (reference: unipile-api-more.md §1).
OPERATIONS_PER_GROUP = {
    "Accounts": 10,
    "Emails": 9,
    "Messaging": 17,
    "Webhooks": 3,
    "Calendars": 7,
    "Users": 14,
    "LinkedIn Specific": 19,
    "Posts": 6,
}


def template(path: str) -> str:
    """`/accounts/{account_id:account_id}` and `/accounts/{id}` are the same route."""
    return re.sub(r"\{[^/{}]*\}", "{}", path)


def routes_of(routes: list[BaseRoute]) -> Iterator[tuple[str, str]]:
    for method, path in served_operations(routes):
        yield method, template(path)


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load_ledger()


@pytest.fixture(scope="module")
def routed() -> set[tuple[str, str]]:
    return set(routes_of(build_app().routes))


def test_the_dialect_prefixes_are_where_the_app_mounts_them():
    assert DIALECT_PREFIXES == {"unipile": UNIPILE_PREFIX, "postpress": POSTPRESS_PREFIX}


def test_every_operation_marked_served_is_routed_with_its_method(ledger, routed):
    unrouted = [
        f"{operation.label} at {operation.placement(dialect).path}"
        for operation in ledger.operations
        for dialect in DIALECT_PREFIXES
        if operation.placement(dialect).served
        and (operation.method, template(operation.placement(dialect).path)) not in routed
    ]
    assert unrouted == [], (
        f"marked served in {LEDGER} but the app routes no such method there: route them, "
        "or mark them `{not_yet: ...}`"
    )


def test_every_api_route_is_a_served_operation_or_a_listed_extension(ledger, routed):
    accounted = {
        (extension.method, template(path))
        for extension in ledger.extensions
        for path in extension.paths()
    }
    for operation in ledger.operations:
        for dialect in DIALECT_PREFIXES:
            placement = operation.placement(dialect)
            if placement.served:
                accounted.add((operation.method, template(placement.path)))
    api_routes = {
        (method, path)
        for method, path in routed
        if any(path.startswith(prefix + "/") for prefix in DIALECT_PREFIXES.values())
    }
    assert sorted(api_routes - accounted) == [], (
        f"routed but not in {LEDGER}: mark the operation served there (its dialect's path in "
        "place of `{not_yet: ...}`), or list the route under `extensions` with its reason"
    )


def test_every_operation_is_served_in_both_dialects_or_in_neither(ledger):
    """One route table mounts every operation under both prefixes."""
    lopsided = [
        operation.label
        for operation in ledger.operations
        if operation.unipile.served != operation.postpress.served
    ]
    assert lopsided == [], f"served in one dialect only in {LEDGER}"


def test_every_extension_is_routed(ledger, routed):
    stale = [
        f"{extension.method} {path}"
        for extension in ledger.extensions
        for path in extension.paths()
        if (extension.method, template(path)) not in routed
    ]
    assert stale == [], f"listed under `extensions` in {LEDGER} but not routed: remove them"


def test_the_ledger_lists_the_85_operations_of_the_document_once_each(ledger):
    pairs = Counter((operation.method, operation.path) for operation in ledger.operations)
    ids = Counter(operation.operation_id for operation in ledger.operations)
    assert [pair for pair, n in pairs.items() if n > 1] == [], f"listed twice in {LEDGER}"
    assert [name for name, n in ids.items() if n > 1] == [], f"operationId twice in {LEDGER}"
    assert len(pairs) == len(ids) == 85, f"{LEDGER} must list the document's 85 operations"
    numbers = [operation.number for operation in ledger.operations]
    assert numbers == list(range(1, 86)), f"number the operations of {LEDGER} 1..85 in order"
    assert dict(ledger.operations_per_group()) == OPERATIONS_PER_GROUP, (
        f"the groups (OAS tags) of {LEDGER} must count as the document's do"
    )


def test_each_placement_is_under_its_dialect_and_unipile_keeps_the_documents_path(ledger):
    for operation in ledger.operations:
        unipile = operation.placement("unipile").path
        assert unipile == UNIPILE_PREFIX + operation.path, (
            f"{operation.label}: under /api/v1 the path is the document's, not {unipile}"
        )
        postpress = operation.placement("postpress").path
        assert postpress.startswith(POSTPRESS_PREFIX + "/"), (
            f"{operation.label}: the Postpress path {postpress} must start with /v1/"
        )


def test_whatever_is_not_served_says_what_is_missing(ledger):
    silent = [
        f"{operation.label} under {dialect}"
        for operation in ledger.operations
        for dialect in DIALECT_PREFIXES
        if not operation.placement(dialect).served and not operation.placement(dialect).missing
    ]
    assert silent == [], f"give each `not_yet` in {LEDGER} a reason"


def test_postpress_documents_drafts_under_a_path_of_its_own(ledger):
    drafts = next(op for op in ledger.operations if op.operation_id == "i_createDraft")
    assert (drafts.method, drafts.path) == ("POST", "/drafts")
    assert drafts.placement("postpress").path == "/v1/emails/drafts"


def test_the_readme_shows_the_table_the_ledger_renders():
    readme = README.read_text(encoding="utf-8")
    assert readme.count(START) == 1 and readme.count(END) == 1, (
        f"README.md needs one `{START}` ... `{END}` block around the coverage table"
    )
    shown = readme.split(START)[1].split(END)[0]
    assert shown == "\n" + markdown_table() + "\n", (
        "the README's coverage table is stale: run "
        "`python -m simulator.coverage --write-readme README.md`"
    )
    assert with_table(readme, markdown_table()) == readme


def test_the_table_counts_per_dialect_and_per_group(ledger):
    table = markdown_table(ledger)
    served_unipile, served_postpress = ledger.served("unipile"), ledger.served("postpress")
    assert table.splitlines()[0] == (
        f"Served: {served_unipile} of 85 operations under `/api/v1`, "
        f"{served_postpress} of 85 under `/v1`."
    )
    assert (
        f"| Accounts | 10 | {ledger.served('unipile', 'Accounts')} | "
        f"{ledger.served('postpress', 'Accounts')} |" in table
    )
    assert "| 11 | Emails | `GET /emails` | `p_listMails` | ✓ | ✓ |  |" in table
    assert "| 12 | Emails | `POST /emails` | `p_sendMail` | ✓ | ✓ |  |" in table
    assert "| 40 | Calendars | `GET /calendars` | `m_listCalendars` | ✓ | ✓ |  |" in table
    assert "`POST /drafts` (`/v1`: `/v1/emails/drafts`)" in table
    assert "- `POST /users/cancel-invite` (under both prefixes): seed 004's" in table


# -- finding the operation a request names ---------------------------------------------------

SMALL_LEDGER = """
operations:
  - {number: 1, method: GET, path: "/users/{identifier}", operation_id: profile, group: Users,
     unipile: "/api/v1/users/{identifier}", postpress: {not_yet: "Postpress dialect"}}
  - {number: 2, method: GET, path: /users/followers, operation_id: followers, group: Users,
     unipile: {not_yet: followers}, postpress: {not_yet: followers}}
  - {number: 3, method: POST, path: /users/invite, operation_id: invite, group: Users,
     unipile: /api/v1/users/invite, postpress: /v1/users/invite}
  - {number: 4, method: POST, path: /drafts, operation_id: draft, group: Emails,
     unipile: {not_yet: email}, postpress: {path: /v1/emails/drafts, not_yet: email}}
"""


@pytest.fixture
def small(tmp_path) -> Ledger:
    path = tmp_path / "coverage.yaml"
    path.write_text(SMALL_LEDGER, encoding="utf-8")
    return read_ledger(path)


def found(ledger: Ledger, method: str, path: str) -> tuple[str, str] | None:
    match = ledger.find(method, path)
    return None if match is None else (match.operation.operation_id, match.dialect)


def test_a_parameter_matches_any_one_segment(small):
    assert found(small, "GET", "/api/v1/users/ACoAAA") == ("profile", "unipile")
    assert found(small, "GET", "/v1/users/ACoAAA") == ("profile", "postpress")
    assert found(small, "GET", "/api/v1/users/ACoAAA/more") is None
    assert found(small, "GET", "/api/v1/users/") is None  # never an empty segment


def test_a_literal_wins_over_a_parameter(small):
    assert found(small, "GET", "/api/v1/users/followers") == ("followers", "unipile")
    # `/users/invite` is POST only: a GET there is no operation, not a profile called "invite".
    assert found(small, "GET", "/api/v1/users/invite") is None
    assert found(small, "POST", "/v1/users/invite") == ("invite", "postpress")


def test_a_dialects_own_path_is_the_one_matched(small):
    assert found(small, "POST", "/v1/emails/drafts") == ("draft", "postpress")
    assert found(small, "POST", "/api/v1/drafts") == ("draft", "unipile")
    assert found(small, "POST", "/v1/drafts") is None


def test_head_names_the_get_operation_and_other_prefixes_name_nothing(small):
    assert found(small, "HEAD", "/api/v1/users/followers") == ("followers", "unipile")
    assert found(small, "GET", "/_sim/users/followers") is None


def test_a_match_knows_the_dialect_whose_path_was_used(small):
    match = small.find("GET", "/v1/users/someone")
    assert match is not None and match.dialect == "postpress" and not match.placement.served
    served = small.find("GET", "/api/v1/users/someone")
    assert served is not None and served.dialect == "unipile" and served.placement.served
