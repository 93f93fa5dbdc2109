"""Emails and one account's mailbox: the records, their state, and the indexes that list them.

An email is an immutable record (its history is compiled once per scenario and seed, and shared
by every world of it); what changes in a world (the folders it is in, when it was read) lives in
the mailbox's state. The mailbox indexes its emails newest first on `(date_ms, seq)`: overall,
per folder, per thread, per sender and per recipient, so a page costs O(log n + limit) whatever
the mailbox holds; filters no index answers are checked on the way (`keep`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.world.errors import ApiError
from simulator.world.index import OrderedIndex, PageSlice, SmallIndex
from simulator.world.mail_folders import FOLDER_MODEL, Folder, folders_of, role_of

EmailKey = tuple[int, int]  # (date_ms, seq)
EmailIndex = OrderedIndex[EmailKey] | SmallIndex


@dataclass(frozen=True, slots=True)
class Address:
    identifier: str  # the email address
    display_name: str | None = None


@dataclass(frozen=True, slots=True)
class MailAttachment:
    id: str
    name: str  # with its extension
    mime: str
    content: bytes
    cid: str | None = None  # an inline image's Content-ID

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""


@dataclass(frozen=True, slots=True)
class Email:
    id: str
    account_id: str
    key: EmailKey
    message_id: str  # RFC 822 Message-ID, with its angle brackets
    uid: str  # the provider's own id of the email
    thread_id: str
    subject: str
    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    body: str = ""  # HTML, or plain text when the sender wrote none
    body_plain: str = ""
    attachments: tuple[MailAttachment, ...] = ()
    folders: tuple[str, ...] = ("INBOX",)  # provider ids of the folders it starts in
    read_ms: int | None = None  # when it was read, at the start
    origin: str = "external"  # or "unipile": sent through the API
    in_reply_to: str | None = None  # the Unipile id of the email it answers
    tracking_id: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def date_ms(self) -> int:
        return self.key[0]

    @property
    def provider_id(self) -> str:
        """Unipile's JSON-encoded provider id (reference part 2 §2.2)."""
        return json.dumps({"message_id": self.message_id, "uid": self.uid}, separators=(",", ":"))

    def attachment(self, attachment_id: str) -> MailAttachment:
        for attachment in self.attachments:
            if attachment.id == attachment_id:
                return attachment
        raise ApiError(
            "resource_not_found",
            f"Email or attachment not found (attachment_id {attachment_id!r})",
        )


@dataclass(slots=True)
class EmailState:
    """What happened to an email in this world: where it is now and when it was read."""

    folders: tuple[str, ...]
    read_ms: int | None


@dataclass(frozen=True, slots=True)
class EmailQuery:
    """Filters of `GET /emails` (reference part 2 §2.1); instants are exclusive bounds."""

    folder: str | None = None  # a folder's provider id
    role: str | None = None
    sender: str | None = None  # `from`
    recipient: str | None = None  # `to`: to, cc or bcc
    any_email: tuple[str, ...] = ()  # sent to or received from any of them
    message_id: str | None = None
    thread_id: str | None = None
    before_ms: int | None = None
    after_ms: int | None = None


def _index_in(indexes: dict[str, OrderedIndex[EmailKey]], owner: str) -> OrderedIndex[EmailKey]:
    index = indexes.get(owner)
    if index is None:
        index = indexes[owner] = OrderedIndex(newest_first=True)
    return index


