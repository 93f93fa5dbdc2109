"""The scenario file format: one YAML document describes one world."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.scenario.email_schema import EmailServersSpec
from simulator.scenario.faults import ChaosSpec, FaultSpec
from simulator.scenario.job_schema import check_job_postings
from simulator.scenario.mail_history import MailboxSpec
from simulator.scenario.messaging_schema import ChatsSpec, check_account_chats, check_threads
from simulator.scenario.network_schema import BehavioursSpec, LimitsSpec, PeopleSpec, RelationsSpec
from simulator.scenario.timeline import TimelineEntry
from simulator.scenario.webhooks_schema import WebhookSpec
from simulator.world.accounts import ACCOUNT_TYPES, MAIL_TYPES, SOURCE_STATUSES
from simulator.world.auth import (
    CODE_CHECKPOINT_PROVIDERS,
    CONNECT_ERRORS,
    CONNECTABLE_PROVIDERS,
    SCENARIO_CHECKPOINTS,
)
from simulator.world.calendar_behaviour import CALENDAR_TYPES

AccountType = Literal[ACCOUNT_TYPES]  # type: ignore[valid-type]
SourceStatus = Literal[SOURCE_STATUSES]  # type: ignore[valid-type]
Plan = Literal["free", "premium", "sales_navigator", "recruiter"]

DEFAULT_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday morning


class StrictModel(BaseModel):
    """Unknown keys are mistakes in a scenario file, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ClockSpec(StrictModel):
    start: datetime = Field(DEFAULT_START, description="World time when the world is made.")
    mode: Literal["frozen", "real"] = Field(
        "frozen", description="frozen: time moves only when advanced; real: it also runs."
    )


class OrganizationSpec(StrictModel):
    name: str = Field(min_length=1)
    messaging_enabled: bool = True


class AccountSpec(StrictModel):
    id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Fixed id; generated when omitted."
    )
    provider: AccountType = Field(description="Account type, e.g. LINKEDIN or WHATSAPP.")
    name: str | None = Field(None, min_length=1, description="Display name; Faker when omitted.")
    status: SourceStatus = "OK"
    plan: Plan = Field("free", description="LinkedIn plan: sets premiumFeatures and premiumId.")
    public_identifier: str | None = Field(None, pattern=r"^[a-z0-9-]{3,100}$")
    phone_number: str | None = Field(None, pattern=r"^\+?[0-9]{6,15}$")
    email: str | None = None
    created_at: datetime | None = Field(
        None, description="When the account was connected; some days before the start if omitted."
    )
    organizations: list[OrganizationSpec] = []
    chats: ChatsSpec | None = Field(
        None,
        description="Chat history of a LinkedIn, WhatsApp, Instagram, Telegram or Messenger "
        "account (scenario/messaging_schema.py).",
    )
    mailbox: MailboxSpec | None = Field(
        None,
        description="Email history of a GOOGLE_OAUTH, OUTLOOK, EXCHANGE, MAIL or ICLOUD account "
        "(scenario/mail_history.py).",
    )

    @model_validator(mode="after")
    def chats_fit_the_account(self) -> AccountSpec:
        if self.chats is not None:
            check_account_chats(self.chats, self.provider, self.plan)
        if self.mailbox is not None and self.provider not in MAIL_TYPES:
            raise ValueError(
                f"mailbox: a {self.provider} account has no mailbox "
                f"(email accounts: {', '.join(sorted(MAIL_TYPES))})"
            )
        return self


ConnectableProvider = Literal[CONNECTABLE_PROVIDERS]  # type: ignore[valid-type]
CheckpointName = Literal[SCENARIO_CHECKPOINTS]  # type: ignore[valid-type]
ConnectError = Literal[tuple(CONNECT_ERRORS)]  # type: ignore[valid-type]

# The secrets a login of each provider is matched on, and the sets that make one whole login.
SECRET_FIELDS = (
    "username",
    "password",
    "access_token",
    "sessionid",
    "c_user",
    "refresh_token",
    "phone_number",
)
_LOGINS: dict[str, tuple[tuple[str, ...], ...]] = {
    "LINKEDIN": (("username", "password"), ("access_token",)),
    "INSTAGRAM": (("username", "password"), ("sessionid",)),
    "MESSENGER": (("username", "password"), ("c_user",)),
    "TWITTER": (("username", "password"),),
    "MAIL": (("username", "password"),),
    "GOOGLE_OAUTH": (("refresh_token",),),
    "OUTLOOK": (("refresh_token",),),
    "WHATSAPP": (("phone_number",),),
    "TELEGRAM": (("phone_number",), ("phone_number", "password")),
}


class OutcomeSpec(StrictModel):
    checkpoint: list[CheckpointName] = Field(
        [], description="Checkpoints to pass, in order, before the login ends."
    )
    error: ConnectError | None = Field(
        None, description="The documented error the login ends with (after the checkpoints)."
    )


