"""Scenario keys of messaging: an account's `chats` (history before the world starts), on
LinkedIn, WhatsApp, Instagram, Telegram and Messenger accounts.

```yaml
accounts:
  - provider: LINKEDIN
    plan: premium
    chats:
      generate: 12                    # chats with relations, drawn from the seed
      messages: {min: 2, max: 8}      # messages in each generated chat
      within: 60d                     # generated chats happened in the 60 days before the start
      unread: 0.3                     # share of generated chats the other side wrote last, unread
      threads:                        # chats you write out
        - id: chat-with-ana           # optional fixed id (a timeline `message` names it)
          with: ana-silva             # public identifier or provider id; a list: a group chat
          messages:
            - {from: them, text: "Hi! Saw your talk.", ago: 3d}
            - {from: me, text: "Thanks Ana!", ago: 2d}
            - {from: them, text: "Coffee next week?"}    # 10 minutes after the one before
  - provider: WHATSAPP
    chats:
      generate: 5                     # chats with members on WhatsApp, drawn from the seed
      threads:
        - with: ana-silva             # a listed person: their WhatsApp number is derived
          messages: [{from: them, text: "Sent you the slides", ago: 1h}]
        - with: [ana-silva, jane-doe] # a group; `subject` names it
          subject: Robotics meetup
          messages: [{from: jane-doe, text: "See you Thursday!", ago: 3h}]
```
Off LinkedIn, `api`, `inmail` and a 1:1 `subject` do not apply, and groups exist on WhatsApp
and Telegram only (world/provider_rules.py).
How people answer (`behaviours.replies`) and the daily cap (`limits.messages_per_day`) are
network keys (scenario/network_schema.py).
A listed message without `at` or `ago` comes 10 minutes after the one before it (the first one
a day before the start). `unread` of a listed thread counts its newest inbound messages still
unread; by default, those the other side wrote after the account's last message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from simulator.clock import epoch_ms
from simulator.scenario.durations import DurationMs
from simulator.scenario.network_schema import PeopleSpec
from simulator.scenario.spec_base import _Spec
from simulator.world.contacts import MESSAGING_PROVIDERS
from simulator.world.messaging import SUBJECT_MAX_CHARS, TEXT_MAX_CHARS
from simulator.world.provider_rules import RULES

MemberRef = str  # a public identifier or a provider id of someone in `people`
MAX_GENERATED_MESSAGES = 200_000  # per account: compiling stays within a second or two


class ThreadMessageSpec(_Spec):
    sender: str = Field(
        alias="from",
        min_length=1,
        description="me, them, or (in a group chat) a participant's identifier.",
    )
    text: str = Field(min_length=1, max_length=TEXT_MAX_CHARS)
    at: datetime | None = Field(default=None, description="When it was sent (before the start).")
    ago: DurationMs | None = Field(default=None, description="How long before the start.")

    @model_validator(mode="after")
    def one_time(self) -> ThreadMessageSpec:
        if self.at is not None and self.ago is not None:
            raise ValueError("give at or ago, not both")
        return self


class ThreadSpec(_Spec):
    id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="Fixed chat id (timeline `message` entries name it); generated if omitted.",
    )
    with_: MemberRef | list[MemberRef] = Field(
        alias="with", description="Who the chat is with; a list of two or more: a group chat."
    )
    api: Literal["classic", "sales_navigator", "recruiter"] = Field(
        default="classic", description="The LinkedIn inbox the chat lives in."
    )
    inmail: bool = Field(default=False, description="The chat was opened by an InMail.")
    subject: str | None = Field(default=None, min_length=1, max_length=SUBJECT_MAX_CHARS)
    unread: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Newest inbound messages still unread."
    )
    disabled_features: list[Literal["reactions", "reply"]] = Field(
        default=[],
        description="What the chat does not allow (its `disabledFeatures`): reactions, replies "
        "that quote.",
    )
    messages: list[ThreadMessageSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def sensible(self) -> ThreadSpec:
        if isinstance(self.with_, list) and not 2 <= len(self.with_) <= 20:
            raise ValueError("a group chat has 2 to 20 other participants")
        if isinstance(self.with_, list) and self.api != "classic":
            raise ValueError("group chats live in the classic inbox")
        return self


class MessageCountSpec(_Spec):
    min: int = Field(ge=1, le=10_000)
    max: int = Field(ge=1, le=10_000)

    @model_validator(mode="after")
    def ordered(self) -> MessageCountSpec:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class ChatsSpec(_Spec):
    generate: int = Field(
        default=0, ge=0, le=10_000, description="Chats with relations, drawn from the seed."
    )
    messages: MessageCountSpec = Field(
        default=MessageCountSpec(min=2, max=8), description="Messages in each generated chat."
    )
    within: DurationMs = Field(
        default=60 * 86_400_000,  # defaults are not parsed: ms
        description="Generated chats happened within this span before the start.",
    )
    unread: float = Field(
        default=0.3, ge=0, le=1, description="Share of generated chats ending unread."
    )
    threads: list[ThreadSpec] = []

    @model_validator(mode="after")
    def bounded(self) -> ChatsSpec:
        if self.generate * self.messages.max > MAX_GENERATED_MESSAGES:
            raise ValueError(
                f"generate x messages.max: at most {MAX_GENERATED_MESSAGES:,} generated messages "
                "per account"
            )
        return self


LISTED_GAP_MS = 10 * 60_000  # a listed message without a time: 10 minutes after the one before
FIRST_LISTED_AGO_MS = 86_400_000  # the first one without a time: a day before the start
_PLAN_PRODUCTS = {
    "free": {"classic"},
    "premium": {"classic"},
    "sales_navigator": {"classic", "sales_navigator"},
    "recruiter": {"classic", "recruiter"},
}


def thread_members(thread: ThreadSpec) -> list[str]:
    return list(thread.with_) if isinstance(thread.with_, list) else [thread.with_]


def thread_times(thread: ThreadSpec, start_ms: int) -> list[int]:
    """When each listed message was sent, in epoch ms."""
    times: list[int] = []
    for message in thread.messages:
        if message.at is not None:
            times.append(epoch_ms(message.at))
        elif message.ago is not None:
            times.append(start_ms - message.ago)
        elif times:
            times.append(times[-1] + LISTED_GAP_MS)
        else:
            times.append(start_ms - FIRST_LISTED_AGO_MS)
    return times


def check_account_chats(chats: ChatsSpec, provider: str, plan: str) -> None:
    if provider not in MESSAGING_PROVIDERS:
        raise ValueError(
            f"chats: {provider} accounts have no chats (chats live on "
            f"{', '.join(MESSAGING_PROVIDERS)} accounts)"
        )
    if provider != "LINKEDIN":
        for position, thread in enumerate(chats.threads):
            where = f"chats.threads.{position}"
            if thread.api != "classic" or thread.inmail:
                raise ValueError(f"{where}: api and inmail are LinkedIn's, not {provider}'s")
            if isinstance(thread.with_, list) and not RULES[provider].group_chats:
                raise ValueError(f"{where}.with: {provider} chats have one other participant")
            if thread.subject is not None and not isinstance(thread.with_, list):
                raise ValueError(f"{where}.subject: off LinkedIn, only a group has a subject")
        return
    for position, thread in enumerate(chats.threads):
        if thread.api not in _PLAN_PRODUCTS[plan]:
            raise ValueError(
                f"chats.threads.{position}.api: a {plan} account has no {thread.api} inbox"
            )


def check_threads(accounts: list[Any], people: PeopleSpec, start: datetime) -> None:
    """Threads name listed people, in time order, before the world starts."""
    # Either name of a listed person leads to the same person (their position in the list).
    known = {p.public_identifier: n for n, p in enumerate(people.listed) if p.public_identifier}
    known |= {p.provider_id: n for n, p in enumerate(people.listed) if p.provider_id}
    start_ms = epoch_ms(start)
    chat_ids: set[str] = set()
    for account_position, account in enumerate(accounts):
        if account.chats is None:
            continue
        one_to_one: set[tuple[int, str]] = set()
        for position, thread in enumerate(account.chats.threads):
            where = f"accounts.{account_position}.chats.threads.{position}"
            if thread.id is not None:
                if thread.id in chat_ids:
                    raise ValueError(f"{where}.id: {thread.id!r} is used twice")
                chat_ids.add(thread.id)
            members = thread_members(thread)
            for member in members:
                if member not in known:
                    raise ValueError(
                        f"{where}.with: no listed person is {member!r} (name people of "
                        "people.listed by public_identifier or provider_id)"
                    )
            people_named = [known[member] for member in members]
            if len(set(people_named)) != len(people_named):
                raise ValueError(f"{where}.with: a participant is named twice")
            if len(members) == 1:
                if (people_named[0], thread.api) in one_to_one:
                    raise ValueError(
                        f"{where}.with: a second 1:1 chat with {members[0]!r} in the "
                        f"{thread.api} inbox (one per person and inbox)"
                    )
                one_to_one.add((people_named[0], thread.api))
            senders = {"me", "them", *members} if len(members) > 1 else {"me", "them"}
            for index, message in enumerate(thread.messages):
                if message.sender not in senders:
                    raise ValueError(
                        f"{where}.messages.{index}.from: {message.sender!r} is not me, them "
                        "or a participant of the chat"
                    )
            times = thread_times(thread, start_ms)
            for index, at_ms in enumerate(times):
                if at_ms > start_ms:
                    raise ValueError(
                        f"{where}.messages.{index}: after the world starts (history comes before "
                        "clock.start)"
                    )
                if index and at_ms < times[index - 1]:
                    raise ValueError(
                        f"{where}.messages.{index}: earlier than the message before it"
                    )
