"""Scenario keys of the simulated LinkedIn network: `people`, `relations`, `behaviours`, `limits`.

```yaml
people:
  generate: 500                    # members drawn from the seed (Faker word lists)
  listed:                          # members you name, e.g. for a test's fixed cast
    - {first_name: Jane, last_name: Doe, public_identifier: jane-doe,
       distance: SECOND_DEGREE, answer: accept}
relations: {per_account: 60, second_degree: 0.5, third_degree: 0.3}
behaviours:
  invitations: {accept: 0.35, decline: 0.1, ignore: 0.55,
                delay: {min: 2h, max: 3d}, new_relation_delay: {min: 10m, max: 8h}}
  replies: {probability: 0.3, delay: {min: 10m, max: 1d}, texts: ["Thanks!"]}
limits:
  free: {weekly_invitations: 80, daily_invitations: 40, note_max_chars: 200, notes_per_month: 5}
  premium: {weekly_invitations: 100}
  withdrawn_invitation_cooldown: 21d
  messages_per_day: 100            # rolling 24 hours per account; null (default): no cap
  whatsapp_restriction: {unanswered_new_chats: 20, within: 1d, lasts: 1d}   # the default; null: off
```
An account's chat history is its `chats` key (scenario/messaging_schema.py).
Durations are seconds (a number) or text such as `90`, `90s`, `1.5h`, `3d`, `1h30m`
(scenario/durations.py).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from simulator.scenario.calendar_schema import CalendarBehaviourSpec
from simulator.scenario.durations import DurationMs
from simulator.scenario.email_schema import EmailBehaviourSpec, MailProvider
from simulator.scenario.job_schema import JobBehaviourSpec
from simulator.scenario.spec_base import DelaySpec, _Spec
from simulator.world.invitations import MAX_NEW_RELATION_DELAY_MS
from simulator.world.messaging import TEXT_MAX_CHARS
from simulator.world.plans import (
    DEFAULT_INMAIL_CREDITS,
    DEFAULT_INVITATION_LIMITS,
    DEFAULT_WITHDRAWN_COOLDOWN_MS,
    NOTE_MAX_CHARS,
    PLANS,
)

Distance = Literal["FIRST_DEGREE", "SECOND_DEGREE", "THIRD_DEGREE", "OUT_OF_NETWORK"]


class PersonSpec(_Spec):
    first_name: str = Field(min_length=1, max_length=60)
    last_name: str = Field(min_length=1, max_length=60)
    public_identifier: str | None = Field(default=None, pattern=r"^[a-z0-9-]{3,100}$")
    provider_id: str | None = Field(default=None, pattern=r"^ACoAA[A-Za-z0-9_-]{10,60}$")
    title: str | None = Field(default=None, min_length=1, description="Current job title.")
    company: str | None = Field(default=None, min_length=1, description="Current company.")
    headline: str | None = Field(
        default=None, min_length=1, description="`{title} at {company}` if omitted."
    )
    location: str | None = Field(default=None, min_length=1)
    industry: str | None = Field(default=None, min_length=1)
    summary: str | None = None
    premium: bool = False
    open_profile: bool = False
    distance: Distance | None = Field(
        default=None, description="From every LinkedIn account of the world; drawn when omitted."
    )
    connected_at: datetime | None = Field(
        default=None, description="When the relation was made (FIRST_DEGREE only)."
    )
    answer: Literal["accept", "decline", "ignore"] | None = Field(
        default=None,
        description="How this person answers invitations; behaviours decide if omitted.",
    )

    @model_validator(mode="after")
    def connected_only_if_related(self) -> PersonSpec:
        if self.connected_at is not None and self.distance != "FIRST_DEGREE":
            raise ValueError("connected_at needs distance: FIRST_DEGREE")
        return self


class PeopleSpec(_Spec):
    generate: int = Field(
        default=0, ge=0, le=10_000, description="How many members to draw from the seed."
    )
    listed: list[PersonSpec] = []

    @model_validator(mode="after")
    def listed_are_distinct(self) -> PeopleSpec:
        for key in ("public_identifier", "provider_id"):
            values = [getattr(p, key) for p in self.listed if getattr(p, key) is not None]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"two listed people share the {key} {duplicates[0]!r}")
        return self


class RelationsSpec(_Spec):
    per_account: int = Field(
        default=60, ge=0, le=50_000, description="1st-degree relations per account."
    )
    second_degree: float = Field(
        default=0.5, ge=0, le=1, description="Share of the others at 2nd degree."
    )
    third_degree: float = Field(
        default=0.3, ge=0, le=1, description="Share of the others at 3rd degree."
    )
    since_days: int = Field(
        default=1500, ge=1, le=20_000, description="Relations were made this far back."
    )

    @model_validator(mode="after")
    def shares_fit(self) -> RelationsSpec:
        if self.second_degree + self.third_degree > 1:
            raise ValueError("second_degree + third_degree must not exceed 1")
        return self


class WhatsappRestrictionSpec(_Spec):
    """WhatsApp's spam rule: `unanswered_new_chats` new conversations without a reply within
    `within` restrict the account for `lasts` (reference part 2 §3.2, §8)."""

    unanswered_new_chats: int = Field(default=20, ge=1, le=1_000_000)
    within: DurationMs = 86_400_000  # defaults are not parsed: ms
    lasts: DurationMs = 86_400_000


class WarmInvitationSpec(_Spec):
    """How people answer an account that reacted to or commented on one of their posts within
    `within` before inviting them."""

    accept: float = Field(default=0.8, ge=0, le=1_000_000)
    decline: float = Field(default=0.05, ge=0, le=1_000_000)
    ignore: float = Field(default=0.15, ge=0, le=1_000_000)
    delay: DelaySpec = DelaySpec(min="30m", max="1d")  # type: ignore[arg-type]
    within: DurationMs = 30 * 86_400_000  # defaults are not parsed: ms

    @model_validator(mode="after")
    def sensible(self) -> WarmInvitationSpec:
        if self.accept + self.decline + self.ignore <= 0:
            raise ValueError("at least one of accept, decline, ignore must be positive")
        return self


class InvitationBehaviourSpec(_Spec):
    """Relative weights of the invited person's answer, and when it comes."""

    accept: float = Field(default=0.35, ge=0, le=1_000_000)
    decline: float = Field(default=0.10, ge=0, le=1_000_000)
    ignore: float = Field(default=0.55, ge=0, le=1_000_000)
    delay: DelaySpec = DelaySpec(min="2h", max="3d")  # type: ignore[arg-type]
    new_relation_delay: DelaySpec = DelaySpec(min="10m", max="8h")  # type: ignore[arg-type]
    warm: WarmInvitationSpec | None = Field(
        None, description="Answers to an account that engaged with the person's posts first."
    )

    @model_validator(mode="after")
    def sensible(self) -> InvitationBehaviourSpec:
        if self.accept + self.decline + self.ignore <= 0:
            raise ValueError("at least one of accept, decline, ignore must be positive")
        if self.new_relation_delay.max > MAX_NEW_RELATION_DELAY_MS:
            raise ValueError("new_relation_delay.max: Unipile notices new relations within 8h")
        return self


