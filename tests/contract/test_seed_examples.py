"""Every JSON example of the project's seed documents validates against the contracts.

The seeds are copied verbatim into `seeds/` (CI runs on a clean clone, without `../shared`):

- `unipile_api_cheat_sheet.md` (shared/seeds/004): the Unipile cheat sheet; its examples are
  the ```json blocks (request bodies, list items, webhook payloads).
- `postpress_reconnect_account.txt` (shared/seeds/003): Postpress's reconnect page; its examples
  are the `{...}` blocks after "Example request" and "Example response", and its error catalog
  lists the `errors/...` types per status.

Seeds 000-002 are pages of a third-party app that wraps Unipile: their JSON is that app's own
API, not Unipile's or Postpress's, so they are left out.

Each example is mapped to the schema it belongs to, and the number found must equal the number
mapped: an example the extraction sees is never skipped silently. Placeholders no real answer
would contain ("...") and keys the cheat sheet leaves out of an abridged payload are filled in
only through SUBSTITUTIONS below, one commented entry each, and each entry must be needed.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from simulator.api.contract_index import ContractIndex, load_contract

SEEDS = Path(__file__).resolve().parent / "seeds"
CHEAT_SHEET = SEEDS / "unipile_api_cheat_sheet.md"
RECONNECT_PAGE = SEEDS / "postpress_reconnect_account.txt"
JSON_MEDIA_TYPE = "application/json"


# -- the examples, as the documents hold them ---------------------------------------------------


@dataclass(frozen=True)
class SeedExample:
    document: str  # the file name in seeds/
    heading: str  # what the document says the example is
    value: Any

    @property
    def id(self) -> str:
        return f"{self.document}: {self.heading}"


def cheat_sheet_examples() -> list[SeedExample]:
    """Each ```json block, named by the `###` heading above it (up to its ` — ` gloss)."""
    examples = []
    heading = ""
    text = CHEAT_SHEET.read_text(encoding="utf-8")
    for block in re.split(r"^(### .*)$", text, flags=re.MULTILINE):
        if block.startswith("### "):
            heading = block.removeprefix("### ").split(" — ")[0].replace("`", "")
            continue
        for body in re.findall(r"^```json\n(.*?)^```$", block, flags=re.MULTILINE | re.DOTALL):
            examples.append(SeedExample(CHEAT_SHEET.name, heading, json.loads(body)))
    return examples


def reconnect_page_examples() -> list[SeedExample]:
    """The JSON object after each "Example request ..." / "Example response ..." line."""
    text = RECONNECT_PAGE.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    examples = []
    for label in re.finditer(r"^Example (?:request|response).*$", text, flags=re.MULTILINE):
        start = text.index("{", label.end())
        value, _ = decoder.raw_decode(text, start)
        examples.append(SeedExample(RECONNECT_PAGE.name, label.group(0), value))
    return examples


EXAMPLES = cheat_sheet_examples() + reconnect_page_examples()


# -- where each example belongs -----------------------------------------------------------------


@dataclass(frozen=True)
class SchemaSite:
    """A schema in a contract: a request body, a response (or one item of a list response),
    or a webhook payload."""

    contract: str
    pointer: str  # JSON pointer of the schema, before any `$ref` is followed
    list_item: bool = False

    def validator_pointer(self, contract: ContractIndex) -> str:
        if not self.list_item:
            return self.pointer
        # A list response's schema is a `$ref` to `{object, items: [...], cursor}`.
        return _followed(contract, self.pointer) + "/properties/items/items"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _followed(contract: ContractIndex, pointer: str) -> str:
    """The pointer of the schema `pointer` designates, its `$ref` chain followed."""
    node = contract.node(pointer)
    while "$ref" in node:
        pointer = node["$ref"].removeprefix("#")
        node = contract.node(pointer)
    return pointer


def request_body(contract: str, path: str, method: str) -> SchemaSite:
    media_type = _escape(JSON_MEDIA_TYPE)
    return SchemaSite(
        contract, f"/paths/{_escape(path)}/{method}/requestBody/content/{media_type}/schema"
    )


