"""Chats: one account's conversations, their read state, and the book that indexes them.

A chat lists its messages newest first; the book lists an account's chats by their latest
activity, newest first, so a chat moves to the top when a message arrives. Read state is two
markers, not a flag on every message: inbound messages from `unread_since` on are unseen, and
an outbound message counts as seen once the other side has written after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.world.attendees import Attendee
from simulator.world.errors import ApiError
from simulator.world.index import OrderedIndex, PageSlice, page_across
from simulator.world.messages import Message, MessageKey

ChatKey = tuple[int, int]  # (timestamp of the latest message, chat seq)
LINKEDIN_APIS = ("classic", "sales_navigator", "recruiter")
FOLDERS = {
    "classic": ("INBOX", "INBOX_LINKEDIN_CLASSIC"),
    "sales_navigator": ("INBOX_LINKEDIN_SALES_NAVIGATOR",),
    "recruiter": ("INBOX_LINKEDIN_RECRUITER",),
}


@dataclass(frozen=True, slots=True)
class ChatSeed:
    """A chat of the scenario's history, compiled once per (scenario, seed) and shared."""

    id: str
    account_id: str
    account_type: str
    provider_id: str
    attendees: tuple[Attendee, ...]
    seq: int
    api: str
    content_type: str | None  # "inmail" for a conversation an InMail opened
    name: str | None
    subject: str | None
    messages: tuple[Message, ...]  # oldest first, at least one
    unread_count: int  # the newest inbound messages still unread
    disabled_features: tuple[str, ...] = ()  # "reactions", "reply"


@dataclass(slots=True)
class Chat:
    id: str
    account_id: str
    account_type: str
    provider_id: str
    attendees: tuple[Attendee, ...]  # everyone but the account itself
    seq: int
    # The LinkedIn product the chat lives in (classic, sales_navigator, recruiter); on other
    # providers, the provider's one inbox (`whatsapp`...).
    api: str
    content_type: str | None
    name: str | None
    subject: str | None
    messages: OrderedIndex[MessageKey] = field(
        default_factory=lambda: OrderedIndex(newest_first=True)
    )
    last_message: Message | None = None
    unread_count: int = 0
    unread_since: MessageKey | None = None  # the oldest unread inbound message
    last_inbound: MessageKey | None = None
    # Off LinkedIn, receipts of what the account sent: delivered, then read by the other side,
    # up to these keys (LinkedIn shows every message delivered).
    delivered_up_to: MessageKey | None = None
    read_up_to: MessageKey | None = None
    last_outbound: MessageKey | None = None
    disabled_features: tuple[str, ...] = ()  # what the chat does not allow: reactions, reply
    group: bool = False  # a group down to one other member stays a group

    @property
    def is_group(self) -> bool:
        return self.group or len(self.attendees) > 1

    @property
    def folder(self) -> tuple[str, ...]:
        return FOLDERS.get(self.api, ("INBOX",))

    @property
    def timestamp_ms(self) -> int | None:
        return self.last_message.timestamp_ms if self.last_message is not None else None

    @property
    def key(self) -> ChatKey:
        return (self.timestamp_ms or 0, self.seq)

    def record(self, message: Message) -> None:
        """A message joins the chat; an inbound one is unread until the chat is read."""
        key = message.key
        self.messages.add(key, message.id)
        if self.last_message is None or key > self.last_message.key:
            self.last_message = message
        if message.is_sender:
            if self.last_outbound is None or key > self.last_outbound:
                self.last_outbound = key
        else:
            if self.last_inbound is None or key > self.last_inbound:
                self.last_inbound = key
            if self.unread_count == 0:
                self.unread_since = key
            self.unread_count += 1

    def mark_read(self) -> bool:
        """True when something was unread."""
        changed = self.unread_count > 0
        self.unread_count, self.unread_since = 0, None
        return changed

    def mark_unread(self) -> bool:
        """LinkedIn's "mark as unread": the chat counts one unread message, the latest inbound."""
        if self.unread_count > 0:
            return False
        self.unread_count, self.unread_since = 1, self.last_inbound
        return True

    def seen(self, message: Message) -> bool:
        """Inbound: the account read it. Outbound: the other side wrote after it, or (off
        LinkedIn) its read receipt came."""
        key = message.key
        if message.is_sender:
            return (self.last_inbound is not None and self.last_inbound > key) or (
                self.read_up_to is not None and key <= self.read_up_to
            )
        return self.unread_since is None or key < self.unread_since

    def delivered(self, message: Message) -> bool:
        """What the account sent is delivered once its receipt came (or it was seen); every
        other message is."""
        if self.account_type == "LINKEDIN" or not message.is_sender:
            return True
        key = message.key
        return (self.delivered_up_to is not None and key <= self.delivered_up_to) or self.seen(
            message
        )

    @classmethod
    def from_seed(cls, seed: ChatSeed) -> Chat:
        chat = cls(
            seed.id,
            seed.account_id,
            seed.account_type,
            seed.provider_id,
            seed.attendees,
            seed.seq,
            seed.api,
            seed.content_type,
            seed.name,
            seed.subject,
            disabled_features=seed.disabled_features,
        )
        for message in seed.messages:
            chat.record(message)
        chat.mark_read()
        chat.delivered_up_to = chat.last_outbound  # history: everything sent arrived
        unread = 0
        for message in reversed(seed.messages):
            if unread == seed.unread_count:
                break
            if not message.is_sender:
                unread += 1
                chat.unread_since = message.key
        chat.unread_count = unread
        return chat