ReplyText = Annotated[str, Field(min_length=1, max_length=TEXT_MAX_CHARS)]


class EditBehaviourSpec(_Spec):
    """How often a text reply is edited afterwards, when, and what it says then (`texts`
    empty: a stock list of corrections)."""

    probability: float = Field(default=0.0, ge=0, le=1)
    delay: DelaySpec = DelaySpec(min="1m", max="1h")  # type: ignore[arg-type]
    texts: list[ReplyText] = []


class DeleteBehaviourSpec(_Spec):
    """How often a reply is deleted for everyone afterwards, and when."""

    probability: float = Field(default=0.0, ge=0, le=1)
    delay: DelaySpec = DelaySpec(min="1m", max="1h")  # type: ignore[arg-type]


class ReplyBehaviourSpec(_Spec):
    """How people answer what an account sends them; `texts` empty: a stock list. A reply
    may be a voice note or (off LinkedIn) a sticker instead of a text, quote the account's
    last message, and be edited or deleted afterwards."""

    probability: float = Field(default=0.3, ge=0, le=1)
    delay: DelaySpec = DelaySpec(min="10m", max="1d")  # type: ignore[arg-type]
    texts: list[ReplyText] = []
    quote: float = Field(default=0.0, ge=0, le=1, description="Odds a reply quotes.")
    voice_notes: float = Field(default=0.0, ge=0, le=1, description="Odds of a voice note.")
    stickers: float = Field(default=0.0, ge=0, le=1, description="Odds of a sticker.")
    edit: EditBehaviourSpec = EditBehaviourSpec()
    delete: DeleteBehaviourSpec = DeleteBehaviourSpec()

    @model_validator(mode="after")
    def one_form(self) -> ReplyBehaviourSpec:
        if self.voice_notes + self.stickers > 1:
            raise ValueError("voice_notes + stickers must not exceed 1")
        return self


