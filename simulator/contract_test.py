"""`unipile-sim contract-test`: the schemathesis checks of tests/contract, against any server.

    unipile-sim contract-test --url http://127.0.0.1:8787 --api-key sim_default_key_0001

Every operation of one contract (unipile, postpress or control) gets the cases tests/contract
generates (the contract's examples, coverage cases, then `--max-examples` generated ones,
derandomized by `--seed`), each response goes through every schemathesis check, and the run
ends with a summary: operations tested, checks passed and failed, and for each failure the
check, the operation, the message and a curl command that repeats the request.

schemathesis is a test extra, imported only when the command runs (`serve` never pays for it).
The refusals below are the ones tests/contract accepts too: one definition for both.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from simulator.contract_options import (
    CONTRACTS,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_SEED,
    DEFAULT_STATEFUL_SCENARIOS,
)
from simulator.resources import bundled_dir
from simulator.seeded_draws import without_local_constants

if TYPE_CHECKING:
    from pathlib import Path

    from schemathesis.checks import CheckContext, CheckResult
    from schemathesis.config import SchemathesisConfig
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case
    from schemathesis.specs.openapi.schemas import OpenApiSchema

INSTALL_HINT = (
    "pip install '/path/to/unipile-sim[test]' (a checkout), or "
    "'unipile-sim[test] @ git+<repository URL>' (README: Testing your client with it)"
)
_REQUEST_TIMEOUT_S = 30.0
_STATEFUL_STEPS = 20  # steps per scenario of the stateful phase

# -- what `positive_data_acceptance` accepts besides a 2xx -----------------------------------

# Requests that match the schema but that the world refuses, because the rule is about the
# world's state or compares values, which JSON Schema cannot say. Only these exact 400s (the
# contracts describe each) are not "valid data rejected".
_OUT_OF_RANGE = r"[\w.]+: must be between 1970-01-01T00:00:00\.000Z and 9999-12-31T23:59:59\.999Z"
# A duration's digits (the contracts' pattern) can say more than the longest one, 10,000 weeks.
_TOO_LONG = r"[\w.]+: a duration must be less than or equal to 6048000000000 ms \(10,000 weeks\)"
# An inline scenario's problem names its key under `scenario.` (the body's field); the loader's
# own form, `scenario: <inline>: key`, is what a scenario file's problems look like.
_INLINE = r"scenario(?:\.|: <inline>: |: )"
# Inline scenarios: rules across fields of the network keys (scenario/network_schema.py).
_SCENARIO_RULES = (
    rf"{_INLINE}[\w.]+: (Value error, )?(min must not exceed max"
    r"|second_degree \+ third_degree must not exceed 1"
    r"|at least one of accept, decline, ignore must be positive"
    r"|(new_relation_delay\.max: )?Unipile notices new relations within 8h"
    r"|two listed people share the \w+ '.*'"
    r"|connected_at needs distance: FIRST_DEGREE)"
    rf"|({_INLINE})?{_TOO_LONG}"
)
# Inline scenarios: each credential is a whole login of its provider, and names an account the
# scenario has (scenario/schema.py CredentialSpec): rules across fields and entries.
_CREDENTIAL_RULES = (
    rf"{_INLINE}(credentials\.\d+(\.account)?|\(top level\)): (Value error, )?"
    r"(credentials\.\d+\.account: )?(.* is not part of a \w+ login|a \w+ identity needs .*"
    r"|\w+ logins have no code checkpoints .*|no account has the id .*|'.*' is a \w+ account)"
)
# Inline scenarios: chat histories name listed people, in time order, in inboxes the account's
# plan has and on providers that have chats, within a size (scenario/messaging_schema.py):
# rules across fields and entries.
_CHAT_RULES = (
    rf"{_INLINE}accounts\.\d+\.chats(\.threads\.\d+)?(\.\w+)?(\.\d+)?(\.from)?: ("
    r"\w+ accounts have no chats \(chats live on [A-Z, ]+ accounts\)"
    r"|api and inmail are LinkedIn's, not \w+'s|\w+ chats have one other participant"
    r"|off LinkedIn, only a group has a subject"
    r"|generate x messages\.max: at most 200,000 generated messages per account"
    r"|min must not exceed max"
    r"|a \w+ account has no \w+ inbox"
    r"|a group chat has 2 to 20 other participants|group chats live in the classic inbox"
    r"|give at or ago, not both"
    r"|no listed person is .*|a participant is named twice|a second 1:1 chat with .*"
    r"|'.*' is used twice"
    r"|.* is not me, them or a participant of the chat"
    r"|after the world starts .*|earlier than the message before it)"
    rf"|{_INLINE}behaviours\.replies\.delay: min must not exceed max"
)
_CURSOR = re.compile(r"^cursor: not a cursor returned by this list$")
# A quoted message is one of the chat's (the world's state).
_QUOTE = (
    r"quote_id: (no message .* in chat \S+|message \S+ cannot be quoted"
    r"|chat \S+ does not allow replies)"
)
_OTHER_SIDE = re.compile(
    r"^(message_id: (message \S+ is not in chat \S+|message \S+ is deleted"
    r"|the other side can \w+ only what it sent, not the account's)"
    r"|value: chat \S+ does not allow reactions)$"
)
# Inline scenarios: a webhook's events belong to its source (scenario/webhooks_schema.py), and
# a timeline entry names an account of the scenario (scenario/schema.py).
_WEBHOOK_RULES = (
    rf"{_INLINE}webhooks\.\d+\.events\.\d+: '\w+' is not an event of source \w+ "
    r"\(one of [\w, ]+\)"
    rf"|{_INLINE}timeline\.\d+\.\w+\.account: no account has the id '.*' "
    r"\(give the account an `id:`\)"
)
_PROVIDER_ID_ACCOUNT = re.compile(r"^account_id: required to find an email by its provider id$")
# Only an email account has a mailbox (scenario/schema.py: the provider decides).
_MAILBOX_RULE = (
    rf"{_INLINE}accounts\.\d+\.mailbox: a [A-Z_]+ account has no mailbox \(email accounts: "
    r"[A-Z_, ]+\)"
)
_AS_ORGANIZATION = re.compile(
    r"^(as_organization: '.*' is no organization this account administers"
    # ...and which fields apply is the account's provider (state): LinkedIn's or Instagram's.
    r"|(mentions|external_link|as_organization|repost): LinkedIn only; this is an Instagram account"
    r"|location: Instagram only; this is a LinkedIn account"
    r"|attachments: an Instagram post needs a picture or a video \(none given\))$"
)
# Calendars (world/calendar_input.py, calendar_times.py, calendar_recurrence.py): which zone
# names exist is the tz database's, which dates exist the calendar's; `end` is compared with
# `start`; RFC 5545 lines have a grammar JSON Schema cannot say; a made-up meeting is the
# account provider's (state); an occurrence takes no `recurrence`.
_CALENDAR_EVENT = re.compile(
    r"^((start|end)\.time_zone: unknown time zone .*"
    r"|(start|end)\.date(_time)?: not a valid date( time)?: .*"
    r"|end: (.* is before the start|must be .*, like start|an all-day event ends on a later .*)"
    r"|recurrence(\[\d+\])?(\.TZID)?: .*"
    r"|conference\.url: a \w+ conference needs its url: .*)$",
    re.DOTALL,
)
_CALENDAR_LIST = re.compile(
    r"^(cursor: not a cursor returned by this list|offset: give cursor or offset, not both"
    r"|end: the window ends before it starts"
    r"|(start|end|updated_after|updated_before): not a valid date( time)?: .*)$"
)
# Inline scenarios: chances that add up, zone names, and timeline events checked by the API's
# rules (scenario/calendar_schema.py).
_CALENDAR_RULES = (
    rf"{_INLINE}behaviours\.calendar(\.\w+)?: (accept \+ decline \+ tentative must not exceed 1"
    r"|unknown time zone .*)"
    rf"|{_INLINE}timeline\.\d+\.calendar_event(\.[\w.\[\]]+)?: .*"
    # ...and job postings, by the job routes' rules (scenario/job_schema.py), which the inline
    # schema leaves to them.
    rf"|{_INLINE}timeline\.\d+\.job_posting(\.[\w.\[\]]+)?: .*"
)
# Job drafts: the ids of the search parameters are the world's (its blueprint); a description
# must hold text once its HTML tags are gone; a question's fields compared; a recruiter block's
# industries; a Classic posting has no recruiter block (state).
_JOB_FIELDS = re.compile(
    r"^((job_title|company)\.id: no (JOB_TITLE|COMPANY) parameter has id \d+"
    r"|location: no LOCATION parameter has id \d+"
    r"|description: must hold some text"
    r"|screening_questions\[\d+\]\.(min_expectation: must not exceed max_expectation"
    r"|expected_choices: must be one or more of `choices`)"
    r"|recruiter\.industries: no INDUSTRY parameter has id \d+"
    r"|recruiter: job posting \d+ is a CLASSIC posting; it has no recruiter block)$"
)
SEMANTIC_REJECTIONS: dict[str, re.Pattern[str]] = {
    "GET /calendars": re.compile(
        r"^(cursor: not a cursor returned by this list|offset: give cursor or offset, not both)$"
    ),
    "GET /calendars/{calendar_id}/events": _CALENDAR_LIST,
    "POST /calendars/{calendar_id}/events": _CALENDAR_EVENT,
    "PATCH /calendars/{calendar_id}/events/{event_id}": _CALENDAR_EVENT,
    # A cursor is opaque: only one the list returned is good (reference §1.3).
    "GET /accounts": re.compile(r"^cursor: not a cursor returned by this list$"),
    "GET /users/relations": re.compile(r"^cursor: not a cursor returned by this list$"),
    "GET /users/invite/sent": re.compile(r"^cursor: not a cursor returned by this list$"),
    "GET /users/invite/received": re.compile(r"^cursor: not a cursor returned by this list$"),
    # ...and Classic pages hold 50 at most, the paid APIs more: the body's `api` decides.
    "POST /linkedin/search": re.compile(
        r"^(cursor: not a cursor returned by this list"
        r"|limit: LinkedIn Classic search pages hold at most 50, got \d+)$"
    ),
    "GET /webhooks": re.compile(r"^cursor: not a cursor returned by this list$"),
    "GET /chats": _CURSOR,
    "GET /chats/{chat_id}/messages": _CURSOR,
    "GET /messages": _CURSOR,
    "GET /chat_attendees": _CURSOR,
    "GET /chat_attendees/{attendee_id}/chats": _CURSOR,
    "GET /chat_attendees/{attendee_id}/messages": _CURSOR,
    # A document from another simulator version, or records that are not one world's whole
    # history (api/control/state.py).
    "PUT /state": re.compile(
        r"^(simulator: written by unipile-sim .*|records(\.\d+\.[tw])?: .*)$", re.DOTALL
    ),
    # A well-formed name that no shipped scenario has; an instant the world cannot hold.
    "POST /tenants": re.compile(
        rf"^(scenario: scenario '.*': no such scenario \(shipped: .*\)|{_OUT_OF_RANGE}|{_SCENARIO_RULES}"
        rf"|{_CREDENTIAL_RULES}|{_CHAT_RULES}|{_WEBHOOK_RULES}|{_MAILBOX_RULE}"
        rf"|{_CALENDAR_RULES})$",
        re.DOTALL,
    ),
    # A file is a multipart part with a filename; a part without one is a text field, which
    # OpenAPI's `format: binary` cannot tell apart.
    "POST /chats": re.compile(r"^(attachments|voice_message|video_message): expected a file$"),
    "POST /chats/{chat_id}/messages": re.compile(
        r"^((attachments|voice_message|video_message): expected a file"
        rf"|{_QUOTE})$"
    ),
    # The other side's changes name a message of the chat, theirs for an edit or a deletion.
    "POST /chats/{chat_id}/react": _OTHER_SIDE,
    "POST /chats/{chat_id}/edit": _OTHER_SIDE,
    "POST /chats/{chat_id}/delete": _OTHER_SIDE,
    # ...and a sticker needs a chat off LinkedIn (the chat's provider is state).
    "POST /chats/{chat_id}/reply": re.compile(rf"^({_QUOTE}|form: LinkedIn has no stickers)$"),
    # Emails: whether an id is a Unipile id or a provider id is the world's state; two query
    # parameters compared.
    "GET /emails": re.compile(
        r"^(cursor: not a cursor returned by this list|include_headers: needs meta_only=false)$"
    ),
    "GET /emails/{email_id}": _PROVIDER_ID_ACCOUNT,
    "PUT /emails/{email_id}": re.compile(
        r"^(account_id: required to find an email by its provider id"
        r"|folders: (no folder named .+|[A-Z_]+ keeps an email in exactly one folder, got \d+))$",
        re.DOTALL,
    ),
    "DELETE /emails/{email_id}": _PROVIDER_ID_ACCOUNT,
    "GET /emails/{email_id}/attachments/{attachment_id}": _PROVIDER_ID_ACCOUNT,
    # Posts: cursors as above; the organizations an account administers are its state.
    "GET /users/{identifier}/posts": _CURSOR,
    "GET /users/followers": _CURSOR,
    # The LinkedIn locations the world knows are the search parameters' (the blueprint's).
    "PATCH /users/me/edit": re.compile(r"^location\.id: '.*' is no LinkedIn location id$"),
    "GET /users/following": _CURSOR,
    "GET /users/{identifier}/comments": _CURSOR,
    "GET /users/{identifier}/reactions": _CURSOR,
    "GET /posts/{post_id}/comments": _CURSOR,
    "GET /posts/{post_id}/reactions": _CURSOR,
    "POST /posts/{post_id}/comments": _AS_ORGANIZATION,
    "POST /posts/reaction": _AS_ORGANIZATION,
    "POST /posts": _AS_ORGANIZATION,
    # Group events need a group off LinkedIn, and one of its members (the chat is state).
    "POST /chats/{chat_id}/leave": re.compile(
        r"^(chat_id: chat \S+ is no group off LinkedIn"
        r"|attendee_id: .+ is (not a member of \S+|the last other member))$"
    ),
    "POST /chats/{chat_id}/subject": re.compile(r"^chat_id: chat \S+ is no group off LinkedIn$"),
    # A checkpoint answer names the provider of the login it continues and fits the checkpoint
    # it is at (the pending intent: state).
    "POST /accounts/checkpoint": re.compile(
        r"^(provider: the intent of \S+ is for [A-Z_]+"
        r"|code: TRY_ANOTHER_WAY is not offered for a [A-Z_0-9]+ checkpoint)$"
    ),
    "POST /accounts/checkpoint/resend": re.compile(
        r"^provider: the intent of \S+ is for [A-Z_]+$"
    ),
    # A reconnect body must be for the provider of the account it names (the world's state).
    "POST /accounts/{account_id}": re.compile(
        r"^provider: account \S+ is a [A-Z_]+ account, not [A-Z_]+$"
    ),
    # Job postings: the search parameters' ids the world knows, HTML with no text, fields of a
    # screening question compared; which service a posting is (state).
    "GET /linkedin/jobs": _CURSOR,
    "POST /linkedin/jobs": _JOB_FIELDS,
    "PATCH /linkedin/jobs/{job_id}": _JOB_FIELDS,
    "POST /linkedin/jobs/{job_id}/publish": re.compile(
        r"^(mode: PROMOTED_PLUS is for LinkedIn Classic postings only"
        r"|service: job posting \d+ is a [A-Z]+ posting, not [A-Z]+)$"
    ),
    "GET /linkedin/jobs/{job_id}": re.compile(r"^service: job posting \d+ is a [A-Z]+ posting"),
    "POST /linkedin/jobs/{job_id}/close": re.compile(
        r"^service: job posting \d+ is a [A-Z]+ posting"
    ),
    "GET /linkedin/jobs/{job_id}/applicants": re.compile(
        r"^(cursor: not a cursor returned by this list"
        r"|service: job posting \d+ is a [A-Z]+ posting.*)$"
    ),
    "GET /linkedin/jobs/applicants/{applicant_id}/resume": re.compile(
        r"^service: job posting \d+ is a [A-Z]+ posting"
    ),
    "GET /linkedin/projects": _CURSOR,
    # Time never goes backwards (the world's `now` is state) and stays within 1970-9999.
    "POST /clock/advance": re.compile(
        rf"^(until: cannot move the clock backwards|{_OUT_OF_RANGE})$"
    ),
    # Two fields compared; a window beyond 9999 or beyond the longest duration.
    "POST /faults": re.compile(
        rf"^(latency: max must not be below min|{_OUT_OF_RANGE}|{_TOO_LONG})$"
    ),
}


# A login while another one for the same account or credentials is pending answers 425
# `errors/auth_in_progress`: the world's state refuses it, not the request (repeating an example
# that asks for a checkpoint does exactly that). Same paths in the Unipile and Postpress dialects.
STATE_REFUSALS_425 = {
    "POST /accounts",
    "POST /accounts/{account_id}",
    "POST /hosted/{session_id}/complete",
}


# LinkedIn's answer to a well-formed chat depends on who the recipients are to the account (a
# relation or not, a member at all) and on the credits left: state, not the request. On any
# route, which provider an account id belongs to is the world's state too ("*").
STATE_REFUSALS_422 = {
    "*": {"errors/invalid_account"},
    # Whether a person can be invited depends on the relation, the pending invitations, the
    # cooldowns and the week's count so far.
    "POST /users/invite": {
        "errors/already_connected",
        "errors/already_invited_recently",
        "errors/cannot_resend_yet",
        "errors/invalid_recipient",
        "errors/limit_exceeded",
    },
    # A reply needs an email of the mailbox and keeps its subject; the scenario's SMTP servers
    # refuse given addresses.
    "POST /emails": {
        "errors/parent_mail_not_found",
        "errors/invalid_reply_subject",
        "errors/recipient_rejected",
        "errors/sender_rejected",
        "errors/send_as_denied",
    },
    "POST /drafts": {"errors/parent_mail_not_found", "errors/invalid_reply_subject"},
    "POST /emails/drafts": {"errors/parent_mail_not_found", "errors/invalid_reply_subject"},
    # Only an email the account sent gets a reply (control plane).
    "POST /emails/{email_id}/reply": {"errors/unprocessable_entity"},
    # Who is a relation is the world's state.
    "POST /linkedin/profile/endorse": {"errors/no_connection_with_recipient"},
    # A job posting's state (published, closed, waiting on a checkpoint or not) and whether a
    # hiring project already holds a job are the world's.
    "POST /linkedin/jobs": {"errors/unprocessable_entity"},
    "PATCH /linkedin/jobs/{job_id}": {"errors/unprocessable_entity"},
    "POST /linkedin/jobs/{job_id}/publish": {
        "errors/action_already_performed",
        "errors/unprocessable_entity",
    },
    "POST /linkedin/jobs/{job_id}/checkpoint": {"errors/unprocessable_entity"},
    "POST /linkedin/jobs/{job_id}/close": {
        "errors/action_already_performed",
        "errors/unprocessable_entity",
    },
    "POST /chats": {
        "errors/invalid_recipient",
        "errors/no_connection_with_recipient",
        "errors/not_allowed_inmail",
        "errors/insufficient_credits",
        "errors/invalid_account",
    },
}

# A reused `Idempotency-Key` (Postpress, simulator/api/idempotency.py): the world remembers the
# key's first request, so another request under it is refused by state, not by its shape.
IDEMPOTENCY_KEY_REUSED = "Idempotency-Key: already used for another request"


def positive_data_acceptance_in_world(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """`positive_data_acceptance`, except for the documented state-dependent refusals above."""
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    operation = f"{case.method.upper()} {case.path}"
    pattern = SEMANTIC_REJECTIONS.get(operation)
    if pattern is not None and response.status_code == 400:
        # A scenario with several problems names each on its own line ("<inline>: key: ...").
        lines = str(_body_field(response, "detail") or "").split("\n<inline>: ")
        first, rest = lines[0], [f"scenario: <inline>: {line}" for line in lines[1:]]
        if all(pattern.match(line) for line in [first, *rest]):
            return None
    error_type = _body_field(response, "type") if response.status_code in (422, 425) else None
    if (
        response.status_code == 425
        and operation in STATE_REFUSALS_425
        and error_type == "errors/auth_in_progress"
    ):
        return None
    if response.status_code == 422 and (
        error_type in STATE_REFUSALS_422.get(operation, ())
        or error_type in STATE_REFUSALS_422["*"]
    ):
        return None
    if (
        response.status_code == 422
        and error_type == "errors/unprocessable_entity"
        and _body_field(response, "detail") == IDEMPOTENCY_KEY_REUSED
    ):
        return None
    return positive_data_acceptance(ctx, response, case)


# A provider without the feature answers 501 `errors/feature_not_implemented`, documented for
# the operation: which provider a message or chat belongs to is the world's state, not the
# request (forwarding is WhatsApp's; LinkedIn has no read receipts).
FEATURE_REFUSALS_501 = {
    "POST /messages/{message_id}/forward",
    "POST /chats/{chat_id}/read",
    # Followers: the provider of the account, and whose followers (`user_id`), are state.
    "GET /users/followers",
    "GET /users/following",
    # Calendars live on Google and Microsoft accounts: the account's provider is state.
    "GET /calendars",
    "GET /calendars/{calendar_id}",
    "GET /calendars/{calendar_id}/events",
    "POST /calendars/{calendar_id}/events",
    "GET /calendars/{calendar_id}/events/{event_id}",
    "PATCH /calendars/{calendar_id}/events/{event_id}",
    "DELETE /calendars/{calendar_id}/events/{event_id}",
}


def not_a_server_error_in_world(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """`not_a_server_error`, except for the documented 501s of missing provider features."""
    from schemathesis.checks import not_a_server_error

    operation = f"{case.method.upper()} {case.path}"
    if (
        response.status_code == 501
        and operation in FEATURE_REFUSALS_501
        and _body_field(response, "type") == "errors/feature_not_implemented"
    ):
        return None
    if (
        response.status_code == 502
        and operation in FREE_POSTING_REFUSALS_502
        and _body_field(response, "type") == "errors/invalid_parameters"
    ):
        return None
    return not_a_server_error(ctx, response, case)


# The reference's answer to a free publish of a draft that is not eligible to free posting: 502
# with the type `errors/invalid_parameters` (sic). Eligibility is the account's open free
# postings: state, not the request.
FREE_POSTING_REFUSALS_502 = {
    "POST /linkedin/jobs/{job_id}/publish",
    "POST /linkedin/jobs/{job_id}/checkpoint",
}


def _body_field(response: Response, name: str) -> Any:
    """A field of a JSON object body; None for any other body (another server may send one)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get(name) if isinstance(body, dict) else None


