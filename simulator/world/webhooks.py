"""Webhooks: the records a client registers, the rules they must follow, and which event each
one wants (reference §7.1). Delivery over HTTP lives in `simulator.webhooks`, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from simulator.world.errors import ApiError, invalid_parameter, not_found
from simulator.world.events import WorldEvent
from simulator.world.index import OrderedIndex, PageSlice

if TYPE_CHECKING:
    from simulator.world.world import World

# Every event a source can deliver, and the ones a webhook gets when it names no `events`.
# account_status filters are the lowercase `AccountStatus.message` values.
SOURCE_EVENTS: dict[str, tuple[str, ...]] = {
    "messaging": (
        "message_received", "message_read", "message_reaction", "message_edited",
        "message_deleted", "message_delivered",
    ),
    "users": ("new_relation",),
    "account_status": (
        "creation_success", "creation_fail", "deleted", "reconnected", "sync_success", "stopped",
        "ok", "connecting", "error", "credentials", "permissions",
    ),
    "email": ("mail_received", "mail_sent", "mail_moved"),
    "email_tracking": ("mail_opened", "mail_link_clicked"),
    # Documented Jan 2026, after the OAS snapshot (reference part 2 §5).
    "calendar_event": (
        "calendar_event_created", "calendar_event_updated", "calendar_event_deleted",
    ),
}
DEFAULT_EVENTS: dict[str, tuple[str, ...]] = {
    "messaging": ("message_received",),
    "users": ("new_relation",),
    "account_status": SOURCE_EVENTS["account_status"],
    "email": ("mail_received",),
    "email_tracking": ("mail_opened",),
    "calendar_event": (
        "calendar_event_created", "calendar_event_updated", "calendar_event_deleted",
    ),
}
# Seed 004 names the account-status source `accounts`; the real API calls it `account_status`.
SOURCE_ALIASES = {"accounts": "account_status"}
SOURCE_OF_EVENT: dict[str, str] = {
    event: source
    for source, events in SOURCE_EVENTS.items()
    if source != "account_status"
    for event in events
} | {"account_status": "account_status"}
FORMATS = ("json", "form")

# The URLs a webhook may call: http(s), a host name or IPv4 address, an optional port (0-65535),
# then any printable ASCII. contracts/unipile.yaml documents the same pattern.
_REQUEST_URL = re.compile(
    r"^https?://[A-Za-z0-9._~-]+"
    r"(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
    r"(?:[/?#][!-~]*)?$"
)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_HEADER_VALUE = re.compile(r"^[\t -~]*$")
_MAX_URL_LENGTH = 2048
_MAX_HEADERS = 50


@dataclass(frozen=True, slots=True)
class HeaderPair:
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class AccountRef:
    """An account a webhook is limited to, as it was when the webhook was made."""

    id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class DataKey:
    """`data: [{name, key}]`: deliver only these payload keys, each renamed `name` -> `key`."""

    name: str
    key: str


@dataclass(slots=True)
class Webhook:
    id: str
    seq: int
    source: str
    request_url: str
    created_at_ms: int
    name: str | None = None
    format: str = "json"
    enabled: bool = True
    headers: tuple[HeaderPair, ...] = ()
    events: tuple[str, ...] = ()
    accounts: tuple[AccountRef, ...] = ()
    data: tuple[DataKey, ...] = ()
    account_ids: frozenset[str] = field(default_factory=frozenset)

    def wants(self, event: WorldEvent) -> bool:
        """Whether this webhook is to be told about `event` (source, event filter, accounts)."""
        if not self.enabled or SOURCE_OF_EVENT.get(event.name) != self.source:
            return False
        if self.account_ids and event.account_id not in self.account_ids:
            return False
        return event_filter_value(event) in self.events


def event_filter_value(event: WorldEvent) -> str:
    """The name an `events` filter matches: the event, or the lowercase status message."""
    if event.name == "account_status":
        return str(event.data.get("message", "")).lower()
    return event.name


class WebhookStore:
    """All webhooks of one world, in creation order."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._by_id: dict[str, Webhook] = {}
        self._order: OrderedIndex[int] = OrderedIndex()
        self._next_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Webhook]:
        return iter(self._by_id.values())

    def create(
        self,
        request_url: str,
        source: str,
        name: str | None = None,
        headers: list[tuple[str, str]] | None = None,
        events: list[str] | None = None,
        account_ids: list[str] | None = None,
        format: str = "json",
        enabled: bool = True,
        data: list[tuple[str, str]] | None = None,
    ) -> Webhook:
        canonical_source = _check_source(source)
        webhook = Webhook(
            id=self._world.ids.unique_id(),
            seq=self._next_seq,
            source=canonical_source,
            request_url=_check_url(request_url),
            created_at_ms=self._world.now_ms(),
            name=name,
            format=_check_format(format),
            enabled=enabled,
            headers=_check_headers(headers or []),
            events=_check_events(canonical_source, events),
            accounts=self._account_refs(account_ids or []),
            data=tuple(DataKey(name, key) for name, key in data or []),
        )
        webhook.account_ids = frozenset(ref.id for ref in webhook.accounts)
        self._next_seq += 1
        self._by_id[webhook.id] = webhook
        self._order.add(webhook.seq, webhook.id)
        return webhook

    def get(self, webhook_id: str) -> Webhook:
        webhook = self._by_id.get(webhook_id)
        if webhook is None:
            raise not_found("Webhook")
        return webhook

    def find(self, webhook_id: str) -> Webhook | None:
        return self._by_id.get(webhook_id)

    def page(self, after_seq: int | None, limit: int) -> tuple[list[Webhook], int | None]:
        sliced: PageSlice = self._order.page(after_seq, limit)
        return [self._by_id[webhook_id] for webhook_id in sliced.ids], sliced.next_after

    def delete(self, webhook_id: str) -> None:
        self.get(webhook_id)
        del self._by_id[webhook_id]
        self._order.remove(webhook_id)

    def matching(self, event: WorldEvent) -> list[Webhook]:
        """Every webhook that wants `event`, in creation order."""
        return [webhook for webhook in self._by_id.values() if webhook.wants(event)]

    def _account_refs(self, account_ids: list[str]) -> tuple[AccountRef, ...]:
        refs: dict[str, AccountRef] = {}
        for position, account_id in enumerate(account_ids):
            try:
                account = self._world.accounts.get(account_id)
            except ApiError:
                raise ApiError(
                    "resource_not_found",
                    f"account_ids[{position}]: no account has the id {account_id!r}",
                ) from None
            refs[account.id] = AccountRef(account.id, account.name, account.type)
        return tuple(refs.values())


