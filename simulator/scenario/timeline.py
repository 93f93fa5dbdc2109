"""Scripted events of a scenario: what happens to the world, and when.

    timeline:
      - at: +2h
        account_status: {account: li-main, status: CREDENTIALS}
      - at: 2026-01-06T09:00:00Z
        plan: {account: li-main, plan: sales_navigator}
      - at: +30m
        invitation: {account: li-main, person: jane-doe, message: Hi!}
      - at: +1h
        message: {chat: chat-with-jane, text: Thanks for connecting}
      - at: +2h
        email: {account: gmail-main, from: kim@acme.example, subject: Hello, body: <p>Hi</p>}
      - at: +2h
        calendar_event: {account: gmail-main, event: {title: Demo, start: ..., end: ...}}
      - at: +0m
        job_posting: {account: li-main, job: {job_title: {text: ...}, ...}, state: active}
      - at: +3h
        fault:
          duration: 1h
          rule: {match: {path: /api/v1/users/invite}, respond: {status: 429, type: errors/too_many_requests}}

`at` is relative to the scenario's clock start (`+2h`, `+1.5h`, `+90`: any duration of
scenario/durations.py after `+`) or an absolute instant. Each entry does exactly one thing.
Entries fire through the world's event queue, like every other event.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.clock import WHEN_PATTERN
from simulator.scenario.calendar_schema import CalendarEventEntry
from simulator.scenario.durations import DurationMs, WhenText
from simulator.scenario.faults import FaultSpec
from simulator.scenario.job_schema import JobPostingEntry
from simulator.world.accounts import SOURCE_STATUSES
from simulator.world.mail_addresses import is_address
from simulator.world.plans import PLANS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusChange(_Strict):
    account: str = Field(min_length=1, description="The `id` of an account of the scenario.")
    status: Literal[SOURCE_STATUSES]  # type: ignore[valid-type]


class PlanChange(_Strict):
    account: str = Field(min_length=1)
    plan: Literal[PLANS]  # type: ignore[valid-type]


class IncomingInvitation(_Strict):
    account: str = Field(min_length=1)
    person: str = Field(min_length=1, description="A member's provider id or public identifier.")
    message: str | None = Field(None, max_length=300)


class InboundMessage(_Strict):
    chat: str = Field(min_length=1, description="The `id` of a chat of the scenario.")
    text: str = Field(min_length=1)


class InboundEmailSpec(_Strict):
    account: str = Field(min_length=1, description="The `id` of an email account.")
    from_: str = Field(alias="from", min_length=3, max_length=254, description="An address.")
    name: str | None = Field(None, min_length=1, max_length=200, description="Display name.")
    subject: str | None = Field(None, max_length=998)
    body: str = Field(min_length=1, max_length=100_000)

    @model_validator(mode="after")
    def an_address(self) -> InboundEmailSpec:
        if not is_address(self.from_):
            raise ValueError(f"from: {self.from_!r} is not an email address")
        return self


class FaultWindowSpec(_Strict):
    duration: DurationMs | None = Field(None, description="Closes after; open if omitted.")
    rule: FaultSpec


class TimelineEntry(_Strict):
    # The pattern is checked first, so text that is no `at` at all says which forms there are.
    at: WhenText = Field(
        pattern=WHEN_PATTERN, description="+2h (from the clock start) or an ISO instant."
    )
    account_status: StatusChange | None = None
    plan: PlanChange | None = None
    invitation: IncomingInvitation | None = None
    message: InboundMessage | None = None
    email: InboundEmailSpec | None = None
    fault: FaultWindowSpec | None = None
    calendar_event: CalendarEventEntry | None = Field(
        None, description="An event put in a calendar (scenario/calendar_schema.py)."
    )
    job_posting: JobPostingEntry | None = Field(
        None, description="A LinkedIn job posting, drafted, published or closed "
        "(scenario/job_schema.py).",
    )  # fmt: skip

    @model_validator(mode="after")
    def exactly_one_action(self) -> TimelineEntry:
        actions = [
            self.account_status, self.plan, self.invitation, self.message, self.email, self.fault,
            self.calendar_event, self.job_posting,
        ]  # fmt: skip
        if sum(action is not None for action in actions) != 1:
            raise ValueError(
                "give exactly one of account_status, plan, invitation, message, email, fault, "
                "calendar_event, job_posting"
            )
        return self