@dataclass
class Mailbox:
    account_id: str
    account_type: str
    folders: tuple[Folder, ...]
    emails: dict[str, Email] = field(default_factory=dict)
    state: dict[str, EmailState] = field(default_factory=dict)  # only what changed
    everything: OrderedIndex[EmailKey] = field(
        default_factory=lambda: OrderedIndex(newest_first=True)
    )
    per_folder: dict[str, OrderedIndex[EmailKey]] = field(default_factory=dict)
    per_thread: dict[str, SmallIndex] = field(default_factory=dict)  # threads are short
    per_sender: dict[str, OrderedIndex[EmailKey]] = field(default_factory=dict)
    per_recipient: dict[str, OrderedIndex[EmailKey]] = field(default_factory=dict)
    by_message_id: dict[str, str] = field(default_factory=dict)
    by_uid: dict[str, str] = field(default_factory=dict)
    next_seq: int = 0

    @classmethod
    def empty(cls, account_id: str, account_type: str) -> Mailbox:
        return cls(account_id, account_type, folders_of(account_id, account_type))

    @property
    def model(self) -> str:
        return FOLDER_MODEL[self.account_type]

    # -- writing ------------------------------------------------------------------------------

    def add(self, email: Email) -> None:
        key, email_id = email.key, email.id
        self.emails[email_id] = email
        self.everything.add(key, email_id)
        for folder in email.folders:
            _index_in(self.per_folder, folder).add(key, email_id)
        thread = self.per_thread.get(email.thread_id)
        if thread is None:
            thread = self.per_thread[email.thread_id] = SmallIndex(newest_first=True)
        thread.add(key, email_id)
        _index_in(self.per_sender, email.sender.identifier.lower()).add(key, email_id)
        for recipient in {a.identifier.lower() for a in (*email.to, *email.cc, *email.bcc)}:
            _index_in(self.per_recipient, recipient).add(key, email_id)
        self.by_message_id[email.message_id] = email_id
        self.by_uid[email.uid] = email_id
        self.next_seq = max(self.next_seq, key[1] + 1)

    def remove(self, email: Email) -> None:
        """Out of every index (a draft that was sent); the record is gone from this mailbox."""
        email_id = email.id
        for folder in self.folders_of(email):
            self.per_folder[folder].remove(email_id)
        self.everything.remove(email_id)
        self.per_thread[email.thread_id].remove(email_id)
        self.per_sender[email.sender.identifier.lower()].remove(email_id)
        for recipient in {a.identifier.lower() for a in (*email.to, *email.cc, *email.bcc)}:
            self.per_recipient[recipient].remove(email_id)
        self.by_message_id.pop(email.message_id, None)
        self.by_uid.pop(email.uid, None)
        self.state.pop(email_id, None)
        del self.emails[email_id]

    def move(self, email: Email, folders: tuple[str, ...]) -> None:
        """Into exactly these folders (provider ids)."""
        before = self.folders_of(email)
        for folder in before:
            if folder not in folders:
                self.per_folder[folder].remove(email.id)
        for folder in folders:
            if folder not in before:
                _index_in(self.per_folder, folder).add(email.key, email.id)
        self._state(email).folders = folders

    def set_read(self, email: Email, read_ms: int | None) -> None:
        self._state(email).read_ms = read_ms

    def _state(self, email: Email) -> EmailState:
        state = self.state.get(email.id)
        if state is None:
            state = self.state[email.id] = EmailState(email.folders, email.read_ms)
        return state

    # -- reading ------------------------------------------------------------------------------

    def folders_of(self, email: Email) -> tuple[str, ...]:
        state = self.state.get(email.id)
        return state.folders if state is not None else email.folders

    def read_ms_of(self, email: Email) -> int | None:
        state = self.state.get(email.id)
        return state.read_ms if state is not None else email.read_ms

    def folder_records(self, email: Email) -> tuple[Folder, ...]:
        wanted = self.folders_of(email)
        return tuple(f for f in self.folders if f.provider_id in wanted)

    def role_of(self, email: Email) -> str:
        return role_of(self.folder_records(email), self.model)

    def by_provider_id(self, provider_id: str) -> Email | None:
        """The JSON `provider_id`, or its bare uid."""
        uid = _uid_of(provider_id)
        found = self.by_uid.get(uid) if uid is not None else None
        return self.emails.get(found) if found is not None else None

    def folder(self, folder_id: str) -> Folder | None:
        for folder in self.folders:
            if folder_id in (folder.id, folder.provider_id):
                return folder
        return None

    def count_in(self, folder: Folder) -> int:
        index = self.per_folder.get(folder.provider_id)
        return len(index) if index is not None else 0

    def page(self, query: EmailQuery, after: EmailKey | None, limit: int) -> PageSlice:
        index, keep = self._plan(query)
        if index is None:
            return PageSlice([], None)
        bound = (query.after_ms, 2**62) if query.after_ms is not None else None
        start = after
        if query.before_ms is not None:
            before = (query.before_ms, -1)
            start = before if after is None or before < after else after
        return index.page(start, limit, keep, bound)

    def _plan(
        self, query: EmailQuery
    ) -> tuple[EmailIndex | None, Callable[[str], bool] | None]:
        """The narrowest index for the query, and a check for the filters it does not answer."""
        checks: list[Callable[[Email], bool]] = []
        index: EmailIndex | None = self.everything
        chosen = False
        if query.message_id is not None:
            found = self.by_message_id.get(query.message_id)
            index = OrderedIndex(newest_first=True)
            if found is not None:
                index.add(self.emails[found].key, found)
            chosen = True
        for indexes, value in (
            (self.per_thread, query.thread_id),
            (self.per_folder, query.folder),
            (self.per_sender, query.sender.lower() if query.sender else None),
            (self.per_recipient, query.recipient.lower() if query.recipient else None),
        ):
            if value is None:
                continue
            if not chosen:
                index, chosen = indexes.get(value), True
                if index is None:
                    return None, None
            else:
                checks.append(_in_index(indexes.get(value)))
        if query.role is not None:
            role = query.role
            checks.append(lambda email: self.role_of(email) == role)
        if query.any_email:
            wanted = {address.lower() for address in query.any_email}
            checks.append(lambda email: bool(wanted & _participants(email)))
        if not checks:
            return index, None
        emails = self.emails
        return index, lambda email_id: all(check(emails[email_id]) for check in checks)


def _in_index(index: EmailIndex | None) -> Callable[[Email], bool]:
    if index is None:
        return lambda email: False
    return lambda email: index.key_of(email.id) is not None


def _participants(email: Email) -> set[str]:
    return {a.identifier.lower() for a in (email.sender, *email.to, *email.cc, *email.bcc)}


def _uid_of(provider_id: str) -> str | None:
    """A provider id as clients give it: the JSON `provider_id`, or its bare uid."""
    if provider_id.startswith("{"):
        try:
            decoded = json.loads(provider_id)
        except ValueError:
            return None
        uid = decoded.get("uid") if isinstance(decoded, dict) else None
        return uid if isinstance(uid, str) else None
    return provider_id
