"""The scenario file format: one YAML document describes one world."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from simulator.world.accounts import ACCOUNT_TYPES, SOURCE_STATUSES

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


class Scenario(StrictModel):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = ""
    seed: int = Field(0, ge=0)
    api_key: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]{8,128}$")
    clock: ClockSpec = ClockSpec()
    accounts: list[AccountSpec] = []
