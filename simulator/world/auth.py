"""Logging in to a provider: identities, authentication intents and their checkpoints (§2.2-2.4).

The outcome of a login is data, not code. A scenario lists the identities a provider knows
(username/password, cookies, OAuth tokens, phone numbers) and what logging in with each one
produces: success, a chain of checkpoints, or a documented error. Credentials no identity has
are refused with 401 `invalid_credentials`. Phones are devices, not secrets: any phone may scan
a QR code, and a phone no identity lists gets a generated profile.

A login that needs a checkpoint becomes an *intent*, keyed by the account id the answer names
(the new account's id, or the reconnected account's). It lives five minutes of world time; while
it is pending, a second intent for the same account or the same identity answers 425.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from simulator.clock import ScheduledEvent
from simulator.world.accounts import Account
from simulator.world.errors import ApiError, invalid_parameter

if TYPE_CHECKING:
    from simulator.world.world import World

# Providers a client can connect through POST /accounts (§2.3), by account type.
CONNECTABLE_PROVIDERS = (
    "LINKEDIN",
    "WHATSAPP",
    "TELEGRAM",
    "INSTAGRAM",
    "MESSENGER",
    "MAIL",
    "GOOGLE_OAUTH",
    "OUTLOOK",
    "TWITTER",
)
# Providers whose login starts with a phone scanning a QR code (or entering a pairing code).
DEVICE_PROVIDERS = frozenset({"WHATSAPP", "TELEGRAM"})
# Providers whose checkpoints are solved with a code (the `provider` enum of the checkpoint call).
CODE_CHECKPOINT_PROVIDERS = ("LINKEDIN", "INSTAGRAM", "TWITTER", "MESSENGER")
RESEND_PROVIDERS = ("LINKEDIN", "INSTAGRAM")

CHECKPOINT_TYPES = (
    "2FA",
    "OTP",
    "IN_APP_VALIDATION",
    "QRCODE",
    "CAPTCHA",
    "PHONE_REGISTER",
    "CONTRACT_CHOOSER",
    "PAIRING_CODE",
)
# What a scenario may put in a checkpoint chain; QRCODE and PAIRING_CODE come from the login
# method itself (WhatsApp and Telegram), never from an identity.
SCENARIO_CHECKPOINTS = (
    "2FA",
    "OTP",
    "IN_APP_VALIDATION",
    "CAPTCHA",
    "PHONE_REGISTER",
    "CONTRACT_CHOOSER",
)
# Passed on the user's device (control plane `approve`), not by a code.
DEVICE_CHECKPOINTS = frozenset({"QRCODE", "PAIRING_CODE", "IN_APP_VALIDATION"})

# The documented solutions (README "Test identities").
TWO_FACTOR_CODE = "123456"
OTP_CODE = "654321"
CAPTCHA_SOLUTION = "captcha-solved"
PHONE_REGISTER_FORMAT = re.compile(r"^\(\+\d{1,4}\)\d{4,15}$")  # e.g. (+33)0612345678
TRY_ANOTHER_WAY = "TRY_ANOTHER_WAY"
# TRY_ANOTHER_WAY swaps the current checkpoint for its alternative (§2.4: in-app -> 2FA).
ALTERNATIVE_CHECKPOINT = {"IN_APP_VALIDATION": "2FA", "2FA": "OTP", "OTP": "2FA"}
RESENDABLE_CHECKPOINTS = frozenset({"2FA", "OTP"})
CONTRACT_NAMES = ("Recruiter Lite", "Recruiter Corporate")

INTENT_TTL_MS = 5 * 60_000

# What a login may answer besides success (the connect/reconnect error list, §2.2 and seed 003),
# each with the description seed 003 gives it.
CONNECT_ERRORS: Mapping[str, str] = {
    "invalid_credentials": "The provided credentials are invalid.",
    "invalid_proxy_credentials": "The proxy rejected its credentials.",
    "invalid_imap_configuration": "The IMAP server rejected the configuration.",
    "invalid_smtp_configuration": "The SMTP server rejected the configuration.",
    "captcha_not_supported": "The provider asked for a captcha that cannot be solved here.",
    "multiple_sessions": "Another Recruiter session is already running.",
    "expired_credentials": "The credentials have expired.",
    "account_restricted": "The account has been restricted by the provider.",
    "account_mismatch": "Credentials don't match the requested account.",
    "insufficient_permissions": "The account lacks the required permissions.",
    "session_mismatch": "The session does not match the current account.",
    "feature_not_subscribed": "The required feature is not part of your subscription.",
    "subscription_required": "A subscription is required to use this feature.",
    "unknown_authentication_context": "Unknown authentication context.",
    "action_required": "The provider requires an additional action.",
    "resource_access_restricted": "Access to this resource is restricted.",
    "proxy_auth_error": "The proxy in use is not working. Please try again.",
    "request_timeout": "Communication with the provider has timed out. Please retry.",
    "operation_canceled": "The current task was canceled by a subsequent one.",
    "already_exists": "An equivalent account already exists.",
    "unexpected_error": "Something went wrong.",
    "provider_error": "The provider is experiencing operational problems.",
    "authentication_intent_error": (
        "The current authentication intent was killed after failure. Restart from the beginning."
    ),
    "proxy_error": "The proxy in use is not working. Please try again.",
    "no_client_session": "No client session is currently running.",
    "no_channel": "No channel to client session.",
    "no_handler": "Handler missing for that request.",
    "network_down": "Network is down on the server side. Retry shortly.",
    "service_unavailable": "Service temporarily unavailable. Retry later.",
}

IntentKind = Literal["create", "reconnect"]
IntentState = Literal["pending", "expired"]


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """What logging in with an identity produces: its checkpoints, then success or `error`."""

    checkpoints: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """Credentials a provider knows, what they produce, and the profile behind them."""

    index: int
    provider: str
    secrets: Mapping[str, str]  # username, password, access_token, sessionid, c_user, ...
    outcome: LoginOutcome
    profile: Account  # a template: id, seq and created_at are set when an account is made
    account_id: str | None = None  # the scenario account these credentials belong to

    @property
    def label(self) -> str:
        for key in ("username", "phone_number", "access_token", "sessionid", "c_user"):
            if key in self.secrets:
                return f"{key} {self.secrets[key]!r}"
        return f"{self.provider} identity #{self.index}"


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One login as a client sent it, reduced to what identifies it.

    `match` holds the secrets an identity must have, all equal; `field` names the body field
    errors point at. Device logins (QR code) match nothing until a phone scans the code.
    """

    provider: str
    method: Literal["credentials", "cookie", "oauth", "qrcode", "pairing"]
    match: Mapping[str, str]
    field: str
    telegram_password: str | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    type: str
    details: Mapping[str, Any] = field(default_factory=dict)  # qrcode, source, contract_options...


