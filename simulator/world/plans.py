"""LinkedIn plans and what they allow: invitation limits (reference §9) and InMail credits.

A plan is read from the account's `premium_features` at the moment of each call, so an upgrade
or downgrade made while the world runs takes effect on the next invitation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.world.accounts import Account

PLANS = ("free", "premium", "sales_navigator", "recruiter")
# What each plan puts in `connection_params.im.premiumFeatures`.
PLAN_FEATURES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "free": (),
        "premium": ("premium",),
        "sales_navigator": ("premium", "sales_navigator"),
        "recruiter": ("premium", "recruiter"),
    }
)
INMAIL_FEATURES = ("premium", "sales_navigator", "recruiter")
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
MONTH_MS = 30 * DAY_MS
NOTE_MAX_CHARS = 300  # the API's own validation, whatever the plan (`maxLength: 300`)
USAGE_LANDINGS = (50, 75, 90, 95)  # `usage` is reported when a send crosses one of these


@dataclass(frozen=True, slots=True)
class InvitationLimits:
    """How many invitations a plan may send, on rolling windows of world time.

    `None` means no limit. The weekly cap is what `usage` is a percentage of.
    """

    weekly: int | None
    daily: int | None
    note_max_chars: int
    notes_per_month: int | None


# Weekly caps are the consumer app's (seed 001: 100 premium / 80 free); daily caps keep a
# week's budget from going out in one burst; free notes are LinkedIn's (200 chars, ~5/month).
DEFAULT_INVITATION_LIMITS: Mapping[str, InvitationLimits] = MappingProxyType(
    {
        "free": InvitationLimits(weekly=80, daily=40, note_max_chars=200, notes_per_month=5),
        "premium": InvitationLimits(weekly=100, daily=50, note_max_chars=300, notes_per_month=None),
        "sales_navigator": InvitationLimits(
            weekly=100, daily=50, note_max_chars=300, notes_per_month=None
        ),
        "recruiter": InvitationLimits(
            weekly=100, daily=50, note_max_chars=300, notes_per_month=None
        ),
    }
)
# Monthly InMail allowance per premium feature (LinkedIn's usual: Premium 5, Sales Navigator 50,
# Recruiter 100). The `inmail_balance` route reports what is left.
DEFAULT_INMAIL_CREDITS: Mapping[str, int] = MappingProxyType(
    {"premium": 5, "sales_navigator": 50, "recruiter": 100}
)
DEFAULT_WITHDRAWN_COOLDOWN_MS = 21 * DAY_MS  # LinkedIn blocks re-inviting for about 3 weeks


@dataclass(frozen=True, slots=True)
class Limits:
    """Every limit of one world, compiled once from the scenario's `limits`."""

    invitations: Mapping[str, InvitationLimits] = field(
        default_factory=lambda: DEFAULT_INVITATION_LIMITS
    )
    inmail_credits: Mapping[str, int] = field(default_factory=lambda: DEFAULT_INMAIL_CREDITS)
    withdrawn_cooldown_ms: int = DEFAULT_WITHDRAWN_COOLDOWN_MS

    def invitations_for(self, account: Account) -> InvitationLimits:
        return self.invitations[plan_of(account)]

    def inmail_balance(self, account: Account) -> dict[str, int | None]:
        """Credits left per feature; `None` for a feature the account does not have."""
        return {
            feature: (
                account.inmail_credits.get(feature, self.inmail_credits[feature])
                if feature in account.premium_features
                else None
            )
            for feature in INMAIL_FEATURES
        }


def plan_of(account: Account) -> str:
    """The plan behind an account's features; the richest one wins."""
    features = account.premium_features
    for plan in ("recruiter", "sales_navigator", "premium"):
        if plan in features:
            return plan
    return "free"


def usage_landing(sent_before: int, sent_after: int, weekly_cap: int | None) -> int | None:
    """The highest of 50/75/90/95 % of the weekly cap that this send crossed, if any."""
    if not weekly_cap:
        return None
    crossed = [
        landing
        for landing in USAGE_LANDINGS
        if sent_before * 100 < landing * weekly_cap <= sent_after * 100
    ]
    return crossed[-1] if crossed else None