def response(
    contract: str, path: str, method: str, status: int, list_item: bool = False
) -> SchemaSite:
    media_type = _escape(JSON_MEDIA_TYPE)
    pointer = f"/paths/{_escape(path)}/{method}/responses/{status}/content/{media_type}/schema"
    return SchemaSite(contract, pointer, list_item)


def webhook_payload(contract: str, event: str) -> SchemaSite:
    media_type = _escape(JSON_MEDIA_TYPE)
    return SchemaSite(
        contract, f"/webhooks/{_escape(event)}/post/requestBody/content/{media_type}/schema"
    )


CHEAT = CHEAT_SHEET.name
RECONNECT = RECONNECT_PAGE.name
SITES: dict[str, SchemaSite] = {
    f"{CHEAT}: POST /users/invite": request_body("unipile.yaml", "/users/invite", "post"),
    f"{CHEAT}: GET /users/relations": response(
        "unipile.yaml", "/users/relations", "get", 200, list_item=True
    ),
    f"{CHEAT}: GET /users/invite/sent": response(
        "unipile.yaml", "/users/invite/sent", "get", 200, list_item=True
    ),
    # The cheat sheet's body is JSON; the SDK sends multipart, the contract documents both.
    f"{CHEAT}: POST /chats": request_body("unipile.yaml", "/chats", "post"),
    f"{CHEAT}: POST /chats/{{chat_id}}/messages": request_body(
        "unipile.yaml", "/chats/{chat_id}/messages", "post"
    ),
    f"{CHEAT}: POST /webhooks": request_body("unipile.yaml", "/webhooks", "post"),
    f"{CHEAT}: message_received (source: messaging)": webhook_payload(
        "unipile.yaml", "message_received"
    ),
    f"{CHEAT}: new_relation (source: users)": webhook_payload("unipile.yaml", "new_relation"),
    f"{RECONNECT}: Example request (LinkedIn, basic auth)": request_body(
        "postpress.yaml", "/accounts/{account_id}", "post"
    ),
    f"{RECONNECT}: Example response": response(
        "postpress.yaml", "/accounts/{account_id}", "post", 201
    ),
}


# -- placeholders and abridged payloads ---------------------------------------------------------


@dataclass(frozen=True)
class Substitution:
    """A value put at `pointer` of one example (replacing or adding it) before validation."""

    example: str
    pointer: str
    value: Any
    why: str


# The cheat sheet shows payloads and list items abridged; the keys below are in every real one.
INVITATION_ITEM = (
    "abridged: every InvitationSent item carries invited_user_description, a string or null "
    "(reference §4.3; the SDK's InvitationSchema requires it)"
)
RELATION_ITEM = (
    "abridged: every UserRelation carries public_profile_url (reference §4.4; the SDK's "
    "LinkedinUserRelationSchema requires it)"
)
MESSAGE_PAYLOAD = "abridged: every message_received delivery carries this key (reference §7.3)"
RELATION_PAYLOAD = "abridged: every new_relation delivery carries this key (reference §7.5)"

_MESSAGE = f"{CHEAT}: message_received (source: messaging)"
_SENDER_SPECIFICS = {
    "provider": "LINKEDIN",
    "member_urn": "urn:li:member:123456789",
    "occupation": "CTO at Acme",
    "is_company": False,
    "network_distance": "DISTANCE_1",
}
_SENDER = {  # the seed's sender, completed as its own entries below complete it
    "attendee_id": "...",
    "attendee_provider_id": "ACoAAAcDMMQ...",
    "attendee_name": "Jane Doe",
    "attendee_profile_url": "https://linkedin.com/in/jane-doe",
    "attendee_specifics": _SENDER_SPECIFICS,
    "attendee_public_identifier": "jane-doe",
}
_RELATION = f"{CHEAT}: new_relation (source: users)"