class ReactionBehaviourSpec(_Spec):
    """How often people react to a message an account sends, when, and with what (`values`
    empty: 👍 ❤️ 😂 😮 🙏)."""

    probability: float = Field(default=0.0, ge=0, le=1)
    delay: DelaySpec = DelaySpec(min="1m", max="6h")  # type: ignore[arg-type]
    values: list[Annotated[str, Field(min_length=1, max_length=32)]] = []


class ReadBehaviourSpec(_Spec):
    """Off LinkedIn, how the other side reads what an account sends (read receipts: `seen`,
    `message_read`); a reply reads everything before it anyway."""

    probability: float = Field(default=0.8, ge=0, le=1)
    delay: DelaySpec = DelaySpec(min="1m", max="6h")  # type: ignore[arg-type]


class ProviderBehavioursSpec(_Spec):
    """One provider's own replies, reads and reactions, instead of the scenario's."""

    replies: ReplyBehaviourSpec | None = None
    reads: ReadBehaviourSpec | None = None
    reactions: ReactionBehaviourSpec | None = None


class CountRangeSpec(_Spec):
    min: int = Field(0, ge=0, le=10_000)
    max: int = Field(0, ge=0, le=10_000)

    @model_validator(mode="after")
    def ordered(self) -> CountRangeSpec:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class PostBehaviourSpec(_Spec):
    """How many members react to and comment on each post an account publishes (drawn
    between the bounds), and when."""

    reactions: CountRangeSpec = CountRangeSpec()
    comments: CountRangeSpec = CountRangeSpec()
    delay: DelaySpec = DelaySpec(min="10m", max="2d")  # type: ignore[arg-type]


class BehavioursSpec(_Spec):
    invitations: InvitationBehaviourSpec = InvitationBehaviourSpec()
    replies: ReplyBehaviourSpec = ReplyBehaviourSpec()
    reads: ReadBehaviourSpec = ReadBehaviourSpec()
    reactions: ReactionBehaviourSpec = ReactionBehaviourSpec()
    email: EmailBehaviourSpec = Field(
        EmailBehaviourSpec(), description="What the people an account emails do."
    )
    posts: PostBehaviourSpec = Field(
        PostBehaviourSpec(), description="How the network answers an account's posts."
    )
    calendar: CalendarBehaviourSpec = Field(
        CalendarBehaviourSpec(),
        description="How invited attendees answer an event (scenario/calendar_schema.py).",
    )
    jobs: JobBehaviourSpec = Field(
        JobBehaviourSpec(),
        description="How people apply to the accounts' job postings (scenario/job_schema.py).",
    )
    providers: dict[
        Literal["LINKEDIN", "WHATSAPP", "INSTAGRAM", "TELEGRAM", "MESSENGER"],
        ProviderBehavioursSpec,
    ] = Field(
        default_factory=dict,
        description="Per provider, replies, reads and reactions that differ from the scenario's.",
    )