def _check_source(source: str) -> str:
    canonical = SOURCE_ALIASES.get(source, source)
    if canonical not in SOURCE_EVENTS:
        choices = ", ".join([*SOURCE_EVENTS, *SOURCE_ALIASES])
        raise invalid_parameter("source", f"must be one of {choices}, got {source!r}")
    return canonical


def _check_events(source: str, events: list[str] | None) -> tuple[str, ...]:
    if events is None:
        return DEFAULT_EVENTS[source]
    allowed = SOURCE_EVENTS[source]
    for position, event in enumerate(events):
        if event not in allowed:
            raise invalid_parameter(
                f"events[{position}]",
                f"{event!r} is not an event of source {source} (one of {', '.join(allowed)})",
            )
    if not events:
        raise invalid_parameter("events", "give at least one event, or omit it for the defaults")
    return tuple(dict.fromkeys(events))


def _check_url(url: str) -> str:
    if len(url) > _MAX_URL_LENGTH:
        raise ApiError("invalid_url", f"request_url: at most {_MAX_URL_LENGTH} characters")
    if not _REQUEST_URL.fullmatch(url):
        raise ApiError(
            "invalid_url",
            "request_url: expected http(s)://host[:port][/path], printable ASCII, no spaces",
        )
    return url


def _check_format(format: str) -> str:
    if format not in FORMATS:
        raise invalid_parameter("format", f"must be one of {', '.join(FORMATS)}, got {format!r}")
    return format


def _check_headers(headers: list[tuple[str, str]]) -> tuple[HeaderPair, ...]:
    if len(headers) > _MAX_HEADERS:
        raise invalid_parameter("headers", f"at most {_MAX_HEADERS} headers")
    checked: list[HeaderPair] = []
    for position, (key, value) in enumerate(headers):
        if not _HEADER_NAME.fullmatch(key):
            raise invalid_parameter(f"headers[{position}].key", f"not a valid header name: {key!r}")
        if not _HEADER_VALUE.fullmatch(value):
            raise invalid_parameter(
                f"headers[{position}].value", "must be printable ASCII (no control characters)"
            )
        checked.append(HeaderPair(key, value))
    return tuple(checked)