def schemathesis_config(
    max_examples: int = DEFAULT_MAX_EXAMPLES, seed: int = DEFAULT_SEED, infer_links: bool = True
) -> SchemathesisConfig:
    """Derandomized: the same cases on every run, no example database. `infer_links=False`
    keeps the stateful phase to the contract's own OpenAPI links and to valid requests."""
    from schemathesis.config import SchemathesisConfig

    settings: dict[str, Any] = {
        "seed": seed,
        "generation": {
            "max-examples": max_examples,
            "deterministic": True,
            "database": "none",
        },
    }
    if not infer_links:
        settings["phases"] = {
            "stateful": {
                "inference": {"algorithms": []},
                # A link overwrites fields of the drawn body; on a negative case it can overwrite
                # the very field that made it invalid, and schemathesis would still expect a
                # refusal. Negative data is the stateless phase's job.
                "generation": {"mode": "positive"},
            }
        }
    return SchemathesisConfig.from_dict(settings)


# Deleting an email moves it to the trash (reference part 2 §2.1: not a hard delete): it stays
# readable, with role `trash`, and reading it again is no use after free.
SOFT_DELETED = ("/emails/{email_id}",)


def use_after_free_in_world(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """`use_after_free`, except for resources whose DELETE keeps them (SOFT_DELETED)."""
    from schemathesis.specs.openapi.checks import use_after_free

    if case.path.startswith(SOFT_DELETED):
        return None
    return use_after_free(ctx, response, case)


def check_kwargs() -> dict[str, Any]:
    """What `case.call_and_validate` takes to run every check the way tests/contract does."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import positive_data_acceptance, use_after_free

    return {
        "additional_checks": [
            positive_data_acceptance_in_world, not_a_server_error_in_world, use_after_free_in_world,
        ],
        "excluded_checks": [positive_data_acceptance, not_a_server_error, use_after_free],
    }


def load_contract_schema(path: Path, config: SchemathesisConfig) -> OpenApiSchema:
    """The contract at `path` as schemathesis tests it, here and in tests/contract."""
    import schemathesis

    schema = schemathesis.openapi.from_path(path, config=config)

    @schema.hook
    def filter_query(context: Any, query: Any) -> bool:
        # A parameter whose value is an empty list vanishes on the wire (HTTP clients send
        # nothing for it): a negative case whose only invalid part it was would reach the server
        # valid and be blamed for being accepted.
        return not (isinstance(query, dict) and any(value == [] for value in query.values()))

    return schema


def contract_source(contract: str) -> str:
    """What the report names: `contracts/unipile.yaml` for a bundled contract, else the file
    or URL as given."""
    return f"contracts/{contract}.yaml" if contract in CONTRACTS else contract


def load_any_contract(contract: str, config: SchemathesisConfig) -> OpenApiSchema:
    """A bundled contract by name, or any OpenAPI document: a file or an http(s) URL (a DSN's
    `/api-json`, Unipile's published document, a staging proxy's own)."""
    from pathlib import Path

    if contract in CONTRACTS:
        return load_contract_schema(bundled_dir("contracts") / f"{contract}.yaml", config)
    if contract.startswith(("http://", "https://")):
        import schemathesis

        return schemathesis.openapi.from_url(contract, config=config)
    return load_contract_schema(Path(contract), config)


# -- the run -----------------------------------------------------------------------------------


@dataclass
class Finding:
    check: str
    operation: str
    message: str
    curl: str


@dataclass
class Report:
    contract: str
    base_url: str
    operations: list[tuple[str, int, str]] = field(default_factory=list)  # label, cases, outcome
    passed: int = 0
    failed: int = 0
    # (operation, check) -> the latest failing case: hypothesis replays the smallest one last.
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # operation, what went wrong
    successes: dict[str, int] = field(default_factory=dict)  # operation -> 2xx answers
    # The stateful phase: its scenarios, and (link, status) -> how often a step followed it;
    # None when it did not run, with why in `stateful_note`.
    stateful_scenarios: int | None = None
    links_followed: dict[tuple[str, int], int] = field(default_factory=dict)
    stateful_note: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings and not self.errors

    def write(self, out: TextIO) -> None:
        cases = sum(count for _, count, _ in self.operations)
        print(
            f"\n{_count(len(self.operations), 'operation')} tested ({_count(cases, 'case')}) from "
            f"{self.contract} against {self.base_url}",
            file=out,
        )
        print(f"checks: {self.passed} passed, {self.failed} failed", file=out)
        print("success paths exercised (2xx answers per operation):", file=out)
        for label, _, _ in self.operations:
            print(f"  {self.successes.get(label, 0):5}  {label}", file=out)
        if self.stateful_scenarios is None:
            print(f"stateful phase: not run ({self.stateful_note})", file=out)
        else:
            print(
                f"stateful phase: {_count(self.stateful_scenarios, 'scenario')} over the "
                "document's links; steps that followed a link (link, status):",
                file=out,
            )
            for (link, status), count in sorted(self.links_followed.items()):
                print(f"  {count:5}  {link} -> {status}", file=out)
        for number, finding in enumerate(self.findings.values(), 1):
            print(f"\n{number}. {finding.check} failed on {finding.operation}", file=out)
            print(_indent(finding.message.strip()), file=out)
            print("   reproduce with:", file=out)
            print(_indent(finding.curl, "     "), file=out)
        for operation, error in self.errors:
            print(f"\nerror on {operation}: {error}", file=out)
        if self.findings:
            print(
                "\n(curl commands show the API key as [Filtered]: put yours back to replay)",
                file=out,
            )
        verdict = (
            "no failures"
            if self.ok
            else f"{len(self.findings)} distinct failure(s), {len(self.errors)} error(s)"
        )
        print(f"\n{verdict}", file=out)


def run(
    url: str,
    api_key: str,
    contract: str = "unipile",
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = DEFAULT_SEED,
    operations: Sequence[str] = (),
    out: TextIO | None = None,
    stateful_scenarios: int = DEFAULT_STATEFUL_SCENARIOS,
) -> Report:
    """Test the operations of `contract` (all, or those labelled like `GET /accounts`) on the
    server at `url`, its root: the contract's server path (e.g. /api/v1) is appended."""
    out = out or sys.stdout
    from schemathesis.core.result import Ok

    schema = load_any_contract(contract, schemathesis_config(max_examples, seed))
    base_url = url.rstrip("/") + schema.declared_base_path().rstrip("/")
    report = Report(contract=contract_source(contract), base_url=base_url)
    headers = {"X-API-KEY": api_key}
    validate = check_kwargs()

    def after_validate(
        context: Any, case: Case, response: Response, results: list[CheckResult]
    ) -> None:
        if 200 <= response.status_code < 300:
            label = case.operation.label
            report.successes[label] = report.successes.get(label, 0) + 1
        for result in results:
            if result.failure is None:
                report.passed += 1
                continue
            report.failed += 1
            failure = result.failure
            curl = case.as_curl_command(headers=dict(response.request.headers), base_url=base_url)
            report.findings[(case.operation.label, result.name)] = Finding(
                check=result.name,
                operation=case.operation.label,
                message=f"{failure.title}\n{failure.message}".strip(),
                curl=curl,
            )

    schema.hook(after_validate)

    wanted, seen = set(operations), set()
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            error = result.err()
            report.errors.append((error.label, f"the contract cannot be tested: {error}"))
            continue
        operation = result.ok()
        if wanted and operation.label not in wanted:
            continue
        seen.add(operation.label)
        cases = 0

        def one_case(case: Case) -> None:
            nonlocal cases
            cases += 1
            case.call_and_validate(
                base_url=base_url, headers=headers, timeout=_REQUEST_TIMEOUT_S, **validate
            )

        outcome = "ok"
        try:
            with without_local_constants():  # the same cases in any process, for any install
                _operation_test(schema, operation, one_case)()
        # Whatever the run raised ends in the report; schemathesis' FailureGroup is a
        # BaseExceptionGroup, not an Exception.
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
            if _is_check_failure(error):  # recorded by after_validate, with its case
                outcome = "FAILED"
            else:  # the server hung up or timed out, or hypothesis gave up
                outcome = "ERROR"
                report.errors.append((operation.label, f"{type(error).__name__}: {error}"))
        report.operations.append((operation.label, cases, outcome))
        print(f"  {outcome:6} {operation.label} ({_count(cases, 'case')})", file=out, flush=True)
    for label in sorted(wanted - seen):
        report.errors.append((label, f"no such operation in {contract_source(contract)}"))
    if wanted:
        schema = schema.include(func=lambda context: context.operation.label in wanted)
    _stateful_phase(schema, base_url, headers, stateful_scenarios, seed, report, out)
    report.write(out)
    return report


def _stateful_phase(
    schema: Any,
    base_url: str,
    headers: dict[str, str],
    scenarios: int,
    seed: int,
    report: Report,
    out: TextIO,
) -> None:
    """Seeded scenarios of valid requests chained by the document's OpenAPI links, every check
    on every step (tests/contract/test_stateful.py runs the same phase in-process). Scenarios
    share the server's world: point the harness at a world made for it."""
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis import seed as seeded

    if scenarios <= 0:
        report.stateful_note = "--stateful-scenarios 0"
        return
    if not any(True for _ in schema.operations_with_incoming_links()):
        report.stateful_note = "the document has no OpenAPI links between these operations"
        return
    followed = report.links_followed

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, Any]:
            return {"base_url": base_url, "headers": headers, "timeout": _REQUEST_TIMEOUT_S}

        def step(self, input: Any) -> Any:
            output = super().step(input)
            if 200 <= output.response.status_code < 300:
                label = input.case.operation.label
                report.successes[label] = report.successes.get(label, 0) + 1
            if input.transition is not None and input.is_applied:
                key = (_link_name(input.transition.id), output.response.status_code)
                followed[key] = followed.get(key, 0) + 1
            return output

        def validate_response(  # type: ignore[no-untyped-def]
            self, response, case, additional_checks=None, **transport_kwargs
        ):
            try:
                validate_stateful_step(
                    case, response, self.recorder, additional_checks, transport_kwargs
                )
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001
                report.failed += 1
                curl = case.as_curl_command(headers=headers, base_url=base_url)
                report.findings[(f"stateful {case.operation.label}", "stateful")] = Finding(
                    check="a stateful step",
                    operation=case.operation.label,
                    message=str(failure),
                    curl=curl,
                )
                raise

    seeded(seed)(Workflow)
    print(f"  stateful phase ({_count(scenarios, 'scenario')})", file=out, flush=True)
    try:
        Workflow.run(
            settings=settings(
                max_examples=scenarios,
                stateful_step_count=_STATEFUL_STEPS,
                database=None,
                deadline=None,
                phases=[Phase.generate],  # a failing sequence is reported as drawn
                suppress_health_check=list(HealthCheck),
            )
        )
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
        if not _is_check_failure(error) and not report.findings:
            report.errors.append(("stateful phase", f"{type(error).__name__}: {error}"))
    report.stateful_scenarios = scenarios