def _nothing_required(schema: dict[str, Any]) -> None:
    schema.pop("required", None)


class PlanLimitsSpec(_Spec):
    """Every field is filled from the plan's defaults before validation (`LimitsSpec`), so a
    scenario may give any of them; the JSON schema says so."""

    model_config = ConfigDict(json_schema_extra=_nothing_required)

    weekly_invitations: int | None = Field(
        ge=0, le=1_000_000, description="Rolling 7 days; null: no cap."
    )
    daily_invitations: int | None = Field(
        ge=0, le=1_000_000, description="Rolling 24 hours; null: no cap."
    )
    note_max_chars: int = Field(ge=0, le=NOTE_MAX_CHARS)
    notes_per_month: int | None = Field(
        ge=0, le=1_000_000, description="Notes per rolling 30 days; null: no cap."
    )


class InmailCreditsSpec(_Spec):
    premium: int = Field(default=DEFAULT_INMAIL_CREDITS["premium"], ge=0, le=1_000_000)
    sales_navigator: int = Field(
        default=DEFAULT_INMAIL_CREDITS["sales_navigator"], ge=0, le=1_000_000
    )
    recruiter: int = Field(default=DEFAULT_INMAIL_CREDITS["recruiter"], ge=0, le=1_000_000)


class LimitsSpec(_Spec):
    """Per-plan limits; a plan you give in part keeps the defaults for the rest."""

    free: PlanLimitsSpec = Field(default_factory=lambda: _plan_spec("free"))
    premium: PlanLimitsSpec = Field(default_factory=lambda: _plan_spec("premium"))
    sales_navigator: PlanLimitsSpec = Field(default_factory=lambda: _plan_spec("sales_navigator"))
    recruiter: PlanLimitsSpec = Field(default_factory=lambda: _plan_spec("recruiter"))
    inmail_credits: InmailCreditsSpec = InmailCreditsSpec()
    withdrawn_invitation_cooldown: DurationMs = (
        DEFAULT_WITHDRAWN_COOLDOWN_MS  # defaults are not parsed: ms
    )
    messages_per_day: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Per account, rolling 24 hours; null: no cap."
    )
    profile_views_per_day: int | None = Field(
        default=None, ge=0, le=1_000_000,
        description="Per LinkedIn account, rolling 24 hours (GET /users/{id} is a view); null: "
        "no cap (LinkedIn's guidance: 80 to 100).",
    )
    comments_per_day: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Per account, rolling 24 hours; null: no cap."
    )
    reactions_per_day: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Per account, rolling 24 hours; null: no cap."
    )
    emails_per_day: dict[MailProvider, Annotated[int, Field(ge=0, le=1_000_000)] | None] = Field(
        default_factory=dict,
        description="Per email account, rolling 24 hours, by provider; null: no cap. Unset: "
        "GOOGLE_OAUTH 500, OUTLOOK and EXCHANGE 10000, ICLOUD 1000, MAIL no cap.",
    )
    whatsapp_restriction: WhatsappRestrictionSpec | None = Field(
        default_factory=lambda: WhatsappRestrictionSpec(),
        description="WhatsApp restricts an account that opens many conversations nobody "
        "answers; null: never.",
    )

    @model_validator(mode="before")
    @classmethod
    def fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        for plan in PLANS:
            given = filled.get(plan, {})
            if isinstance(given, dict):
                filled[plan] = _plan_defaults(plan) | given
        return filled


def _plan_defaults(plan: str) -> dict[str, Any]:
    limits = asdict(DEFAULT_INVITATION_LIMITS[plan])
    return {
        "weekly_invitations": limits["weekly"],
        "daily_invitations": limits["daily"],
        "note_max_chars": limits["note_max_chars"],
        "notes_per_month": limits["notes_per_month"],
    }


def _plan_spec(plan: str) -> PlanLimitsSpec:
    return PlanLimitsSpec(**_plan_defaults(plan))