SUBSTITUTIONS: tuple[Substitution, ...] = (
    Substitution(
        f"{CHEAT}: GET /users/relations", "/public_profile_url",
        "https://www.linkedin.com/in/jane-doe/", RELATION_ITEM,
    ),
    Substitution(
        f"{CHEAT}: GET /users/invite/sent", "/invited_user_description", None, INVITATION_ITEM
    ),
    Substitution(
        _MESSAGE, "/account_info/type", "LINKEDIN",
        'placeholder "...": the type is an AccountType, LINKEDIN as account_type says',
    ),
    Substitution(
        _MESSAGE, "/account_info/feature", "classic",
        "abridged: account_info always names the LinkedIn product (reference §7.3)",
    ),
    Substitution(
        _MESSAGE, "/sender/attendee_specifics", _SENDER_SPECIFICS,
        "abridged: every attendee of a payload carries its specifics (reference §7.3)",
    ),
    Substitution(
        _MESSAGE, "/sender/attendee_public_identifier", "jane-doe",
        "abridged: every attendee of a payload carries its public identifier, or null (§7.3)",
    ),
    Substitution(_MESSAGE, "/webhook_name", "my-messaging", MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/subject", None, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/attachments", [], MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/attendees", [_SENDER], MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/is_sender", False, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/provider_chat_id", "2-YjU5NDUxOGItZjQ5Zi00", MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/provider_message_id", "2-MTc4MzMzMTAwNzAwMmI", MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/is_event", 0, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/chat_pinned", 0, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/quoted", None, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/reply_to", None, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/is_forwarded", None, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/chat_content_type", None, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/message_type", "MESSAGE", MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/is_group", False, MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/folder", ["INBOX", "INBOX_LINKEDIN_CLASSIC"], MESSAGE_PAYLOAD),
    Substitution(_MESSAGE, "/event_type", None, MESSAGE_PAYLOAD),
    Substitution(_RELATION, "/webhook_name", "my-relations", RELATION_PAYLOAD),
    Substitution(_RELATION, "/timestamp", "2026-02-24T15:30:00.000Z", RELATION_PAYLOAD),
    Substitution(_RELATION, "/user_picture_url", None, RELATION_PAYLOAD),
)


def substituted(example: SeedExample, skip: Substitution | None = None) -> Any:
    value = copy.deepcopy(example.value)
    for substitution in SUBSTITUTIONS:
        if substitution.example == example.id and substitution is not skip:
            *parents, last = substitution.pointer.lstrip("/").split("/")
            node = value
            for part in parents:
                node = node[part]
            node[last] = copy.deepcopy(substitution.value)
    return value


def validation_errors(example: SeedExample, value: Any) -> list[str]:
    site = SITES[example.id]
    contract = load_contract(site.contract)
    validator = contract.compile(site.validator_pointer(contract))
    return [
        f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(value)
    ]


# -- the examples ---------------------------------------------------------------------------------


def test_every_example_found_is_mapped_to_a_schema() -> None:
    found = [example.id for example in EXAMPLES]
    assert len(found) == len(set(found)), "two examples under one heading: name them apart"
    assert sorted(found) == sorted(SITES)
    assert len(found) == len(SITES) == 10


def test_each_document_holds_the_examples_it_announces() -> None:
    """The extraction misses nothing: one example per ```json fence, per "Example" line."""
    cheat_sheet = CHEAT_SHEET.read_text(encoding="utf-8")
    reconnect_page = RECONNECT_PAGE.read_text(encoding="utf-8")
    found = [example.document for example in EXAMPLES]
    assert found.count(CHEAT_SHEET.name) == cheat_sheet.count("```json") == 8
    assert found.count(RECONNECT_PAGE.name) == len(
        re.findall(r"^Example (?:request|response)", reconnect_page, flags=re.MULTILINE)
    ) == 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.id)
def test_example_matches_its_contract_schema(example: SeedExample) -> None:
    errors = validation_errors(example, substituted(example))
    assert errors == [], f"{example.id} against {SITES[example.id]}"


