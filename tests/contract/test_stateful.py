"""Schemathesis' stateful phase: sequences of calls chained by the contracts' OpenAPI links.

The links (`links:` under the responses of contracts/unipile.yaml and postpress.yaml) describe
how a client walks the API: connect an account, read it, delete it, read it again (404); create a
webhook, list it, delete it; search people through a listed account, invite one, list the
invitation, withdraw it; list an account's relations, start a chat with one, list its messages,
send another; send an email, read, mark and trash it; save a draft, read it, send it; list a
relation's posts, read one, comment, list the comments; react, list the reactions.
Schemathesis draws scenarios of valid requests over those links, feeding each
response's ids into the next call, and runs its checks on every step, including
`use_after_free` (a deleted resource must stay gone) and `ensure_resource_availability` (a
created one must be readable); invalid requests are test_schemathesis.py's.

Each scenario runs against a fresh world, so one scenario's deletes cannot leak into another.
Generation is seeded: the same scenarios on every run, in any process (tests/conftest.py). A run
must also prove it walked the links: every step of every flow above has to answer as the flow
expects at least once, or the links have quietly stopped matching the responses and the phase
would pass testing nothing. The flows run in families, each with only its own links (40
scenarios each), then one run follows every link at once (100 scenarios).

The deeper profile draws many more scenarios (see README "Contract tests"):

    SIM_CONTRACT_EXAMPLES=400 SIM_STATEFUL_EXAMPLES=1000 SIM_STATEFUL_FAMILY_EXAMPLES=400 \
        pytest tests/contract
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from schemathesis.generation.case import Case
from schemathesis.generation.stateful.control import TransitionController
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput
from schemathesis.hooks import HookContext
from schemathesis.specs.openapi.schemas import OpenApiSchema
from starlette.applications import Starlette

from simulator.app import Settings, build_app
from simulator.contract_test import DEFAULT_SEED, schemathesis_config, validate_stateful_step
from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.loader import load_scenario
from tests.contract.support import AUTH, CONTRACTS

SCENARIOS = int(os.environ.get("SIM_STATEFUL_EXAMPLES", "100"))
FAMILY_SCENARIOS = int(os.environ.get("SIM_STATEFUL_FAMILY_EXAMPLES", "40"))
# Long enough for the four-call flows to reach their last call: with 20 steps, 300 scenarios sent
# in a started chat once; with 30, 200 scenarios did 30 to 38 times (over four seeds).
STEPS_PER_SCENARIO = int(os.environ.get("SIM_STATEFUL_STEPS", "30"))

# Links of the contracts the phase does not follow. DeleteAccount (after any read of an account)
# deletes the scenario's seeded account within the first steps of most scenarios, and that
# account's relations and search results feed the invitation and chat flows, which then never
# reach their end; deleting an account is walked on one the scenario connected
# (DeleteConnectedAccount, then GetDeletedAccount).
LINKS_NOT_FOLLOWED = frozenset({"DeleteAccount"})
MAIL_SENDS = {("POST", "/emails"), ("POST", "/drafts"), ("POST", "/emails/drafts")}
CALENDAR_WRITES = {
    ("POST", "/calendars/{calendar_id}/events"),
    ("PATCH", "/calendars/{calendar_id}/events/{event_id}"),
}
EVENT_SPAN = {
    "start": {"date_time": "2026-01-07T10:00:00", "time_zone": "Europe/Paris"},
    "end": {"date_time": "2026-01-07T10:30:00", "time_zone": "Europe/Paris"},
}


# Each flow the links describe, as the links it takes and the status each must answer at least
# once in a run (a link is only followed after its source answered the status it is listed
# under, so the last link of a flow proves the steps before it succeeded too; "A|B": either
# link walks the step).
UNIPILE_FLOWS = {
    "account created, read, deleted, gone": [
        ("GetConnectedAccount", 200),
        ("DeleteConnectedAccount", 200),
        ("GetDeletedAccount", 404),
    ],
    "webhook created, listed, deleted": [("ListWebhooks", 200), ("DeleteCreatedWebhook", 200)],
    "invitation sent, listed, withdrawn": [
        ("InviteFoundPerson", 201),
        ("ListSentInvitations", 200),
        ("CancelSentInvitation", 200),
    ],
    "chat started, messages listed, message sent": [
        ("StartChatWithRelation", 201),
        ("ListStartedChatMessages", 200),
        ("SendInStartedChat", 201),
    ],
    "email sent, read, marked, trashed": [
        ("GetSentEmail", 200),
        ("MarkSentEmail", 200),
        ("DeleteSentEmail", 200),
    ],
    "draft saved, read, sent": [("GetDraft", 200), ("SendDraft", 201)],
    "posts listed, read, commented, comments listed": [
        ("ListRelationPosts", 200),
        ("GetListedPost", 200),
        ("CommentListedPost", 201),
        ("ListCommentsOfPost", 200),
    ],
    "post reacted, reactions listed": [
        ("ReactToListedPost", 201),
        ("ListReactionsAfterReacting", 200),
    ],
    "calendars listed, events listed": [
        ("ListEventsOfListedCalendar", 200),
    ],
    "event created, read, updated, deleted, gone": [
        ("CreateEventInListedCalendar", 201),
        ("GetCreatedEvent", 200),
        ("UpdateReadEvent|UpdateCreatedEvent", 200),
        ("DeleteUpdatedEvent", 200),
        ("GetDeletedEvent", 404),
    ],
    # Applicants arrive on the world clock, which this phase never moves (frozen): the applicant
    # and resume links (GetListedApplicant...) are followed only when a list has items.
    "job drafted, published, verified, read, applicants listed, closed": [
        ("CreateJobDraftThroughAccount", 200),
        ("PublishCreatedDraft", 200),
        ("SolvePublishCheckpoint", 200),
        ("GetPublishedJob", 200),
        ("ListJobApplicants", 200),
        ("CloseJobOfApplicants|CloseReadJob", 200),
    ],
}
# The flows run in families, each on its own with only the links it walks (from its root on):
# the flows would otherwise share one budget of steps, and every link a contract gains would
# make each link of a long chain rarer. One more run follows every link, for the checks.
FAMILIES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "accounts": (
        frozenset({"GetConnectedAccount", "DeleteConnectedAccount", "GetDeletedAccount"}),
        ("account created, read, deleted, gone",),
    ),
    "webhooks": (
        frozenset({"ListWebhooks", "DeleteCreatedWebhook", "DeleteListedWebhook"}),
        ("webhook created, listed, deleted",),
    ),
    "invitations": (
        frozenset({
            "SearchPeopleThroughAccount", "InviteFoundPerson", "ListSentInvitations",
            "CancelSentInvitation", "CancelListedInvitation", "CancelSentInvitationSeedRoute",
        }),
        ("invitation sent, listed, withdrawn",),
    ),
    "chats": (
        frozenset({
            "ListAccountRelations", "StartChatWithRelation", "ListStartedChatMessages",
            "SendInStartedChat",
        }),
        ("chat started, messages listed, message sent",),
    ),
    "email": (
        frozenset({
            "GetSentEmail", "MarkSentEmail", "DeleteSentEmail", "GetDraft", "SendDraft",
        }),
        ("email sent, read, marked, trashed", "draft saved, read, sent"),
    ),
    "posts": (
        frozenset({
            "ListAccountRelations", "ListRelationPosts", "GetListedPost", "CommentListedPost",
            "ListCommentsOfPost", "ReactToListedPost", "ListReactionsAfterReacting",
        }),
        (
            "posts listed, read, commented, comments listed",
            "post reacted, reactions listed",
        ),
    ),
    "calendars": (
        frozenset({
            "GetListedCalendar", "ListEventsOfListedCalendar", "CreateEventInListedCalendar",
            "GetCreatedEvent", "UpdateCreatedEvent", "UpdateReadEvent", "GetUpdatedEvent",
            "DeleteUpdatedEvent", "GetDeletedEvent", "GetListedEvent",
        }),
        ("calendars listed, events listed", "event created, read, updated, deleted, gone"),
    ),
    "jobs": (
        frozenset({
            "CreateJobDraftThroughAccount", "PublishCreatedDraft", "SolvePublishCheckpoint",
            "GetPublishedJob", "ListJobApplicants", "CloseReadJob", "CloseJobOfApplicants",
            "GetListedApplicant", "GetListedApplicantResume", "GetApplicantResume",
            "GetListedProject",
        }),
        ("job drafted, published, verified, read, applicants listed, closed",),
    ),
}  # fmt: skip
EVERY_LINK = "every link"
# postpress.yaml is unipile.yaml's routes (simulator/contract_assembly.py), so the same flows,
# except that Postpress answers an invitation 200.
POSTPRESS_STATUSES = {"InviteFoundPerson": 200}
FLOWS = {
    "unipile.yaml": UNIPILE_FLOWS,
    "postpress.yaml": {
        flow: [(link, POSTPRESS_STATUSES.get(link, status)) for link, status in steps]
        for flow, steps in UNIPILE_FLOWS.items()
    },
}


def stateful_schema(contract: str, keep: frozenset[str] | None, scenarios: int) -> OpenApiSchema:
    """The contract with only its own links, valid requests only, logins drawn from the default
    scenario's test identities, and no made-up cursors."""
    # Only the contract's own links: schemathesis' inferred ones (ids that look alike across
    # operations) make operations like POST /accounts link targets instead of starting points,
    # which starves the flows above.
    config = schemathesis_config(scenarios, infer_links=False)
    schema = schemathesis.openapi.from_dict(
        contract_with_links_followed(contract, keep), config=config
    )
    logins = scenario_logins()
    gmail = next(
        account.id
        for account in compile_blueprint(load_scenario("default")).accounts
        if account.type == "GOOGLE_OAUTH"
    )

    @schema.hook
    def flatmap_body(context: HookContext, body: Any) -> st.SearchStrategy[Any]:
        # A random password logs nobody in (401): a LinkedIn login by username and password
        # gets the scenario's identities, like a test card, so the account flows can start.
        operation = context.operation
        if (
            operation is not None
            and (operation.method.upper(), operation.path) == ("POST", "/accounts")
            and isinstance(body, dict)
            and body.get("provider") == "LINKEDIN"
            and isinstance(body.get("username"), str)
            and isinstance(body.get("password"), str)
        ):
            return st.sampled_from(logins).map(lambda login: {**body, **login})
        if (
            operation is not None
            and (operation.method.upper(), operation.path) in MAIL_SENDS
            and isinstance(body, dict)
            and "draft_id" not in body
        ):
            # A random account id is a 404: sends and drafts go through the scenario's Gmail
            # account, without the fields that need one of its emails (reply_to) or a header
            # name from the rule; those refusals are tested in tests/api/test_email_sending.py.
            kept = {k: v for k, v in body.items() if k not in ("reply_to", "custom_headers")}
            return st.just({**kept, "account_id": gmail})
        if (
            operation is not None
            and (operation.method.upper(), operation.path) in CALENDAR_WRITES
            and isinstance(body, dict)
        ):
            # Drawn zone names and RFC 5545 lines are not real ones (400s tested in
            # tests/api/test_calendars.py): the event is timed in a real zone, start before end.
            kept = {k: v for k, v in body.items() if k not in ("recurrence", "conference")}
            if "start" in kept or "end" in kept or operation.method.upper() == "POST":
                kept.update(EVENT_SPAN)
            return st.just(kept)
        return st.just(body)

    @schema.hook
    def map_query(context: HookContext, query: Any) -> Any:
        # Calendars live on the scenario's Gmail account; a random account id is a 404.
        operation = context.operation
        if operation is not None and operation.path.startswith("/calendars"):
            return {**(query or {}), "account_id": gmail}
        return query

    @schema.hook
    def filter_query(context: HookContext, query: Any) -> bool:
        # A cursor is only good when a list returned it (random ones are refused, and tested
        # stateless in test_schemathesis.py): the flows page from the start.
        return not (isinstance(query, dict) and "cursor" in query)

    return schema


