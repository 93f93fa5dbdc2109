"""The scenario's email rules: what recipients do (`behaviours.email`), what the SMTP servers
refuse or bounce (`email`), and the daily sending caps (`limits.emails_per_day`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.scenario.spec_base import DelaySpec, _Spec
from simulator.world.mail_addresses import is_address
from simulator.world.mail_behaviours import DEFAULT_REPLY_TEXTS, EmailBehaviour
from simulator.world.outgoing_mail import DEFAULT_EMAILS_PER_DAY, MailPolicy

Probability = Annotated[float, Field(ge=0, le=1)]
MailProvider = Literal["GOOGLE_OAUTH", "OUTLOOK", "EXCHANGE", "MAIL", "ICLOUD"]


class RecipientBehaviourSpec(_Spec):
    """How the people an account emails act: open a tracked mail, click one of its links
    (odds given an open), reply in the thread, answer with an out-of-office note."""

    opens: Probability = 0.0
    open_delay: DelaySpec = DelaySpec(min="5m", max="1d")  # type: ignore[arg-type]
    clicks: Probability = 0.0
    click_delay: DelaySpec = Field(
        DelaySpec(min="10s", max="1h"),  # type: ignore[arg-type]
        description="After the open.",
    )
    replies: Probability = 0.0
    reply_delay: DelaySpec = DelaySpec(min="1h", max="2d")  # type: ignore[arg-type]
    texts: list[Annotated[str, Field(min_length=1, max_length=5000)]] = Field(
        [], description="What replies say; empty: a stock list."
    )
    out_of_office: Probability = 0.0


class PopulationSpec(RecipientBehaviourSpec):
    """Recipients at some domains, who act otherwise."""

    domains: list[Annotated[str, Field(min_length=1, max_length=253, pattern=r"^[^@\s]+$")]] = (
        Field(min_length=1, description="Their mail domains, e.g. acme.example.")
    )


class EmailBehaviourSpec(RecipientBehaviourSpec):
    populations: list[PopulationSpec] = Field(
        [], description="Recipients at these domains act otherwise (the first match applies)."
    )


class RefusalSpec(_Spec):
    address: str = Field(min_length=3, description="An email address the SMTP server refuses.")
    error: Literal["recipient_rejected", "sender_rejected", "send_as_denied"] = Field(
        description="recipient_rejected: as a recipient; sender_rejected: as the sender (the "
        "account's address or a `from`); send_as_denied: as a `from` alias."
    )

    @model_validator(mode="after")
    def an_address(self) -> RefusalSpec:
        if not is_address(self.address):
            raise ValueError(f"{self.address!r} is not an email address")
        return self


class EmailServersSpec(_Spec):
    """What the mail servers do with given addresses: refuse a send at once (422), or accept
    it and bounce it later (a delivery failure from the mailer daemon)."""

    refusals: list[RefusalSpec] = []
    bounces: list[Annotated[str, Field(min_length=2)]] = Field(
        [], description="Addresses, or `@domain` for a whole domain, whose mail bounces."
    )


def email_behaviour(spec: EmailBehaviourSpec) -> EmailBehaviour:
    populations = tuple(
        (frozenset(d.lower() for d in population.domains), _behaviour(population))
        for population in spec.populations
    )
    return replace(_behaviour(spec), populations=populations)


def _behaviour(spec: RecipientBehaviourSpec) -> EmailBehaviour:
    return EmailBehaviour(
        opens=spec.opens,
        open_delay_ms=(spec.open_delay.min, spec.open_delay.max),
        clicks=spec.clicks,
        click_delay_ms=(spec.click_delay.min, spec.click_delay.max),
        replies=spec.replies,
        reply_delay_ms=(spec.reply_delay.min, spec.reply_delay.max),
        texts=tuple(spec.texts) or DEFAULT_REPLY_TEXTS,
        out_of_office=spec.out_of_office,
    )


def mail_policy(servers: EmailServersSpec, emails_per_day: Mapping[str, int | None]) -> MailPolicy:
    caps: dict[str, int | None] = dict(DEFAULT_EMAILS_PER_DAY)
    caps.update(emails_per_day)
    return MailPolicy(
        emails_per_day=caps,
        refusals={r.address.lower(): r.error for r in servers.refusals},
        bounces=frozenset(address.lower() for address in servers.bounces),
    )