class ChatBook:
    """Every chat of one world: by id and provider id, per account by latest activity, per
    attendee, and each account's 1:1 chat with a member in each LinkedIn product."""

    def __init__(self) -> None:
        self._by_id: dict[str, Chat] = {}
        self._by_provider_id: dict[tuple[str, str], Chat] = {}
        self._per_account: dict[str, OrderedIndex[ChatKey]] = {}
        self._per_attendee: dict[str, list[Chat]] = {}
        self._one_to_one: dict[tuple[str, str, str], Chat] = {}
        self.next_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, chat: Chat) -> Chat:
        self._by_id[chat.id] = chat
        self._by_provider_id[(chat.account_id, chat.provider_id)] = chat
        index = self._per_account.get(chat.account_id)
        if index is None:
            index = self._per_account[chat.account_id] = OrderedIndex(newest_first=True)
        index.add(chat.key, chat.id)
        for attendee in chat.attendees:
            self._per_attendee.setdefault(attendee.id, []).append(chat)
        if not chat.is_group:
            member = chat.attendees[0].provider_id
            self._one_to_one.setdefault((chat.account_id, member, chat.api), chat)
        self.next_seq = max(self.next_seq, chat.seq + 1)
        return chat

    def moved(self, chat: Chat) -> None:
        """The chat's latest activity changed: it moves in its account's list."""
        index = self._per_account[chat.account_id]
        index.remove(chat.id)
        index.add(chat.key, chat.id)

    def find(self, chat_id: str) -> Chat | None:
        return self._by_id.get(chat_id)

    def get(self, chat_id: str, account_id: str | None = None) -> Chat:
        """A chat by its Unipile id, or by its provider id within `account_id`."""
        chat = self._by_id.get(chat_id)
        if chat is None and account_id is not None:
            chat = self._by_provider_id.get((account_id, chat_id))
        if chat is None or (account_id is not None and chat.account_id != account_id):
            raise ApiError("resource_not_found", f"Chat not found (chat_id {chat_id!r})")
        return chat

    def one_to_one(self, account_id: str, provider_id: str, api: str) -> Chat | None:
        return self._one_to_one.get((account_id, provider_id, api))

    def page(
        self,
        account_ids: list[str],
        after: ChatKey | None,
        limit: int,
        keep: Callable[[str], bool] | None = None,
        bound: ChatKey | None = None,
    ) -> PageSlice:
        indexes = [self._per_account[a] for a in account_ids if a in self._per_account]
        return page_across(indexes, after, limit, keep=keep, bound=bound)

    def of_attendee(self, attendee_id: str) -> list[Chat]:
        return list(self._per_attendee.get(attendee_id, ()))

    def forget_account(self, account_id: str) -> None:
        index = self._per_account.pop(account_id, None)
        if index is None:
            return
        for chat_id in index.page(None, len(index)).ids:
            chat = self._by_id.pop(chat_id)
            del self._by_provider_id[(chat.account_id, chat.provider_id)]
            for attendee in chat.attendees:
                self._per_attendee.pop(attendee.id, None)
        self._one_to_one = {k: v for k, v in self._one_to_one.items() if k[0] != account_id}
