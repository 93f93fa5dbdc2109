"""JSON shapes of Unipile objects (reference §2.1): each shape is built here and only here."""

from __future__ import annotations

import weakref
from typing import Any, Callable

import orjson

from simulator.clock import iso_ms
from simulator.world.accounts import Account
from simulator.world.auth import AuthResult

_MAIL_HOSTED = frozenset({"MAIL", "ICLOUD", "EXCHANGE"})
# GOOGLE_CALENDAR is not a mailbox: it is one of the "others" with `im: {id, username}` (§2.1).
_OAUTH_MAIL = frozenset({"GOOGLE_OAUTH", "OUTLOOK"})


# Each live account record's rendering (as a dict, and serialized for lists) and the record
# version it was made from: reads far outnumber changes. Keyed by the record's identity, not its
# `id` field (worlds made from one scenario have accounts with the same ids). An entry goes when
# its record is collected, before the identity can be reused, so an entry found always belongs
# to the record asked about.
_rendered_accounts: dict[int, tuple[int, dict[str, Any], orjson.Fragment, weakref.ref[Account]]]
_rendered_accounts = {}


def account_json(account: Account) -> dict[str, Any]:
    """Rendered once per change of the account (see `Account.version`)."""
    return _rendered(account)[1]


def account_fragment(account: Account) -> orjson.Fragment:
    """`account_json` serialized, for the list route: made once per change too."""
    return _rendered(account)[2]


def _rendered(
    account: Account,
) -> tuple[int, dict[str, Any], orjson.Fragment, weakref.ref[Account]]:
    key = id(account)
    cached = _rendered_accounts.get(key)
    if cached is not None and cached[0] == account.version:
        return cached
    rendered = _render_account(account)
    entry = (
        account.version,
        rendered,
        orjson.Fragment(orjson.dumps(rendered)),
        weakref.ref(account, _forgetter(key)),
    )
    _rendered_accounts[key] = entry
    return entry


def _forgetter(key: int) -> Callable[[object], None]:
    """Drops the entry while its record is being collected (CPython calls weakref callbacks
    before the memory, and so the identity, can be reused)."""

    def forget(_: object) -> None:
        _rendered_accounts.pop(key, None)

    return forget


def _render_account(account: Account) -> dict[str, Any]:
    return {
        "object": "Account",
        "id": account.id,
        "type": account.type,
        "name": account.name,
        "created_at": iso_ms(account.created_at_ms),
        "connection_params": connection_params(account),
        "sources": [{"id": account.source_id, "status": account.status}],
        "groups": list(account.groups),
    }


def connection_params(account: Account) -> dict[str, Any]:
    if account.type == "LINKEDIN":
        return {
            "im": {
                "id": account.provider_user_id,
                "username": account.username,
                "publicIdentifier": account.public_identifier,
                "connection_method": account.connection_method,
                "premiumId": account.premium_id,
                "premiumFeatures": list(account.premium_features),
                "premiumContractId": account.premium_contract_id,
                "organizations": [
                    {
                        "name": org.name,
                        "messaging_enabled": org.messaging_enabled,
                        "organization_urn": org.organization_urn,
                        "mailbox_urn": org.mailbox_urn,
                    }
                    for org in account.organizations
                ],
            }
        }
    if account.type == "WHATSAPP":
        return {"im": {"phone_number": account.phone_number}}
    if account.type == "TELEGRAM":
        return {"im": {"user_id": account.provider_user_id, "username": account.username}}
    if account.type in _MAIL_HOSTED:
        address = account.email or account.username or ""
        domain = address.partition("@")[2] or "mail.example.com"
        return {
            "mail": {
                "imap_host": f"imap.{domain}",
                "imap_port": 993,
                "imap_user": address,
                "imap_encryption": "tls",
                "smtp_host": f"smtp.{domain}",
                "smtp_port": 465,
                "smtp_user": address,
            }
        }
    if account.type in _OAUTH_MAIL:
        identity = {"id": account.provider_user_id, "username": account.email or account.username}
        return {"mail": dict(identity), "calendar": dict(identity)}
    return {"im": {"id": account.provider_user_id, "username": account.username}}


# -- connecting (§2.2-2.4) --------------------------------------------------------------------


def login_answer(result: AuthResult) -> tuple[int, dict[str, Any]]:
    """The status and body of a login step: 201 AccountCreated/AccountReconnected, 202 Checkpoint."""
    if result.kind == "checkpoint":
        assert result.checkpoint is not None
        checkpoint = {"type": result.checkpoint.type, **result.checkpoint.details}
        return 202, {"object": "Checkpoint", "account_id": result.account_id, "checkpoint": checkpoint}
    name = "AccountCreated" if result.kind == "created" else "AccountReconnected"
    return 201, {"object": name, "account_id": result.account_id}


def checkpoint_resend_json(account_id: str) -> dict[str, Any]:
    return {"object": "CheckpointResend", "account_id": account_id, "success": True}


def restart_json(restarted: bool) -> dict[str, Any]:
    return {"object": "AccountRestarted" if restarted else "AccountFailedToRestart"}


def resync_json(status: str) -> dict[str, Any]:
    return {"object": "AccountResync", "status": status}


def hosted_url_json(url: str) -> dict[str, Any]:
    return {"object": "HostedAuthUrl", "url": url}