def contract_with_links_followed(
    contract: str, keep: frozenset[str] | None = None
) -> dict[str, Any]:
    """The contract as a mapping, without the links in LINKS_NOT_FOLLOWED, and with only the
    links in `keep` when it is given."""
    raw = yaml.safe_load((CONTRACTS / contract).read_text())
    for path_item in raw["paths"].values():
        for operation in path_item.values():
            if not isinstance(operation, dict):  # the path's shared `parameters`
                continue
            for response in (operation.get("responses") or {}).values():
                links = response.get("links") or {}
                for name in list(links):
                    if name in LINKS_NOT_FOLLOWED or (keep is not None and name not in keep):
                        del links[name]
    return raw


def scenario_logins() -> list[dict[str, str]]:
    """The default scenario's LinkedIn username-and-password identities that log in, at once or
    after checkpoints (README's table). Those that end in an error (408, 5xx...) have their own
    tests in tests/api/test_connect.py; here `positive_data_acceptance` would count them."""
    scenario = load_scenario("default").scenario
    return [
        {"username": identity.username, "password": identity.password}
        for identity in scenario.credentials
        if identity.provider == "LINKEDIN"
        and identity.username
        and identity.password
        and getattr(identity.outcome, "error", None) is None
    ]


def run_stateful_phase(
    contract: str, keep: frozenset[str] | None = None, scenarios: int = SCENARIOS
) -> Counter[tuple[str, int]]:
    """Runs the seeded stateful phase of `contract` (only the links in `keep`, when given);
    counts (link name, status) of every step that followed a link with the values it
    extracted."""
    schema = stateful_schema(contract, keep, scenarios)
    followed: Counter[tuple[str, int]] = Counter()

    class SimulatorWorkflow(schema.as_state_machine()):  # type: ignore[misc]
        app: Starlette

        def __init__(self) -> None:
            super().__init__()
            self.control = RootsWhenNoLinkCanRun(self._transitions, self._root_labels)

        def setup(self) -> None:
            self.app = build_app(Settings(strict=True))  # a fresh world per scenario
            # Checks that send probes of their own (ignored_auth) use the schema's app.
            schema.app = self.app

        def get_call_kwargs(self, case: Case) -> dict[str, object]:
            return {"app": self.app, "headers": AUTH}

        def step(self, input: StepInput) -> StepOutput:
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                followed[(link_name(input.transition.id), output.response.status_code)] += 1
            return output

        def validate_response(  # type: ignore[no-untyped-def]
            self, response, case, additional_checks=None, **transport_kwargs
        ):
            validate_stateful_step(
                case, response, self.recorder, additional_checks, transport_kwargs
            )

    # Seeded by number, not derandomized: hypothesis would derive the seed from this class's
    # source, so editing a comment in it would redraw every scenario.
    seed(DEFAULT_SEED)(SimulatorWorkflow)
    SimulatorWorkflow.run(
        settings=settings(
            max_examples=scenarios,
            stateful_step_count=STEPS_PER_SCENARIO,
            database=None,
            deadline=None,
            # No shrinking: a failing sequence is reported as drawn, each step with its curl
            # command, instead of minutes spent replaying it shorter.
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    return followed


class RootsWhenNoLinkCanRun(TransitionController):
    """Schemathesis' rule budget, minus a dead end: a scenario can always take another step.

    Schemathesis (4.32) holds its roots back while a link from an operation that already answered
    could run, but it goes by operation, not by the status the link follows: after
    `POST /accounts` answered 202, the 201 links count as runnable though nothing feeds them.
    Late in a long scenario every rule is then refused and hypothesis ends the run with
    `InvalidDefinition` ("no progress can be made"), reported as a flaky strategy. Here the roots
    are open again whenever no link has both a value to follow and budget left.
    """

    def allow_root_transition(self, source: str, bundles: dict[str, Any]) -> bool:
        return super().allow_root_transition(source, bundles) or not any(
            bundles.get(f"{link.source.label} -> {link.status_code}")
            and self.allow_transition(link.source.label, link.target.label)
            for operation in self.transitions.operations.values()
            for link in operation.incoming
        )


def link_name(transition_id: str) -> str:
    """`GetConnectedAccount` of `POST /accounts -> [201] GetConnectedAccount -> GET /...`."""
    return transition_id.split("] ", 1)[-1].split(" -> ", 1)[0]


@pytest.mark.parametrize("family", [*FAMILIES, EVERY_LINK])
@pytest.mark.parametrize("contract", sorted(FLOWS))
def test_stateful_phase_walks_every_linked_flow_without_failures(
    contract: str, family: str
) -> None:
    if family == EVERY_LINK:  # every link at once: no failure, whatever the chains reach
        run_stateful_phase(contract, None, SCENARIOS)
        return
    keep, flows = FAMILIES[family]
    followed = run_stateful_phase(contract, keep, FAMILY_SCENARIOS)
    for flow in flows:
        for links, status in FLOWS[contract][flow]:  # "A|B": either link walks the step
            assert any(followed[(link, status)] > 0 for link in links.split("|")), (
                f"{contract}: in the flow '{flow}', the link {links} never answered {status}; "
                f"links followed (link, status): {dict(followed)}"
            )


def test_every_flow_is_in_a_family_and_every_family_link_exists() -> None:
    assert sorted(f for _, flows in FAMILIES.values() for f in flows) == sorted(UNIPILE_FLOWS)
    names = {
        name
        for path_item in contract_with_links_followed("unipile.yaml")["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict)
        for response in (operation.get("responses") or {}).values()
        for name in response.get("links") or {}
    }
    assert set().union(*(keep for keep, _ in FAMILIES.values())) <= names