def validate_stateful_step(
    case: Case,
    response: Response,
    recorder: Any,
    additional_checks: Sequence[Any] | None = None,
    transport_kwargs: dict[str, Any] | None = None,
) -> None:
    """A stateful step's checks: every one, positive_data_acceptance as the world rules it,
    except negative_data_rejection: the stateful phase draws valid requests only
    (schemathesis_config), and schemathesis re-judges a body a link filled in as invalid.
    Negative data is the per-operation phase's job."""
    from schemathesis.specs.openapi.checks import negative_data_rejection

    wanted = check_kwargs()
    case.validate_response(
        response,
        additional_checks=[*(additional_checks or []), *wanted["additional_checks"]],
        excluded_checks=[*wanted["excluded_checks"], negative_data_rejection],
        transport_kwargs=transport_kwargs or None,
        recorder=recorder,
    )


def _link_name(transition_id: str) -> str:
    """`GetWebhook` of `POST /webhooks -> [201] GetWebhook -> GET /webhooks/{id}`."""
    return transition_id.split("] ", 1)[-1].split(" -> ", 1)[0]


def _operation_test(schema: Any, operation: Any, test: Any) -> Any:
    """The hypothesis test the schemathesis pytest plugin builds for an operation, so the
    harness draws the very cases tests/contract draws (examples, coverage, then generated)."""
    from schemathesis.generation.feedback import FeedbackSources
    from schemathesis.pytest._test_builder import build_operation_test

    return build_operation_test(
        config=schema.config,
        operation=operation,
        test_func=test,
        given_kwargs={},
        feedback=FeedbackSources(),
    )


