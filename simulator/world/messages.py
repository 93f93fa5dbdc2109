"""Messages and their attachments: immutable records, and the log that indexes them.

A world may hold a million messages, so a message is a small slotted record: the chat id, the
account id and the message type are references to strings shared by every message of the chat,
its sender is a reference to the shared attendee record, and what a message can derive (its
provider id, world/provider_ids.py; whether it was seen) is computed when it is rendered. Seeded history is compiled
once per (scenario, seed) and its records are shared by every world made from it.

The log indexes every message by account and by sender, newest first on `(timestamp, seq)`;
each chat indexes its own (world/chats.py). A page costs O(log n + limit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.world.attendees import Attendee
from simulator.world.errors import ApiError
from simulator.world.index import OrderedIndex, PageSlice, page_across

MessageKey = tuple[int, int]  # (timestamp_ms, seq): unique in a world
ATTACHMENT_KINDS = ("img", "video", "audio", "file")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message; its bytes are kept and served back as they came."""

    id: str
    kind: str  # img | video | audio | file (reference §5.4)
    file_name: str
    mimetype: str
    content: bytes
    width: int = 0  # img and video
    height: int = 0
    voice_note: bool = False  # audio sent as `voice_message`
    sticker: bool = False  # an image sent as a sticker
    duration_s: int | None = None  # audio, when its length is known

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    chat_id: str
    account_id: str
    sender: Attendee
    key: MessageKey  # (timestamp_ms, seq): one tuple, shared by every index of the message
    text: str | None
    attachments: tuple[Attachment, ...] = ()
    message_type: str = "MESSAGE"  # MESSAGE, or INMAIL for the message an InMail opens with
    subject: str | None = None
    forwarded: bool = False  # WhatsApp: sent with POST /messages/{id}/forward
    event_type: int | None = None  # a group's system message (3 GROUP_CREATE...); None: a message
    quoted_id: str | None = None  # the message this one quotes (`quote_id`)

    @property
    def is_sender(self) -> bool:
        return self.sender.is_self

    @property
    def timestamp_ms(self) -> int:
        return self.key[0]

    def attachment(self, attachment_id: str) -> Attachment:
        for attachment in self.attachments:
            if attachment.id == attachment_id:
                return attachment
        raise ApiError(
            "resource_not_found", f"Attachment not found (attachment_id {attachment_id!r})"
        )


class MessageLog:
    """Every message of one world, by id, per account and per sender."""

    def __init__(self) -> None:
        self._by_id: dict[str, Message] = {}
        self._per_account: dict[str, OrderedIndex[MessageKey]] = {}
        self._per_sender: dict[str, OrderedIndex[MessageKey]] = {}
        self.next_seq = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, message: Message) -> None:
        key = message.key
        self._by_id[message.id] = message
        _index_in(self._per_account, message.account_id).add(key, message.id)
        _index_in(self._per_sender, message.sender.id).add(key, message.id)
        if key[1] >= self.next_seq:
            self.next_seq = key[1] + 1

    def find(self, message_id: str) -> Message | None:
        return self._by_id.get(message_id)

    def get(self, message_id: str) -> Message:
        message = self._by_id.get(message_id)
        if message is None:
            raise ApiError("resource_not_found", f"Message not found (message_id {message_id!r})")
        return message

    def page_of_accounts(
        self,
        account_ids: list[str],
        after: MessageKey | None,
        limit: int,
        bound: MessageKey | None = None,
    ) -> PageSlice:
        indexes = [self._per_account[a] for a in account_ids if a in self._per_account]
        return page_across(indexes, after, limit, bound=bound)

    def page_of_senders(
        self,
        sender_ids: list[str],
        after: MessageKey | None,
        limit: int,
        bound: MessageKey | None = None,
        keep: Callable[[str], bool] | None = None,
    ) -> PageSlice:
        indexes = [self._per_sender[s] for s in sender_ids if s in self._per_sender]
        return page_across(indexes, after, limit, keep=keep, bound=bound)

    def forget_account(self, account_id: str, sender_ids: list[str]) -> None:
        index = self._per_account.pop(account_id, None)
        for sender_id in sender_ids:
            self._per_sender.pop(sender_id, None)
        if index is not None:
            for message_id in index.page(None, len(index)).ids:
                del self._by_id[message_id]


def _index_in(indexes: dict[str, OrderedIndex[MessageKey]], owner: str) -> OrderedIndex[MessageKey]:
    index = indexes.get(owner)
    if index is None:
        index = indexes[owner] = OrderedIndex(newest_first=True)
    return index
