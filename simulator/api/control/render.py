"""Every JSON shape the control plane answers (contracts/control.yaml), built in one place."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from simulator import __version__
from simulator.clock import iso_ms
from simulator.webhooks.log import DeliveryAttempt
from simulator.world.accounts import Account
from simulator.world.chats import Chat
from simulator.world.faults import ChaosMode, FaultRule
from simulator.world.hosted import HostedSession
from simulator.world.journal import JournalEntry
from simulator.world.messages import Message
from simulator.world.world import World

_SECRET_HEADERS = frozenset({"x-api-key", "authorization"})


def _instant(at_ms: int | None) -> str | None:
    return iso_ms(at_ms) if at_ms is not None else None


# -- worlds -----------------------------------------------------------------------------------


def health_json(worlds: int) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "worlds": worlds}


def tenant_json(world: World, object_name: str = "Tenant") -> dict[str, Any]:
    return {
        "object": object_name,
        "api_key": world.api_key,
        "scenario": world.blueprint.name,
        "seed": world.blueprint.seed,
        "clock": world.clock.mode,
    }


def tenant_deleted_json() -> dict[str, Any]:
    return {"object": "TenantDeleted"}


# -- clock ------------------------------------------------------------------------------------


def clock_json(world: World) -> dict[str, Any]:
    return {
        "object": "Clock",
        "now": iso_ms(world.now_ms()),
        "mode": world.clock.mode,
        "pending_events": len(world.queue),
        "next_event_at": _instant(world.queue.next_due_ms()),
    }


def clock_advanced_json(world: World, fired: list[dict[str, Any]]) -> dict[str, Any]:
    return clock_json(world) | {"object": "ClockAdvanced", "fired": fired}


# -- accounts, checkpoints, hosted sessions, chats, invitations -------------------------------


def status_json(account: Account, previous: str, published: str | None) -> dict[str, Any]:
    return {
        "object": "AccountStatusSet",
        "account_id": account.id,
        "status": account.status,
        "previous_status": previous,
        "published": published,
    }


def premium_json(account: Account) -> dict[str, Any]:
    return {
        "object": "AccountPremiumSet",
        "account_id": account.id,
        "premiumId": account.premium_id,
        "premiumFeatures": list(account.premium_features),
        "premiumContractId": account.premium_contract_id,
    }


def completion_json(session: HostedSession) -> dict[str, Any]:
    if session.state == "completed":
        status = "RECONNECTED" if session.type == "reconnect" else "CREATION_SUCCESS"
    else:
        status = "FAILED"
    return {
        "object": "HostedAuthCompleted",
        "session_id": session.id,
        "status": status,
        "account_id": session.account_id,
        "redirect_url": session.redirect_url,
    }


def chat_replied_json(chat: Chat, message: Message) -> dict[str, Any]:
    return {
        "object": "ChatReplied",
        "chat_id": chat.id,
        "message_id": message.id,
        "unread_count": chat.unread_count,
    }


def invitation_answered_json(outcome: dict[str, Any]) -> dict[str, Any]:
    return {"object": "InvitationAnswered", **outcome}


# -- faults and chaos -------------------------------------------------------------------------


def rule_json(rule: FaultRule) -> dict[str, Any]:
    return {
        "object": "FaultRule",
        "id": rule.id,
        "origin": rule.origin,
        "match": {"method": rule.method, "path": rule.path, "account_id": rule.account_id},
        "kind": rule.kind,
        "type": f"errors/{rule.error_type}" if rule.error_type else None,
        "times": rule.times,
        "after": rule.after,
        "probability": rule.probability,
        "window": {"start": _instant(rule.window_start_ms), "end": _instant(rule.window_end_ms)},
        "seen": rule.seen,
        "fired": rule.fired,
    }


def rule_list_json(rules: list[FaultRule]) -> dict[str, Any]:
    return {"object": "FaultRuleList", "items": [rule_json(rule) for rule in rules]}


def faults_cleared_json(cleared: int) -> dict[str, Any]:
    return {"object": "FaultsCleared", "cleared": cleared}


def fault_deleted_json() -> dict[str, Any]:
    return {"object": "FaultDeleted"}


def chaos_json(chaos: ChaosMode | None, enabled: bool | None = None) -> dict[str, Any]:
    """`enabled=False` renders a mode just stopped, with the counts it reached."""
    if chaos is None:
        return {
            "object": "ChaosMode",
            "enabled": False,
            "fraction": None,
            "statuses": [],
            "eligible": 0,
            "failed": 0,
        }
    return {
        "object": "ChaosMode",
        "enabled": True if enabled is None else enabled,
        "fraction": chaos.fraction,
        "statuses": list(chaos.statuses),
        "eligible": chaos.eligible,
        "failed": chaos.failed,
    }


# -- the request journal and webhook deliveries -----------------------------------------------


def masked(name: str, value: str) -> str:
    """Keep the last four characters of a secret: enough to tell keys apart, not to reuse."""
    if name in _SECRET_HEADERS:
        return "****" + value[-4:] if len(value) > 8 else "****"
    return value


def entry_json(entry: JournalEntry) -> dict[str, Any]:
    headers: dict[str, str] = {}
    for raw_name, raw_value in entry.raw_headers:
        name = raw_name.decode("latin-1").lower()
        headers[name] = masked(name, raw_value.decode("latin-1"))
    return {
        "object": "JournalEntry",
        "seq": entry.seq,
        "at": iso_ms(entry.at_ms),
        "method": entry.method,
        "path": entry.path,
        "query": parse_qs(entry.query_string.decode("latin-1"), keep_blank_values=True),
        "headers": headers,
        "body": entry.body.decode("utf-8", "replace") if entry.body else None,
        "status": entry.status,
        "duration_ms": entry.duration_ms,
    }


def journal_json(entries: list[JournalEntry], dropped: int) -> dict[str, Any]:
    return {
        "object": "JournalEntryList",
        "items": [entry_json(entry) for entry in entries],
        "count": len(entries),
        "dropped": dropped,
    }


def journal_cleared_json(cleared: int) -> dict[str, Any]:
    return {"object": "JournalCleared", "cleared": cleared}


def attempt_json(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "object": "WebhookDelivery",
        "seq": attempt.seq,
        "delivery_id": attempt.delivery_id,
        "kind": attempt.kind,
        "webhook_id": attempt.webhook_id,
        "event": attempt.event,
        "url": attempt.url,
        "attempt": attempt.attempt,
        "at": iso_ms(attempt.at_ms),
        "status_code": attempt.status_code,
        "error": attempt.error,
        "duration_ms": attempt.duration_ms,
        "outcome": attempt.outcome,
        "next_attempt_at": _instant(attempt.next_attempt_ms),
        "headers": dict(attempt.headers),
        "payload": attempt.payload,
    }


def deliveries_json(attempts: list[DeliveryAttempt], dropped: int) -> dict[str, Any]:
    return {
        "object": "WebhookDeliveryList",
        "items": [attempt_json(attempt) for attempt in attempts],
        "count": len(attempts),
        "dropped": dropped,
    }