def _is_check_failure(error: BaseException) -> bool:
    """Hypothesis may wrap several check failures (or a flaky one) in its own exception."""
    from schemathesis.core.failures import Failure, FailureGroup

    if isinstance(error, (Failure, FailureGroup)):
        return True
    nested = getattr(error, "exceptions", None)
    return bool(nested) and all(_is_check_failure(inner) for inner in nested)


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _indent(text: str, prefix: str = "   ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def main(
    url: str,
    api_key: str,
    contract: str,
    max_examples: int,
    seed: int,
    operations: Sequence[str] = (),
    stateful_scenarios: int = DEFAULT_STATEFUL_SCENARIOS,
) -> int:
    """The command: 0 when every check passed, 1 otherwise, 2 without schemathesis."""
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        print(
            f"unipile-sim contract-test needs schemathesis, a test extra: {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 2
    import httpx

    try:
        httpx.get(url, timeout=_REQUEST_TIMEOUT_S)
    except httpx.TransportError as error:
        print(f"unipile-sim contract-test: cannot reach {url}: {error}", file=sys.stderr)
        return 1
    print(f"unipile-sim contract-test: {contract_source(contract)} against {url}", flush=True)
    report = run(
        url, api_key, contract=contract, max_examples=max_examples, seed=seed,
        operations=operations, stateful_scenarios=stateful_scenarios,
    )  # fmt: skip
    return 0 if report.ok else 1