@dataclass(frozen=True, slots=True)
class AuthResult:
    """The answer to a login step: an account made or reconnected, or the next checkpoint."""

    account_id: str
    kind: Literal["created", "reconnected", "checkpoint"]
    checkpoint: Checkpoint | None = None


@dataclass(slots=True)
class AuthIntent:
    account_id: str
    kind: IntentKind
    attempt: LoginAttempt
    identity: Identity | None
    checkpoints: list[str]  # still to pass, the current one first
    current: Checkpoint
    expires_ms: int
    hosted_session: str | None = None
    state: IntentState = "pending"
    chosen_contract: str | None = None
    phone_number: str | None = None
    expiry: ScheduledEvent | None = None


class AuthEngine:
    """Logins, checkpoints and the identities of one world."""

    def __init__(self, world: World, identities: tuple[Identity, ...]) -> None:
        self._world = world
        self.identities = identities
        self._intents: dict[str, AuthIntent] = {}
        # identity index -> the account it logged in as (scenario `account:` or a past login)
        self._bound: dict[int, str] = {
            identity.index: identity.account_id
            for identity in identities
            if identity.account_id is not None
        }

    # -- starting a login ---------------------------------------------------------------------

    def connect(self, attempt: LoginAttempt, hosted_session: str | None = None) -> AuthResult:
        """POST /accounts: a new account, now or after checkpoints."""
        identity = self._identify(attempt)
        if identity is not None:
            self._refuse_if_in_progress(identity=identity)
            self._refuse_if_connected(identity)
        intent = self._new_intent(self._world.ids.unique_id(), "create", attempt, identity)
        intent.hosted_session = hosted_session
        return self._proceed(intent)

    def reconnect(
        self, account_id: str, attempt: LoginAttempt, hosted_session: str | None = None
    ) -> AuthResult:
        """POST /accounts/{id}: the same account, its id, history and webhooks kept."""
        account = self._world.accounts.get(account_id)
        if attempt.provider != account.type:
            raise invalid_parameter(
                "provider",
                f"account {account_id} is a {account.type} account, not {attempt.provider}",
            )
        self._refuse_if_in_progress(account_id=account_id)
        if account.type == "MAIL" and "username" not in attempt.match:
            # The SDK's reconnect body carries only the passwords: the mailbox is the account's.
            mailbox = account.email or account.username or ""
            attempt = _with_match(attempt, username=mailbox)
        identity = self._identify(attempt)
        if identity is not None:
            self._refuse_if_in_progress(identity=identity)
            self._refuse_if_other_account(identity, account, attempt.field)
        if attempt.method == "pairing":
            self._refuse_other_phone(account, attempt.match["phone_number"], attempt.field)
        intent = self._new_intent(account_id, "reconnect", attempt, identity)
        intent.hosted_session = hosted_session
        return self._proceed(intent)

    # -- moving an intent on ------------------------------------------------------------------

    def solve(self, account_id: str, provider: str, code: str) -> AuthResult:
        """POST /accounts/checkpoint: a code for the current checkpoint."""
        intent = self._pending(account_id)
        if provider != intent.attempt.provider:
            raise invalid_parameter(
                "provider", f"the intent of {account_id} is for {intent.attempt.provider}"
            )
        kind = intent.current.type
        if code == TRY_ANOTHER_WAY:
            alternative = ALTERNATIVE_CHECKPOINT.get(kind)
            if alternative is None:
                raise invalid_parameter(
                    "code", f"TRY_ANOTHER_WAY is not offered for a {kind} checkpoint"
                )
            intent.checkpoints[0] = alternative
            intent.current = self._checkpoint(alternative)
            return AuthResult(intent.account_id, "checkpoint", intent.current)
        if kind in DEVICE_CHECKPOINTS:
            raise ApiError(
                "invalid_checkpoint_solution",
                f"code: a {kind} checkpoint is passed on the user's device, not with a code",
            )
        if not self._is_solution(intent, code):
            raise ApiError(
                "invalid_checkpoint_solution", f"code: wrong solution for the {kind} checkpoint"
            )
        if kind == "CONTRACT_CHOOSER":
            intent.chosen_contract = code
        return self._passed(intent)

    def resend(self, account_id: str, provider: str) -> None:
        """POST /accounts/checkpoint/resend: send the 2FA/OTP code again."""
        intent = self._pending(account_id)
        if provider != intent.attempt.provider:
            raise invalid_parameter(
                "provider", f"the intent of {account_id} is for {intent.attempt.provider}"
            )
        if intent.current.type not in RESENDABLE_CHECKPOINTS:
            raise ApiError(
                "feature_not_implemented",
                f"account_id: a {intent.current.type} checkpoint has no code to resend",
            )

    def approve(self, account_id: str, phone_number: str | None = None) -> AuthResult:
        """The user's device passes the current checkpoint: a phone scans the QR code, enters the
        pairing code, or approves the in-app validation (control plane)."""
        intent = self._pending(account_id)
        kind = intent.current.type
        if kind not in DEVICE_CHECKPOINTS:
            raise invalid_parameter(
                "account_id", f"the current checkpoint is {kind}: solve it with a code"
            )
        if kind == "QRCODE":
            self._scanned(intent, phone_number)
        return self._passed(intent)

    def pending_intent(self, account_id: str) -> AuthIntent | None:
        intent = self._intents.get(account_id)
        return intent if intent is not None and intent.state == "pending" else None

    def abandon(self, account_id: str) -> None:
        """The user walked away from a login (hosted wizard cancelled, restarted or expired):
        its intent ends now, so the same credentials may log in again at once."""
        intent = self._intents.get(account_id)
        if intent is not None:
            self._close(intent)

    # -- finishing without a login (hosted wizard completed from the control plane) ------------

    def create_for_hosted(self, provider: str, hosted_session: str) -> Account:
        """A new account as a wizard login would make it, with the first identity of `provider`
        that logs in successfully and is not connected yet (a generated profile otherwise)."""
        identity = next(
            (
                candidate
                for candidate in self.identities
                if candidate.provider == provider
                and candidate.outcome == LoginOutcome()
                and self._live_account_of(candidate) is None
                and not self._identity_busy(candidate)
            ),
            None,
        )
        method = "qrcode" if provider in DEVICE_PROVIDERS else "credentials"
        attempt = LoginAttempt(provider, method, {}, "provider")
        intent = self._new_intent(self._world.ids.unique_id(), "create", attempt, identity)
        intent.hosted_session = hosted_session
        return self._create_account(intent)

    def reconnect_for_hosted(self, account_id: str, hosted_session: str) -> Account:
        account = self._world.accounts.get(account_id)
        self._refuse_if_in_progress(account_id=account_id)
        attempt = LoginAttempt(account.type, "credentials", {}, "provider")
        intent = self._new_intent(account_id, "reconnect", attempt, None)
        intent.hosted_session = hosted_session
        return self._reconnect_account(intent)

    # -- internals ----------------------------------------------------------------------------

    def _identify(self, attempt: LoginAttempt) -> Identity | None:
        if attempt.method == "qrcode":
            return None  # known once a phone scans the code
        for identity in self.identities:
            if identity.provider == attempt.provider and all(
                identity.secrets.get(key) == value for key, value in attempt.match.items()
            ):
                return identity
        if attempt.method == "pairing":
            return None  # any phone can pair; an unlisted one gets a generated profile
        raise ApiError(
            "invalid_credentials", f"{attempt.field}: {CONNECT_ERRORS['invalid_credentials']}"
        )

    def _new_intent(
        self, account_id: str, kind: IntentKind, attempt: LoginAttempt, identity: Identity | None
    ) -> AuthIntent:
        checkpoints: list[str] = []
        if attempt.method == "qrcode":
            checkpoints.append("QRCODE")
        elif attempt.method == "pairing":
            checkpoints.append("PAIRING_CODE")
        if identity is not None:
            checkpoints.extend(identity.outcome.checkpoints)
        return AuthIntent(
            account_id=account_id,
            kind=kind,
            attempt=attempt,
            identity=identity,
            checkpoints=checkpoints,
            current=Checkpoint("NONE"),
            expires_ms=self._world.now_ms() + INTENT_TTL_MS,
            phone_number=attempt.match.get("phone_number"),
        )

    def _proceed(self, intent: AuthIntent) -> AuthResult:
        """Ask for the next checkpoint, or finish: the account, or the identity's error."""
        if intent.checkpoints:
            intent.current = self._checkpoint(intent.checkpoints[0])
            if intent.expiry is None:
                self._open(intent)
            return AuthResult(intent.account_id, "checkpoint", intent.current)
        self._close(intent)
        error = intent.identity.outcome.error if intent.identity is not None else None
        if error is not None:
            raise ApiError(error, f"{intent.attempt.field}: {CONNECT_ERRORS[error]}")
        if intent.kind == "create":
            account = self._create_account(intent)
            return AuthResult(account.id, "created")
        account = self._reconnect_account(intent)
        return AuthResult(account.id, "reconnected")

    def _passed(self, intent: AuthIntent) -> AuthResult:
        intent.checkpoints.pop(0)
        return self._proceed(intent)

    def _open(self, intent: AuthIntent) -> None:
        self._intents[intent.account_id] = intent

        def expire() -> dict[str, Any]:
            intent.state = "expired"
            return {"account_id": intent.account_id}

        intent.expiry = self._world.schedule_at(
            intent.expires_ms, "auth_intent_expired", expire, account_id=intent.account_id
        )

    def _close(self, intent: AuthIntent) -> None:
        if intent.expiry is not None:
            intent.expiry.cancelled = True
        if self._intents.get(intent.account_id) is intent:
            del self._intents[intent.account_id]

    def _pending(self, account_id: str) -> AuthIntent:
        intent = self._intents.get(account_id)
        if intent is None:
            raise ApiError(
                "resource_not_found",
                f"account_id: no authentication intent in progress for {account_id}",
            )
        if intent.state == "expired":
            raise ApiError(
                "request_timeout",
                f"account_id: the authentication intent of {account_id} expired "
                f"({INTENT_TTL_MS // 60_000} minutes); start again",
            )
        return intent

    def _scanned(self, intent: AuthIntent, phone_number: str | None) -> None:
        """A phone scanned the QR code: now the identity, and its outcome, are known."""
        account = (
            self._world.accounts.get(intent.account_id) if intent.kind == "reconnect" else None
        )
        phone = _digits(phone_number) if phone_number else None
        if phone is None:
            phone = (account.phone_number if account is not None else None) or (
                "33" + self._world.ids.digits(9)
            )
        intent.phone_number = phone
        attempt = _with_match(intent.attempt, phone_number=phone)
        identity = next(
            (
                candidate
                for candidate in self.identities
                if candidate.provider == attempt.provider
                and candidate.secrets.get("phone_number") == phone
            ),
            None,
        )
        if account is not None:
            self._refuse_other_phone(account, phone, "phone_number")
        if identity is not None:
            if intent.kind == "create":
                self._refuse_if_connected(identity)
            elif account is not None:
                self._refuse_if_other_account(identity, account, "phone_number")
            secret = identity.secrets.get("password")
            if secret is not None and intent.attempt.telegram_password != secret:
                self._close(intent)
                raise ApiError("invalid_credentials", "password: the 2FA password is wrong")
            intent.checkpoints[1:1] = list(identity.outcome.checkpoints)
        intent.identity = identity

    def _is_solution(self, intent: AuthIntent, code: str) -> bool:
        kind = intent.current.type
        if kind == "2FA":
            return code == TWO_FACTOR_CODE
        if kind == "OTP":
            return code == OTP_CODE
        if kind == "CAPTCHA":
            return code == CAPTCHA_SOLUTION
        if kind == "PHONE_REGISTER":
            return PHONE_REGISTER_FORMAT.match(code) is not None
        if kind == "CONTRACT_CHOOSER":
            return code in {option["id"] for option in intent.current.details["contract_options"]}
        return False

    def _checkpoint(self, kind: str) -> Checkpoint:
        ids = self._world.ids
        if kind == "2FA":
            return Checkpoint(kind, {"source": "SMS"})
        if kind == "QRCODE":
            return Checkpoint(
                kind, {"qrcode": f"2@{ids.unique_id()}{ids.unique_id()},{ids.unique_id()}="}
            )
        if kind == "PAIRING_CODE":
            letters = "".join(self._world.rng.choices("ABCDEFGHJKLMNPQRSTVWXYZ23456789", k=8))
            return Checkpoint(kind, {"code": f"{letters[:4]}-{letters[4:]}"})
        if kind == "CAPTCHA":
            return Checkpoint(kind, {"public_key": ids.unique_id(), "data": ids.unique_id()})
        if kind == "CONTRACT_CHOOSER":
            options = [{"id": ids.digits(9), "name": name} for name in CONTRACT_NAMES]
            return Checkpoint(kind, {"contract_options": options})
        return Checkpoint(kind)

    def _create_account(self, intent: AuthIntent) -> Account:
        world = self._world
        if intent.identity is not None:
            account = intent.identity.profile.copy()
        else:
            account = self._generated_profile(intent.attempt.provider, intent.phone_number)
        account.id = intent.account_id
        account.seq = world.accounts.next_seq()
        account.created_at_ms = world.now_ms()
        account.status = "OK"
        account.connection_method = _CONNECTION_METHOD[intent.attempt.method]
        if intent.phone_number is not None and account.type == "WHATSAPP":
            account.phone_number = intent.phone_number
        if intent.chosen_contract is not None:
            account.premium_contract_id = intent.chosen_contract
        world.accounts.add(account)
        if intent.identity is not None:
            self._bound[intent.identity.index] = account.id
        world.lifecycle.created(account)
        if intent.hosted_session is not None:
            world.hosted.account_connected(intent.hosted_session, account, reconnected=False)
        return account

    def _reconnect_account(self, intent: AuthIntent) -> Account:
        world = self._world
        account = world.accounts.get(intent.account_id)
        if intent.identity is not None and intent.identity.index not in self._bound:
            self._bound[intent.identity.index] = account.id
        if intent.chosen_contract is not None:
            account.premium_contract_id = intent.chosen_contract
        world.lifecycle.reconnected(account)
        if intent.hosted_session is not None:
            world.hosted.account_connected(intent.hosted_session, account, reconnected=True)
        return account

    def _generated_profile(self, provider: str, phone_number: str | None) -> Account:
        ids = self._world.ids
        account = Account(id="", type=provider, name="", created_at_ms=0, seq=0)
        if provider == "WHATSAPP":
            account.phone_number = phone_number or "33" + ids.digits(9)
            account.name = "+" + account.phone_number
            return account
        label = _PROVIDER_LABELS.get(provider, provider.title())
        account.name = f"{label} user {ids.digits(4)}"
        if provider == "LINKEDIN":
            account.provider_user_id = ids.linkedin_member_id()
            account.public_identifier = f"linkedin-user-{ids.digits(7)}"
        else:
            account.provider_user_id = ids.unique_id()
        account.username = account.name
        return account

    def _live_account_of(self, identity: Identity) -> str | None:
        account_id = self._bound.get(identity.index)
        if account_id is None:
            return None
        try:
            self._world.accounts.get(account_id)
        except ApiError:
            return None  # deleted since: the identity may connect again
        return account_id

    def _identity_busy(self, identity: Identity) -> bool:
        return any(
            intent.identity is identity and intent.state == "pending"
            for intent in self._intents.values()
        )

    def _refuse_if_in_progress(
        self, account_id: str | None = None, identity: Identity | None = None
    ) -> None:
        if account_id is not None and self.pending_intent(account_id) is not None:
            raise ApiError(
                "auth_in_progress",
                f"account_id: an authentication intent for {account_id} is still in progress",
            )
        if identity is not None and self._identity_busy(identity):
            raise ApiError(
                "auth_in_progress",
                f"{identity.label}: an authentication intent with these credentials is still "
                "in progress",
            )

    def _refuse_if_connected(self, identity: Identity) -> None:
        existing = self._live_account_of(identity)
        if existing is not None:
            raise ApiError(
                "already_exists",
                f"{identity.label}: an equivalent account already exists ({existing})",
            )

    def _refuse_if_other_account(self, identity: Identity, account: Account, field: str) -> None:
        bound = self._live_account_of(identity)
        if bound is not None and bound != account.id:
            raise ApiError(
                "account_mismatch",
                f"{field}: these credentials belong to account {bound}, not {account.id}",
            )

    def _refuse_other_phone(self, account: Account, phone: str, field: str) -> None:
        if account.phone_number is not None and _digits(account.phone_number) != phone:
            raise ApiError(
                "account_mismatch",
                f"{field}: this phone is not the one of account {account.id}",
            )


_PROVIDER_LABELS = {
    "LINKEDIN": "LinkedIn",
    "TELEGRAM": "Telegram",
    "INSTAGRAM": "Instagram",
    "MESSENGER": "Messenger",
    "MAIL": "Mail",
    "GOOGLE_OAUTH": "Google",
    "OUTLOOK": "Outlook",
    "TWITTER": "X",
}
_CONNECTION_METHOD = {
    "credentials": "credentials",
    "cookie": "cookie",
    "oauth": "oauth",
    "qrcode": "qrcode",
    "pairing": "pairing_code",
}


def _digits(phone: str) -> str:
    return "".join(character for character in phone if character.isdigit())


def _with_match(attempt: LoginAttempt, **extra: str) -> LoginAttempt:
    return LoginAttempt(
        provider=attempt.provider,
        method=attempt.method,
        match={**attempt.match, **extra},
        field=attempt.field,
        telegram_password=attempt.telegram_password,
    )


def normalize_phone(phone: str) -> str:
    """E.164 digits only: `+33 6 00 00 00 01` -> `33600000001` (non-digits are ignored)."""
    return _digits(phone)