class CredentialSpec(StrictModel):
    """An identity the provider knows: its secrets, what logging in with them produces, and
    the profile of the account it makes."""

    provider: ConnectableProvider
    username: str | None = Field(
        None, min_length=1, description="Login (email, phone, handle); imap_user for MAIL."
    )
    password: str | None = Field(
        None, min_length=1, description="Password; imap_password for MAIL; Telegram 2FA."
    )
    access_token: str | None = Field(None, min_length=1, description="LinkedIn `li_at` cookie.")
    sessionid: str | None = Field(None, min_length=1, description="Instagram `sessionid` cookie.")
    c_user: str | None = Field(None, min_length=1, description="Messenger `c_user` cookie.")
    refresh_token: str | None = Field(None, min_length=1, description="Google or Microsoft OAuth.")
    phone_number: str | None = Field(None, pattern=r"^\+?[0-9]{6,15}$")
    outcome: Literal["success"] | OutcomeSpec = Field(
        "success", description="success, {checkpoint: [2FA, ...]}, or {error: account_restricted}."
    )
    name: str | None = Field(None, min_length=1, description="Display name; Faker when omitted.")
    plan: Plan = "free"
    public_identifier: str | None = Field(None, pattern=r"^[a-z0-9-]{3,100}$")
    email: str | None = None
    account: str | None = Field(
        None, description="Id of the scenario account these credentials belong to."
    )

    @model_validator(mode="after")
    def one_whole_login(self) -> CredentialSpec:
        logins = _LOGINS[self.provider]
        allowed = {name for login in logins for name in login}
        for name in SECRET_FIELDS:
            if getattr(self, name) is not None and name not in allowed:
                raise ValueError(f"{name} is not part of a {self.provider} login")
        if not any(all(getattr(self, name) is not None for name in login) for login in logins):
            wanted = " or ".join(" + ".join(login) for login in logins)
            raise ValueError(f"a {self.provider} identity needs {wanted}")
        has_checkpoints = isinstance(self.outcome, OutcomeSpec) and self.outcome.checkpoint
        if has_checkpoints and self.provider not in CODE_CHECKPOINT_PROVIDERS:
            raise ValueError(
                f"{self.provider} logins have no code checkpoints (only "
                f"{', '.join(CODE_CHECKPOINT_PROVIDERS)} do)"
            )
        return self


class Scenario(StrictModel):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = ""
    seed: int = Field(0, ge=0)
    api_key: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]{8,128}$")
    clock: ClockSpec = ClockSpec()
    accounts: list[AccountSpec] = []
    credentials: list[CredentialSpec] = Field(
        [], description="Identities the providers know, and what logging in with each produces."
    )
    # The simulated LinkedIn network (keys described in scenario/network_schema.py).
    people: PeopleSpec = PeopleSpec()
    relations: RelationsSpec = RelationsSpec()
    behaviours: BehavioursSpec = BehavioursSpec()
    limits: LimitsSpec = LimitsSpec()  # type: ignore[call-arg]  # plans filled with defaults
    email: EmailServersSpec = Field(
        EmailServersSpec(),
        description="What the SMTP servers refuse at once or bounce later, by address.",
    )
    timeline: list[TimelineEntry] = Field(
        [], description="Scripted events: status and plan changes, invitations, messages, faults."
    )
    faults: list[FaultSpec] = Field([], description="Fault rules active from the start.")
    chaos: ChaosSpec | None = Field(
        None, description="Chaos mode from the start: a seeded share of calls fails."
    )
    webhooks: list[WebhookSpec] = Field(
        [], description="Webhooks the world has from the start (as made by POST /webhooks)."
    )

    @model_validator(mode="after")
    def timeline_names_known_accounts(self) -> "Scenario":
        providers = {spec.id: spec.provider for spec in self.accounts if spec.id is not None}
        known = set(providers)
        for position, entry in enumerate(self.timeline):
            for action in ("account_status", "plan", "invitation", "email"):
                target = getattr(entry, action)
                if target is not None and target.account not in known:
                    raise ValueError(
                        f"timeline.{position}.{action}.account: no account has the id "
                        f"{target.account!r} (give the account an `id:`)"
                    )
            if entry.email is not None and providers[entry.email.account] not in MAIL_TYPES:
                raise ValueError(
                    f"timeline.{position}.email.account: {entry.email.account!r} is a "
                    f"{providers[entry.email.account]} account, not an email account"
                )
            if (scheduled := entry.calendar_event) is not None:
                if scheduled.account not in known:
                    raise ValueError(
                        f"timeline.{position}.calendar_event.account: no account has the id "
                        f"{scheduled.account!r} (give the account an `id:`)"
                    )
                if providers[scheduled.account] not in CALENDAR_TYPES:
                    raise ValueError(
                        f"timeline.{position}.calendar_event.account: {scheduled.account!r} is "
                        f"a {providers[scheduled.account]} account, not a calendar account"
                    )
        return self

    @model_validator(mode="after")
    def job_postings_fit_their_accounts(self) -> Scenario:
        if any(entry.job_posting is not None for entry in self.timeline):
            check_job_postings(self)
        return self

    @model_validator(mode="after")
    def account_ids_are_unique(self) -> "Scenario":
        seen: set[str] = set()
        for position, spec in enumerate(self.accounts):
            if spec.id is not None:
                if spec.id in seen:
                    raise ValueError(f"accounts.{position}.id: {spec.id!r} is used twice")
                seen.add(spec.id)
        return self

    @model_validator(mode="after")
    def chat_threads_name_listed_people(self) -> Scenario:
        check_threads(self.accounts, self.people, self.clock.start)
        return self

    @model_validator(mode="after")
    def credentials_name_known_accounts(self) -> Scenario:
        providers = {spec.id: spec.provider for spec in self.accounts if spec.id is not None}
        for position, credential in enumerate(self.credentials):
            if credential.account is None:
                continue
            if credential.account not in providers:
                raise ValueError(
                    f"credentials.{position}.account: no account has the id {credential.account!r}"
                )
            if providers[credential.account] != credential.provider:
                raise ValueError(
                    f"credentials.{position}.account: {credential.account!r} is a "
                    f"{providers[credential.account]} account"
                )
        return self
