"""Hosted-auth sessions (§3): a link made by the API, finished by the wizard or the control plane.

A session is `pending` until its account is connected (`completed`), the user gives up
(`failed`), or `expiresOn` passes (`expired`). Finishing a session connects or reconnects the
account with the effects of any login (account_status events), then calls `notify_url` with the
flat body `{status, account_id, name}`: the world publishes a `hosted_auth_notify` event, and the
webhook layer POSTs it.

The wizard pages drive a session through `start_login` (credentials), then `solve`,
`approve`, `resend` for its checkpoints, `start_over` and `cancel`; the intent machinery of
`simulator.world.auth` does the logging in, and a successful intent comes back here through
`account_connected`. A login error the user can fix (wrong password, wrong code, a transient
failure) leaves the session open; one where the provider refuses the account itself ends it
(`failed`, with the error kept in `failure`).

A session id is also the capability of the wizard's pages, served without an API key: it is
drawn from the world's seed and salted with the world's key, so no two live worlds share one.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from simulator.clock import ScheduledEvent
from simulator.world.accounts import Account
from simulator.world.auth import AuthResult, Checkpoint, LoginAttempt
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.events import WorldEvent

if TYPE_CHECKING:
    from simulator.world.world import World

# Provider names of the hosted wizard (not account types: GOOGLE is GOOGLE_OAUTH).
HOSTED_PROVIDERS = (
    "LINKEDIN",
    "WHATSAPP",
    "INSTAGRAM",
    "MESSENGER",
    "TELEGRAM",
    "GOOGLE",
    "OUTLOOK",
    "TWITTER",
    "MAIL",
)
PROVIDER_GROUPS: dict[str, tuple[str, ...]] = {
    "*": HOSTED_PROVIDERS,
    "*:MESSAGING": ("LINKEDIN", "WHATSAPP", "INSTAGRAM", "MESSENGER", "TELEGRAM", "TWITTER"),
    "*:MAILING": ("GOOGLE", "OUTLOOK", "MAIL"),
    "*:CALENDAR": ("GOOGLE", "OUTLOOK"),
}
ACCOUNT_TYPE_OF = {
    name: ("GOOGLE_OAUTH" if name == "GOOGLE" else name) for name in HOSTED_PROVIDERS
}
HOSTED_PROVIDER_OF = {account_type: name for name, account_type in ACCOUNT_TYPE_OF.items()}

# Login errors that end a wizard session: the provider refuses the account itself, or killed the
# login. Any other error (wrong credentials or code, a clash, a timeout) is shown to try again.
SESSION_ENDING_ERRORS = frozenset(
    {
        "account_restricted",
        "insufficient_permissions",
        "feature_not_subscribed",
        "subscription_required",
        "resource_access_restricted",
        "action_required",
        "unknown_authentication_context",
        "session_mismatch",
        "multiple_sessions",
        "authentication_intent_error",
        "unexpected_error",
        "provider_error",
    }
)

SessionType = Literal["create", "reconnect"]
SessionState = Literal["pending", "completed", "failed", "expired"]


@dataclass(slots=True)
class HostedLink:
    """What POST /hosted/accounts/link asked for, already validated by the HTTP layer."""

    type: SessionType
    expires_at_ms: int
    api_url: str | None  # the DSN the client named (null is taken, as upstream)
    providers: str | list[str] | None = None
    reconnect_account: str | None = None
    name: str | None = None
    success_redirect_url: str | None = None
    failure_redirect_url: str | None = None
    notify_url: str | None = None
    bypass_success_screen: bool = False
    disabled_features: list[str] = field(default_factory=list)
    disabled_options: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # proxy, sync_limit: kept for the wizard


@dataclass(slots=True)
class HostedSession:
    id: str
    link: HostedLink
    providers: tuple[str, ...]  # hosted provider names the wizard offers
    created_at_ms: int
    state: SessionState = "pending"
    account_id: str | None = None
    expiry: ScheduledEvent | None = None
    login_account_id: str | None = None  # the wizard login waiting on a checkpoint (its intent)
    failure: str | None = None  # the catalog name of the error that ended a wizard login

    @property
    def type(self) -> SessionType:
        return self.link.type

    @property
    def expires_at_ms(self) -> int:
        return self.link.expires_at_ms

    @property
    def redirect_url(self) -> str | None:
        """Where the wizard sends the user once the session is over."""
        if self.state == "completed":
            return self.link.success_redirect_url
        if self.state == "failed":
            return self.link.failure_redirect_url
        return None


class HostedSessions:
    def __init__(self, world: World) -> None:
        self._world = world
        self._sessions: dict[str, HostedSession] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def create(self, link: HostedLink) -> HostedSession:
        world = self._world
        if link.type == "reconnect":
            assert link.reconnect_account is not None
            try:
                account = world.accounts.get(link.reconnect_account)
            except ApiError:
                raise ApiError(
                    "resource_not_found",
                    f"reconnect_account: Account {link.reconnect_account} not found",
                ) from None
            providers: tuple[str, ...] = (HOSTED_PROVIDER_OF.get(account.type, account.type),)
        else:
            providers = expand_providers(link.providers or "*")
        session = HostedSession(self._link_id(), link, providers, world.now_ms())
        self._sessions[session.id] = session
        if link.expires_at_ms <= world.now_ms():
            session.state = "expired"
        else:
            session.expiry = world.schedule_at(
                link.expires_at_ms,
                "hosted_link_expired",
                lambda: self._expire(session),
                session_id=session.id,
            )
        return session

    def get(self, session_id: str) -> HostedSession:
        session = self._sessions.get(session_id)
        if session is None:
            raise ApiError("resource_not_found", f"session: no hosted-auth session {session_id}")
        return session

    def find(self, session_id: str) -> HostedSession | None:
        """The session behind a wizard URL, its expiry applied (None: not in this world)."""
        session = self._sessions.get(session_id)
        if session is not None:
            self._expire_if_due(session)
        return session

    def require_open(self, session_id: str) -> HostedSession:
        """The session a wizard step acts on: pending and not expired (401 expired_link)."""
        session = self.get(session_id)
        self._expire_if_due(session)
        if session.state == "expired":
            raise ApiError("expired_link", f"session: the link {session_id} has expired")
        if session.state != "pending":
            raise ApiError(
                "expired_link", f"session: the link {session_id} was already used ({session.state})"
            )
        return session

    # -- finishing ------------------------------------------------------------------------------

    def start_login(self, session_id: str, attempt: LoginAttempt) -> AuthResult:
        """A wizard login: the same engine as the API, tied to the session (checkpoints included).
        On success the session completes through `account_connected`."""
        session = self.require_open(session_id)
        self._check_provider(session, attempt.provider)
        self._abandon_login(session)  # a new login replaces the one left at a checkpoint
        auth = self._world.auth
        if session.type == "reconnect":
            account_id = session.link.reconnect_account
            assert account_id is not None
            return self._login_step(
                session, lambda: auth.reconnect(account_id, attempt, hosted_session=session.id)
            )
        return self._login_step(session, lambda: auth.connect(attempt, hosted_session=session.id))

    def checkpoint(self, session_id: str) -> Checkpoint | None:
        """The checkpoint the session's wizard login waits on; None when there is none (or its
        intent expired after five minutes: the wizard starts the login again)."""
        session = self.get(session_id)
        if session.login_account_id is None:
            return None
        intent = self._world.auth.pending_intent(session.login_account_id)
        if intent is None:
            session.login_account_id = None
            return None
        return intent.current

    def solve(self, session_id: str, code: str) -> AuthResult:
        """A code typed for the current checkpoint (2FA, OTP, CAPTCHA, phone, contract id), or
        TRY_ANOTHER_WAY."""
        session, account_id, provider = self._waiting_login(session_id)
        return self._login_step(session, lambda: self._world.auth.solve(account_id, provider, code))

    def approve(self, session_id: str, phone_number: str | None = None) -> AuthResult:
        """The user's device passed the checkpoint (QR code scanned, in-app validation)."""
        session, account_id, _ = self._waiting_login(session_id)
        return self._login_step(
            session, lambda: self._world.auth.approve(account_id, phone_number)
        )

    def resend(self, session_id: str) -> None:
        _, account_id, provider = self._waiting_login(session_id)
        self._world.auth.resend(account_id, provider)

    def start_over(self, session_id: str) -> None:
        """Leave the current checkpoint: back to the login form, the session still open."""
        self._abandon_login(self.require_open(session_id))

    def cancel(self, session_id: str) -> HostedSession:
        """The user gives up in the wizard: the session fails (as a failed completion)."""
        return self.complete(session_id, success=False)

    def complete(
        self, session_id: str, success: bool, provider: str | None = None
    ) -> HostedSession:
        """Finish a session without a browser (control plane): success connects (or reconnects)
        an account as the wizard would; failure ends the session with no account."""
        session = self.require_open(session_id)
        if not success:
            self._end(session, "failed")
            return session
        if session.type == "reconnect":
            assert session.link.reconnect_account is not None
            if provider is not None:
                self._check_provider(session, ACCOUNT_TYPE_OF.get(provider, provider))
            self._world.auth.reconnect_for_hosted(session.link.reconnect_account, session.id)
            return session
        chosen = provider or session.providers[0]
        account_type = ACCOUNT_TYPE_OF.get(chosen, chosen)
        self._check_provider(session, account_type)
        self._world.auth.create_for_hosted(account_type, session.id)
        return session

    def account_connected(self, session_id: str, account: Account, reconnected: bool) -> None:
        """A login of this session succeeded: the session completes and notify_url is called."""
        session = self.get(session_id)
        self._end(session, "completed")
        session.account_id = account.id
        notify_url = session.link.notify_url
        if notify_url is None:
            return
        body: dict[str, Any] = {
            "status": "RECONNECTED" if reconnected else "CREATION_SUCCESS",
            "account_id": account.id,
        }
        if session.link.name is not None:
            body["name"] = session.link.name
        self._world.bus.publish(
            WorldEvent(
                "hosted_auth_notify",
                self._world.now_ms(),
                account.id,
                {"notify_url": notify_url, "body": body},
            )
        )

    # -- internals ----------------------------------------------------------------------------

    def _link_id(self) -> str:
        """A session id no other live world holds (worlds of one scenario and seed draw the same
        ids): the world's next id, salted with its API key. Same key, seed and requests, same id."""
        drawn = self._world.ids.unique_id()
        digest = hashlib.sha256(f"{self._world.api_key}/{drawn}".encode()).digest()[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def _waiting_login(self, session_id: str) -> tuple[HostedSession, str, str]:
        """(session, intent account id, provider) of the login waiting on a checkpoint."""
        session = self.require_open(session_id)
        if self.checkpoint(session_id) is None:
            raise ApiError(
                "request_timeout",
                f"session: no login of {session_id} waits on a checkpoint (it may have expired "
                "after five minutes); start again",
            )
        assert session.login_account_id is not None
        intent = self._world.auth.pending_intent(session.login_account_id)
        assert intent is not None
        return session, session.login_account_id, intent.attempt.provider

    def _login_step(self, session: HostedSession, step: Callable[[], AuthResult]) -> AuthResult:
        """Run one step of a wizard login and keep the session in step with its outcome."""
        try:
            result = step()
        except ApiError as error:
            if error.error.name in SESSION_ENDING_ERRORS and session.state == "pending":
                session.failure = error.error.name
                self._end(session, "failed")
            elif session.login_account_id is not None:
                self.checkpoint(session.id)  # forget an intent the error closed
            raise
        session.login_account_id = result.account_id if result.kind == "checkpoint" else None
        return result

    def _abandon_login(self, session: HostedSession) -> None:
        if session.login_account_id is not None:
            self._world.auth.abandon(session.login_account_id)
            session.login_account_id = None

    def _expire_if_due(self, session: HostedSession) -> None:
        if session.state == "pending" and session.expires_at_ms <= self._world.now_ms():
            session.state = "expired"
            self._abandon_login(session)

    def _check_provider(self, session: HostedSession, account_type: str) -> None:
        hosted_name = HOSTED_PROVIDER_OF.get(account_type)
        if hosted_name not in session.providers:
            raise invalid_parameter(
                "provider", f"this link offers {', '.join(session.providers)}, not {account_type}"
            )

    def _end(self, session: HostedSession, state: SessionState) -> None:
        session.state = state
        self._abandon_login(session)
        if session.expiry is not None:
            session.expiry.cancelled = True

    def _expire(self, session: HostedSession) -> dict[str, Any]:
        if session.state == "pending":
            session.state = "expired"
            self._abandon_login(session)
        return {"session_id": session.id, "state": session.state}


def expand_providers(providers: str | list[str]) -> tuple[str, ...]:
    if isinstance(providers, str):
        return PROVIDER_GROUPS[providers]
    return tuple(dict.fromkeys(providers))  # in the given order, without repeats