def test_each_substitution_names_an_example_and_a_reason() -> None:
    ids = {example.id for example in EXAMPLES}
    for substitution in SUBSTITUTIONS:
        assert substitution.example in ids, substitution
        assert substitution.why.strip(), substitution
    pointers = [(s.example, s.pointer) for s in SUBSTITUTIONS]
    assert len(pointers) == len(set(pointers)), "one entry per place"


@pytest.mark.parametrize(
    "substitution", SUBSTITUTIONS, ids=lambda s: f"{s.example.split(': ', 1)[1]} {s.pointer}"
)
def test_each_substitution_is_needed(substitution: Substitution) -> None:
    """Without this one entry, the example fails: the table hides nothing the schema accepts."""
    example = next(example for example in EXAMPLES if example.id == substitution.example)
    assert validation_errors(example, substituted(example, skip=substitution)) != []


# -- Postpress's error catalog for the reconnect route -----------------------------------------


@dataclass(frozen=True)
class CatalogStatus:
    status: int
    announced: int  # the "N types" the page prints next to the status
    types: tuple[str, ...]


def reconnect_route() -> tuple[str, str]:
    """The method and path the page documents, e.g. ("POST", "/v1/accounts/{id}")."""
    text = RECONNECT_PAGE.read_text(encoding="utf-8")
    route = r"^(GET|POST|PATCH|PUT|DELETE)https://[^/\s]+(/\S*)$"
    match = re.search(route, text, flags=re.MULTILINE)
    assert match, "the page names its route"
    return match.group(1), match.group(2)


def reconnect_error_catalog() -> list[CatalogStatus]:
    """`400 Bad Request8 types` then its `• errors/...` lines, for each status of "Errors"."""
    text = RECONNECT_PAGE.read_text(encoding="utf-8").split("\nErrors\n", 1)[1]
    catalog = []
    parts = re.split(r"^(\d{3}) [A-Za-z ]+?(\d+) types$", text, flags=re.MULTILINE)
    for status, announced, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        types = tuple(re.findall(r"^\s*• (errors/[a-z0-9_]+) - ", body, flags=re.MULTILINE))
        catalog.append(CatalogStatus(int(status), int(announced), types))
    return catalog


def documented_types(contract: ContractIndex, pointer: str) -> list[str] | None:
    """The `type` enum of an error response schema (the part next to the envelope), if any."""
    schema = contract.node(_followed(contract, pointer))
    found: list[str] = []
    for part in schema.get("allOf", []):
        while "$ref" in part:
            part = contract.node(part["$ref"].removeprefix("#"))
        found += part.get("properties", {}).get("type", {}).get("enum", [])
    return found or None


def test_the_catalog_is_read_whole() -> None:
    catalog = reconnect_error_catalog()
    assert [entry.status for entry in catalog] == [
        400, 401, 403, 404, 407, 408, 409, 425, 500, 502, 503, 504
    ]
    for entry in catalog:
        assert len(entry.types) == entry.announced, entry


@pytest.mark.parametrize(
    "entry", reconnect_error_catalog(), ids=lambda entry: str(entry.status)
)
def test_the_reconnect_route_documents_each_status_and_type_of_the_seed(
    entry: CatalogStatus,
) -> None:
    contract = load_contract("postpress.yaml")
    method, path = reconnect_route()
    account_id = "acc_01HXYZ4QK3WJ8FN3M6QH7TZ8GR"  # the page's own example id
    operation = contract.operation_for(method, path.replace("{id}", account_id))
    assert operation is not None, f"postpress.yaml does not document {method} {path}"
    documented = operation.responses.get(str(entry.status))
    assert documented is not None, f"{operation.label} does not document {entry.status}"
    assert JSON_MEDIA_TYPE in documented.with_schema, f"{operation.label} {entry.status}"
    pointer = f"{documented.pointer}/content/{_escape(JSON_MEDIA_TYPE)}/schema"
    types = documented_types(contract, pointer)
    if types is not None:
        missing = [name for name in entry.types if name not in types]
        assert missing == [], f"{operation.label} {entry.status} lacks {missing}"
