"""LinkedIn messaging: chats, messages and attendees of one world, and LinkedIn's rules.

Rules (reference §5, §9), each checked on the world's clock:
- a chat is started through a usable LinkedIn account (401 `disconnected_account` while it is
  in CREDENTIALS); the Sales Navigator and Recruiter products need their seat (403
  `feature_not_subscribed`);
- recipients are LinkedIn members (422 `invalid_recipient`); LinkedIn Classic writes only to
  1st-degree relations (422 `no_connection_with_recipient`) unless `inmail` is true; an InMail
  needs a premium, Sales Navigator or Recruiter plan (422 `not_allowed_inmail`) and a credit of
  that feature (422 `insufficient_credits` at zero; each InMail spends one). Through Sales
  Navigator or Recruiter, a message to anyone but a relation is an InMail of that product;
- starting a 1:1 chat with someone the account already has one with (in that product) writes
  in the existing chat; a message to several relations opens a group chat;
- a text or attachments (400 `missing_parameters`), a text of at most 8,000 characters (400
  `too_many_characters`), at most 20 files (400), each within the size limit (400
  `content_too_large`) and of a kind LinkedIn carries (415 `unsupported_media_type`);
- an optional daily cap (scenario `limits.messages_per_day`, rolling 24 hours) on what an
  account sends: 429 `too_many_requests`.

Every message sent or received is announced as `message_received` (`is_sender` tells which);
reading a chat that had unread messages announces `message_read`. Webhooks hear nothing while
the account is not OK (reference §7.4). The other side answers from the scenario's reply
behaviour (seeded) or when the control plane says so.

The scenario's history is compiled once per (scenario, seed) into shared records; a world
builds its indexes over them the first time anything reads or writes its messaging.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from simulator.clock import ScheduledEvent, iso_ms
from simulator.world.accounts import require_kind
from simulator.world.attendees import Attendee, AttendeeBook, attendee_id
from simulator.world.avatars import identicon_png
from simulator.world.chat_behaviours import (
    DELIVERED_AFTER_MS,
    PlannedReply,
    ReactionBehaviour,
    ReadBehaviour,
    ReplyBehaviour,
)
from simulator.world.chats import LINKEDIN_APIS, Chat, ChatBook, ChatKey, ChatSeed
from simulator.world.contacts import (
    INSTAGRAM,
    LINKEDIN,
    MESSAGING_PROVIDERS,
    WHATSAPP,
    Contact,
    RecipientError,
    find_contact,
    follows_back,
    follows_of,
    own_provider_id,
)
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.events import WorldEvent
from simulator.world.media import attachment_kind, image_size, media_type
from simulator.world.message_events import (
    message_read_data,
    message_receipt_data,
    message_received_data,
    sender_fields,
)
from simulator.world.messages import Attachment, Message, MessageKey, MessageLog
from simulator.world.people import FIRST, Person
from simulator.world.plans import DAY_MS, INMAIL_FEATURES
from simulator.world.provider_ids import chat_provider_id
from simulator.world.provider_rules import RULES, ProviderRules
from simulator.world.received_media import (
    STICKER_SIZE,
    STICKER_TYPE,
    VOICE_NOTE_SECONDS,
    VOICE_NOTE_TYPE,
    sticker_png,
    voice_note_wav,
)

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

TEXT_MAX_CHARS = RULES[LINKEDIN].text_max_chars  # LinkedIn's limit on one message
SUBJECT_MAX_CHARS = 200  # InMail subjects
DEFAULT_ATTACHMENT_MAX_BYTES = 15 * 1024 * 1024  # LinkedIn's ~15 MB (reference §5.3)
LAST_SEQ = 2**62  # above every seq: (t, LAST_SEQ) sorts after every key of instant t
# A group's system messages (reference §5.4 event_type): created, renamed, a member left.
GROUP_CREATE, GROUP_CHANGE_SUBJECT, GROUP_LEAVE = 3, 4, 7
@dataclass(frozen=True, slots=True)
class WhatsappRestriction:
    """WhatsApp's spam rule: this many new conversations without a reply within `within_ms`
    restrict the account (status ERROR, sending refused) for `lasts_ms`."""

    unanswered_new_chats: int = 20
    within_ms: int = DAY_MS
    lasts_ms: int = DAY_MS


@dataclass(frozen=True, slots=True)
class MessagingLimits:
    messages_per_day: int | None = None  # rolling 24 hours per account; None: no cap
    attachment_max_bytes: int = DEFAULT_ATTACHMENT_MAX_BYTES
    whatsapp_restriction: WhatsappRestriction | None = WhatsappRestriction()


@dataclass(frozen=True)
class MessagingHistory:
    """The scenario's chats before the world starts: compiled once, shared by every world."""

    attendees: tuple[Attendee, ...] = ()
    chats: tuple[ChatSeed, ...] = ()


EMPTY_HISTORY = MessagingHistory()


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A file as the client sent it (`declared_type`: the part's Content-Type, if any)."""

    file_name: str
    declared_type: str | None
    content: bytes
    voice_note: bool = False  # sent as `voice_message`
    video_message: bool = False  # sent as `video_message`


@dataclass(frozen=True, slots=True)
class NewChat:
    account_id: str
    attendee_provider_ids: tuple[str, ...]
    text: str | None
    subject: str | None = None
    api: str = "classic"
    inmail: bool = False
    attachments: tuple[NewAttachment, ...] = ()
    # Writing to a job applicant (jobs.py `message_target`): Classic or Recruiter
    # `linkedin[applicant_id]`, Recruiter `linkedin[job_posting_id]`; an applicant needs no
    # relation and no InMail. Sales Navigator has no applicants: it ignores both, as does a
    # Classic `job_posting_id` alone.
    applicant_id: str | None = None
    job_posting_id: str | None = None


@dataclass(frozen=True, slots=True)
class ChatQuery:
    """Filters of a chat list (reference §5.1); instants are exclusive bounds."""

    account_ids: tuple[str, ...] | None = None
    account_type: str | None = None
    unread: bool | None = None
    before_ms: int | None = None
    after_ms: int | None = None


@dataclass(frozen=True, slots=True)
class MessageQuery:
    account_id: str | None = None
    sender_id: str | None = None  # the sender's provider id
    before_ms: int | None = None
    after_ms: int | None = None


@dataclass(slots=True)
class MessageChanges:
    """What happened to a message after it was sent: edited, deleted, reacted to. Messages are
    shared records; their changes live in the world that made them."""

    text: str | None = None  # the edited text
    edited: bool = False
    deleted: bool = False
    reactions: list[tuple[str, Attendee]] = field(default_factory=list)  # (emoji, who)


class MessageView(NamedTuple):
    """A message as its account sees it now. The views are tuples: a page makes one per item,
    and a frozen dataclass costs several times more to make."""

    message: Message
    chat: Chat
    seen: bool
    sender_distance: int | None  # 1-4 for a member, None for the account itself
    delivered: bool = True  # off LinkedIn, what the account sent: once its receipt came
    changes: MessageChanges | None = None
    quoted: Message | None = None  # the message it quotes


class AttendeeView(NamedTuple):
    attendee: Attendee
    name: str
    public_identifier: str | None  # LinkedIn; the handle on Instagram, Telegram, Messenger
    distance: int | None  # None for the account itself and off LinkedIn
    pending_invitation: bool
    provider: str = LINKEDIN
    follows: tuple[bool, bool] | None = None  # Instagram: (the account follows, follows back)


class ChatView(NamedTuple):
    chat: Chat
    last_message: MessageView | None


@dataclass(slots=True)
class _Inbox:
    attendees: AttendeeBook = field(default_factory=AttendeeBook)
    chats: ChatBook = field(default_factory=ChatBook)
    messages: MessageLog = field(default_factory=MessageLog)


class Messaging:
    def __init__(self, world: World) -> None:
        self._world = world
        blueprint = world.blueprint
        self._history: MessagingHistory = blueprint.messaging_history
        self.behaviour: ReplyBehaviour = blueprint.reply_behaviour
        self.reads: ReadBehaviour = blueprint.read_behaviour
        self._provider_replies = blueprint.provider_reply_behaviours
        self._provider_reads = blueprint.provider_read_behaviours
        self.reactions: ReactionBehaviour = blueprint.reaction_behaviour
        self._provider_reactions = blueprint.provider_reaction_behaviours
        self.limits: MessagingLimits = blueprint.messaging_limits
        self._inbox: _Inbox | None = None
        self._sent: dict[str, list[int]] = {}  # when each account sent, for the daily cap
        # chat id -> (when its last history resync began, whether DONE was read)
        self._syncs: dict[str, tuple[int, bool]] = {}
        self._pending_replies: dict[str, ScheduledEvent] = {}
        self._pending_reads: dict[str, ScheduledEvent] = {}
        # WhatsApp: when each account opened each new conversation, and until when it is
        # restricted.
        self._opened: dict[str, list[tuple[int, str]]] = {}
        self._restricted_until: dict[str, int] = {}
        self._changes: dict[str, MessageChanges] = {}  # message id -> what happened to it
        world.bus.subscribe(self._on_event)

    # -- reads --------------------------------------------------------------------------------

    def chats_page(
        self, query: ChatQuery, after: ChatKey | None, limit: int
    ) -> tuple[list[Chat], ChatKey | None]:
        """Chats newest first by their latest message."""
        inbox = self.inbox
        account_ids = self._account_ids(query.account_ids, query.account_type)
        keep = _unread_is(inbox.chats, query.unread) if query.unread is not None else None
        start, bound = _window(after, query.before_ms, query.after_ms)
        sliced = inbox.chats.page(account_ids, start, limit, keep=keep, bound=bound)
        return [inbox.chats.get(chat_id) for chat_id in sliced.ids], sliced.next_after

    def chat(self, chat_id: str, account_id: str | None = None) -> ChatView:
        chat = self.inbox.chats.get(chat_id, account_id)
        last = chat.last_message
        return ChatView(chat, self._view(last, chat) if last is not None else None)

    def chat_messages(
        self,
        chat_id: str,
        query: MessageQuery,
        after: MessageKey | None,
        limit: int,
    ) -> tuple[list[MessageView], MessageKey | None]:
        """A chat's messages newest first; `sender_id` (a provider id) keeps one sender's."""
        inbox = self.inbox
        chat = inbox.chats.get(chat_id)
        keep = _sent_by(inbox.messages, query.sender_id) if query.sender_id is not None else None
        start, bound = _window(after, query.before_ms, query.after_ms)
        sliced = chat.messages.page(start, limit, keep=keep, bound=bound)
        return self._chat_views(
            chat, [inbox.messages.get(i) for i in sliced.ids]
        ), sliced.next_after

    def messages_page(
        self, query: MessageQuery, after: MessageKey | None, limit: int
    ) -> tuple[list[MessageView], MessageKey | None]:
        """Every message of the world (or of one account, or from one sender), newest first."""
        inbox = self.inbox
        account_ids = self._account_ids(
            (query.account_id,) if query.account_id is not None else None, None
        )
        start, bound = _window(after, query.before_ms, query.after_ms)
        if query.sender_id is not None:
            senders = inbox.attendees.of_members(account_ids, query.sender_id)
            sliced = inbox.messages.page_of_senders([s.id for s in senders], start, limit, bound)
        else:
            sliced = inbox.messages.page_of_accounts(account_ids, start, limit, bound)
        return self._views(sliced.ids), sliced.next_after

    def message(self, message_id: str) -> MessageView:
        message = self.inbox.messages.get(message_id)
        return self._view(message, self.inbox.chats.get(message.chat_id))

    def attachment(self, message_id: str, attachment_id: str) -> Attachment:
        return self.inbox.messages.get(message_id).attachment(attachment_id)

    def chat_attendees(self, chat_id: str) -> list[AttendeeView]:
        """Everyone in the chat: the other side, then the account itself."""
        chat = self.inbox.chats.get(chat_id)
        account = self._world.accounts.get(chat.account_id)
        me = self._self_attendee(account)
        return [self._attendee_view(attendee) for attendee in (*chat.attendees, me)]

    def attendees_page(
        self, account_id: str | None, after: int | None, limit: int
    ) -> tuple[list[AttendeeView], int | None]:
        """Attendees in the order their accounts met them."""
        inbox = self.inbox
        account_ids = self._account_ids((account_id,) if account_id else None, None)
        for account in map(self._world.accounts.get, account_ids):
            if account.type in MESSAGING_PROVIDERS:
                self._self_attendee(account)
        sliced = inbox.attendees.page(account_ids, after, limit)
        views = [self._attendee_view(inbox.attendees.get(i)) for i in sliced.ids]
        return views, sliced.next_after

    def attendee(self, attendee_id: str) -> AttendeeView:
        return self._attendee_view(self._live_attendee(attendee_id))

    def attendee_chats(
        self, attendee_id: str, query: ChatQuery, after: ChatKey | None, limit: int
    ) -> tuple[list[Chat], ChatKey | None]:
        """The chats an attendee is in (for the account itself: all its chats), newest first."""
        attendee = self._live_attendee(attendee_id)
        if query.account_ids is not None and attendee.account_id not in query.account_ids:
            return [], None
        if attendee.is_self:
            own = ChatQuery((attendee.account_id,), None, None, query.before_ms, query.after_ms)
            return self.chats_page(own, after, limit)
        start, bound = _window(after, query.before_ms, query.after_ms)
        chats = sorted(self.inbox.chats.of_attendee(attendee.id), key=_chat_key, reverse=True)
        chats = [
            chat
            for chat in chats
            if (start is None or chat.key < start) and (bound is None or chat.key > bound)
        ]
        page = chats[:limit]
        return page, (page[-1].key if len(chats) > limit else None)

    def attendee_messages(
        self, attendee_id: str, query: MessageQuery, after: MessageKey | None, limit: int
    ) -> tuple[list[MessageView], MessageKey | None]:
        """What an attendee sent (for the account itself: everything it sent), newest first."""
        attendee = self._live_attendee(attendee_id)
        if query.account_id is not None and query.account_id != attendee.account_id:
            return [], None
        start, bound = _window(after, query.before_ms, query.after_ms)
        sliced = self.inbox.messages.page_of_senders([attendee.id], start, limit, bound)
        return self._views(sliced.ids), sliced.next_after

    # -- the account acts ---------------------------------------------------------------------

    def start_chat(self, request: NewChat) -> tuple[Chat, Message]:
        """POST /chats: a new chat (or the existing 1:1 one) and its first message."""
        world = self._world
        account = self._acting_account(request.account_id)
        if account.type != LINKEDIN:
            return self._start_provider_chat(account, request)
        api = request.api
        if api not in LINKEDIN_APIS:
            raise invalid_parameter("linkedin.api", f"must be one of {', '.join(LINKEDIN_APIS)}")
        if api != "classic" and api not in account.premium_features:
            raise ApiError(
                "feature_not_subscribed",
                f"linkedin.api: account {account.id} has no {api} subscription",
            )
        if request.subject is not None and len(request.subject) > SUBJECT_MAX_CHARS:
            raise ApiError(
                "too_many_characters",
                f"subject: at most {SUBJECT_MAX_CHARS} characters, got {len(request.subject)}",
            )
        attachments = self._checked_content(account, request.text, request.attachments)
        if _to_applicant(request):
            recipients = [self._applicant(account, request)]
            feature = None  # they applied: the poster writes to them without an InMail
        else:
            recipients = self._recipients(account, request.attendee_provider_ids)
            if len(recipients) > 1 and api != "classic":
                raise ApiError(
                    "invalid_recipient",
                    f"attendees_ids: a {api} message has one recipient, got {len(recipients)}",
                )
            feature = self._inmail_feature(account, recipients, api, request.inmail)
        self._check_daily_cap(account)
        if feature is not None:
            self._check_credits(account, feature)

        inbox = self.inbox
        chat = inbox.chats.one_to_one(account.id, recipients[0].provider_id, api)
        if chat is None or len(recipients) > 1:
            chat = self._new_chat(account, recipients, api, feature, request.subject)
        if feature is not None:
            credits = world.limits.inmail_balance(account)[feature] or 0
            account.inmail_credits[feature] = credits - 1
        message = self._append(
            chat,
            self._self_attendee(account),
            request.text,
            attachments,
            message_type="INMAIL" if feature is not None else "MESSAGE",
            subject=request.subject,
        )
        self._after_sending(account, chat, message)
        return chat, message

    def send(
        self,
        chat_id: str,
        text: str | None,
        attachments: tuple[NewAttachment, ...] = (),
        account_id: str | None = None,
        quote_id: str | None = None,
    ) -> Message:
        """POST /chats/{id}/messages: a message in an existing chat (no distance rule: the
        conversation exists)."""
        chat = self.inbox.chats.get(chat_id, account_id)
        account = self._acting_account(chat.account_id)
        if account.type == WHATSAPP:
            self._check_restricted(account)
        stored = self._checked_content(account, text, attachments)
        quoted = self._quotable(chat, quote_id) if quote_id is not None else None
        self._check_daily_cap(account)
        message = self._append(
            chat, self._self_attendee(account), text, stored, quoted_id=quoted
        )
        self._after_sending(account, chat, message)
        return message

    def _start_provider_chat(self, account: Account, request: NewChat) -> tuple[Chat, Message]:
        """POST /chats on WhatsApp, Instagram, Telegram or Messenger: the contacts named by
        the provider's ids; one 1:1 chat per contact (writing to a contact the account already
        has a chat with posts into it); several contacts: a group, where the provider has them
        through the API."""
        if request.api != "classic" or request.inmail:
            raise invalid_parameter("linkedin", f"only for LINKEDIN accounts, not {account.type}")
        rules = RULES[account.type]
        attachments = self._checked_content(account, request.text, request.attachments)
        contacts = self._contacts(account, request.attendee_provider_ids)
        if len(contacts) > 1 and not rules.group_chats:
            raise ApiError(
                "invalid_recipient",
                f"attendees_ids: {account.type} chats started here have one recipient, got "
                f"{len(contacts)}",
            )
        self._check_daily_cap(account)
        inbox = self.inbox
        chat = inbox.chats.one_to_one(account.id, contacts[0].provider_id, _api_of(account))
        if chat is None and account.type == INSTAGRAM and len(contacts) == 1:
            if not follows_back(account.id, contacts[0]):
                raise ApiError(
                    "invalid_recipient",
                    f"attendees_ids[0]: @{contacts[0].username} does not follow the account; "
                    "Instagram takes a first message only from accounts a user follows",
                )
        opens = chat is None or len(contacts) > 1  # a new conversation
        if account.type == WHATSAPP:
            self._check_restricted(account)
            if opens:
                self._check_spam_rule(account)
        if opens:
            chat = self._new_provider_chat(account, contacts, request.subject)
            if chat.is_group:  # the group's first message is its creation (is_event)
                created = self._append(
                    chat, self._self_attendee(account), None, (), event_type=GROUP_CREATE
                )
                self._announce(account, chat, created)
        message = self._append(
            chat, self._self_attendee(account), request.text, attachments
        )
        self._after_sending(account, chat, message)
        return chat, message

    def set_read(self, chat_id: str, read: bool) -> Chat:
        """PATCH /chats/{id} setReadStatus: reading announces `message_read`."""
        chat = self.inbox.chats.get(chat_id)
        account = self._acting_account(chat.account_id)
        if read:
            if chat.mark_read():
                self._publish(
                    account, "message_read", message_read_data(account, chat, self._now())
                )
        else:
            chat.mark_unread()
        return chat

    def forward(self, message_id: str, chat_id: str) -> Message:
        """POST /messages/{id}/forward: the message again, into another chat of its account
        (WhatsApp only; reference part 2 §3.4)."""
        inbox = self.inbox
        original = inbox.messages.get(message_id)
        account = self._world.accounts.get(original.account_id)
        if account.type != WHATSAPP:
            raise ApiError(
                "feature_not_implemented",
                f"message_id: forwarding is WhatsApp's; message {message_id} is in a "
                f"{account.type} chat",
            )
        target = inbox.chats.find(chat_id)
        if target is None:
            raise ApiError("resource_not_found", f"Chat not found (chat_id {chat_id!r})")
        if target.account_id != original.account_id:
            raise invalid_parameter(
                "chat_id", f"chat {chat_id} is not a chat of account {original.account_id}"
            )
        account = self._acting_account(account.id)
        self._check_restricted(account)
        self._check_daily_cap(account)
        message = self._append(
            target,
            self._self_attendee(account),
            original.text,
            original.attachments,
            forwarded=True,
        )
        self._after_sending(account, target, message)
        return message

    def sync_chat(self, chat_id: str) -> str:
        """GET /chats/{id}/sync: the resync of one chat's history, on the world clock. A call
        starts one; later calls read where it is (STARTED, RUNNING, then DONE once); the call
        after DONE was read starts another."""
        chat = self.inbox.chats.get(chat_id)
        self._acting_account(chat.account_id)
        now = self._now()
        sync = self._syncs.get(chat.id)
        if sync is not None and not sync[1]:
            status = _sync_status(now - sync[0], len(chat.messages))
            self._syncs[chat.id] = (sync[0], status == "SYNC_DONE")
            return status
        self._syncs[chat.id] = (now, False)
        return "SYNC_STARTED"

    def picture(self, identifier: str) -> bytes:
        """GET /chat_attendees/{id}/picture: an attendee's picture; a chat id gives the
        group's picture (a 1:1 chat: the other person's)."""
        inbox = self.inbox
        attendee = inbox.attendees.find(identifier)
        if attendee is None:
            try:
                attendee = self._live_attendee(identifier)
            except ApiError:
                chat = inbox.chats.find(identifier)
                if chat is None:
                    raise ApiError(
                        "resource_not_found",
                        f"Attendee not found (no attendee or chat has the id {identifier!r})",
                    ) from None
                if chat.is_group:
                    return identicon_png(chat.provider_id)
                attendee = chat.attendees[0]
        return identicon_png(f"{attendee.account_id}/{attendee.provider_id}")

    # -- the other side acts (behaviours, or the control plane) --------------------------------

    def reply(
        self, chat_id: str, text: str | None, quote_id: str | None = None, form: str = "text"
    ) -> Message:
        """POST /_sim/chats/{id}/reply: the other side writes now (in a group: the first
        attendee), quoting `quote_id` if given; `form` voice_note or sticker sends that instead
        of a text. A reply the behaviours had planned for this chat is called off."""
        chat = self.inbox.chats.get(chat_id)
        if form == "sticker" and chat.account_type == LINKEDIN:
            raise invalid_parameter("form", "LinkedIn has no stickers")
        if form == "text" and not text:
            raise ApiError("missing_parameters", "text: a text reply needs a text")
        if form != "text" and text:
            raise invalid_parameter("text", f"a {form} reply has no text")
        quoted = self._quotable(chat, quote_id) if quote_id is not None else None
        pending = self._pending_replies.pop(chat.id, None)
        if pending is not None:
            pending.cancelled = True
        return self._receive(chat, text if form == "text" else None, quoted, form)

    def member_leaves(self, chat_id: str, attendee_id: str) -> Message:
        """POST /_sim/chats/{id}/leave: a member leaves a group (off LinkedIn): an event
        message from them (`event_type` 7), and they are no longer among its attendees."""
        chat = self._group(chat_id)
        leaving = next((a for a in chat.attendees if a.id == attendee_id), None)
        if leaving is None:
            raise invalid_parameter("attendee_id", f"{attendee_id!r} is not a member of {chat_id}")
        if len(chat.attendees) == 1:
            raise invalid_parameter("attendee_id", f"{attendee_id!r} is the last other member")
        message = self._group_event(chat, leaving, GROUP_LEAVE)
        chat.group = True
        chat.attendees = tuple(a for a in chat.attendees if a.id != attendee_id)
        return message

    def group_renamed(self, chat_id: str, subject: str) -> Message:
        """POST /_sim/chats/{id}/subject: a member (the first) renames a group (off LinkedIn):
        the chat's `name`, and an event message (`event_type` 4)."""
        chat = self._group(chat_id)
        chat.name = subject
        return self._group_event(chat, chat.attendees[0], GROUP_CHANGE_SUBJECT)

    def _group(self, chat_id: str) -> Chat:
        chat = self.inbox.chats.get(chat_id)
        if chat.account_type == LINKEDIN or not chat.is_group:
            raise invalid_parameter("chat_id", f"chat {chat_id} is no group off LinkedIn")
        return chat

    def _group_event(self, chat: Chat, member: Attendee, event_type: int) -> Message:
        message = self._append(chat, member, None, (), event_type=event_type)
        self._announce(self._world.accounts.get(chat.account_id), chat, message)
        return message

    # -- internals ----------------------------------------------------------------------------

    @property
    def inbox(self) -> _Inbox:
        if self._inbox is None:
            self._inbox = self._build()
        return self._inbox

    def _build(self) -> _Inbox:
        """Index the shared history (accounts deleted since the world began are left out)."""
        live = {account.id for account in self._world.accounts}
        inbox = _Inbox()
        for attendee in self._history.attendees:
            if attendee.account_id in live:
                inbox.attendees.add(attendee)
        for seed in self._history.chats:
            if seed.account_id not in live:
                continue
            chat = Chat.from_seed(seed)
            inbox.chats.add(chat)
            for message in seed.messages:
                inbox.messages.add(message)
        return inbox

    def _now(self) -> int:
        return self._world.now_ms()

    def _acting_account(self, account_id: str) -> Account:
        accounts = self._world.accounts
        require_messaging(accounts.get(account_id))
        return accounts.require_usable(account_id)

    def _account_ids(
        self, account_ids: tuple[str, ...] | None, account_type: str | None
    ) -> list[str]:
        accounts = self._world.accounts
        chosen = list(accounts) if account_ids is None else [accounts.get(a) for a in account_ids]
        return [a.id for a in chosen if account_type is None or a.type == account_type]

    def _live_attendee(self, attendee_id: str) -> Attendee:
        inbox = self.inbox
        if inbox.attendees.find(attendee_id) is None:
            # A self attendee is made the first time its account needs it.
            for account in self._world.accounts:
                if account.type in MESSAGING_PROVIDERS:
                    self._self_attendee(account)
        return inbox.attendees.get(attendee_id)

    def _self_attendee(self, account: Account) -> Attendee:
        provider_id = own_provider_id(account)
        attendees = self.inbox.attendees
        me = attendees.of_member(account.id, provider_id)
        if me is None:
            me = attendees.add(
                Attendee(
                    attendee_id(account.id, provider_id),
                    account.id,
                    provider_id,
                    attendees.next_seq,
                    None,
                )
            )
        return me

    def _attendee_for(self, account: Account, someone: Person | Contact) -> Attendee:
        """The attendee a LinkedIn member, or a contact on another provider, is in the
        account's inbox: made the first time the account writes to them."""
        attendees = self.inbox.attendees
        attendee = attendees.of_member(account.id, someone.provider_id)
        if attendee is None:
            person = someone if isinstance(someone, Person) else None
            contact = someone if isinstance(someone, Contact) else None
            attendee = attendees.add(
                Attendee(
                    attendee_id(account.id, someone.provider_id),
                    account.id,
                    someone.provider_id,
                    attendees.next_seq,
                    person,
                    contact,
                )
            )
        return attendee

    def _contacts(self, account: Account, provider_ids: tuple[str, ...]) -> list[Contact]:
        """The contacts `attendees_ids` names on the account's provider (422
        `invalid_recipient`, naming the entry, for anyone it cannot write to)."""
        if not provider_ids:
            raise ApiError("missing_parameters", "attendees_ids: give at least one recipient")
        directory = self._world.network.directory
        own = own_provider_id(account)
        contacts: dict[str, Contact] = {}
        for position, raw_id in enumerate(provider_ids):
            where = f"attendees_ids[{position}]"
            try:
                contact = find_contact(directory, account.type, raw_id)
            except RecipientError as refusal:
                raise ApiError("invalid_recipient", f"{where}: {refusal}") from None
            if contact is None:
                raise ApiError(
                    "invalid_recipient", f"{where}: no {account.type} user has the id {raw_id!r}"
                )
            if contact.provider_id == own:
                raise ApiError("invalid_recipient", f"{where}: an account cannot write to itself")
            if not contact.reachable:
                raise ApiError(
                    "invalid_recipient", f"{where}: +{contact.phone} is not on WhatsApp"
                )
            contacts[contact.provider_id] = contact
        return list(contacts.values())

    def _applicant(self, account: Account, request: NewChat) -> Person:
        """The one attendee, who must be the applicant the request names (jobs.py)."""
        if len(request.attendee_provider_ids) != 1:
            raise ApiError(
                "invalid_recipient",
                "attendees_ids: a message to a job applicant has one recipient, got "
                f"{len(request.attendee_provider_ids)}",
            )
        target = self._world.jobs.message_target(
            account.id,
            applicant_id=request.applicant_id,
            job_id=request.job_posting_id,
            attendee_id=request.attendee_provider_ids[0],
            api=request.api,
        )
        return target.person

    def _recipients(self, account: Account, provider_ids: tuple[str, ...]) -> list[Person]:
        if not provider_ids:
            raise ApiError("missing_parameters", "attendees_ids: give at least one recipient")
        directory = self._world.network.directory
        recipients: dict[str, Person] = {}
        for position, provider_id in enumerate(provider_ids):
            person = directory.by_provider_id(provider_id)
            if person is None:
                reason = (
                    "an account cannot write to itself"
                    if provider_id == account.provider_user_id
                    else f"no LinkedIn member has the id {provider_id!r}"
                )
                raise ApiError("invalid_recipient", f"attendees_ids[{position}]: {reason}")
            recipients[person.provider_id] = person
        return list(recipients.values())

    def _inmail_feature(
        self, account: Account, recipients: list[Person], api: str, inmail: bool
    ) -> str | None:
        """The premium feature whose credit this message spends; None for a plain message."""
        network = self._world.network
        strangers = [p for p in recipients if network.distance(account, p) != FIRST]
        if not strangers:
            return None
        if api == "classic":
            if not inmail:
                raise ApiError(
                    "no_connection_with_recipient",
                    f"attendees_ids: {strangers[0].full_name} is not a 1st-degree relation; "
                    "send an InMail (linkedin[inmail]=true) or invite them first",
                )
            feature = next((f for f in INMAIL_FEATURES if f in account.premium_features), None)
            if feature is None:
                raise ApiError(
                    "not_allowed_inmail",
                    f"linkedin.inmail: account {account.id} has no premium, sales_navigator "
                    "or recruiter plan",
                )
        else:
            feature = api
        if len(recipients) > 1:
            raise ApiError(
                "invalid_recipient",
                f"attendees_ids: an InMail has one recipient, got {len(recipients)}",
            )
        return feature

    def _check_credits(self, account: Account, feature: str) -> None:
        left = self._world.limits.inmail_balance(account)[feature] or 0
        if left <= 0:
            raise ApiError(
                "insufficient_credits",
                f"account_id: no {feature} InMail credits left on account {account.id}",
            )

    def _check_daily_cap(self, account: Account) -> None:
        cap = self.limits.messages_per_day
        if cap is None:
            return
        now = self._now()
        sent = self._sent.setdefault(account.id, [])
        del sent[: bisect.bisect_right(sent, now - DAY_MS)]
        if len(sent) >= cap:
            raise ApiError(
                "too_many_requests",
                f"account_id: daily message limit reached ({cap} in 24 hours); the next one "
                f"can be sent at {iso_ms(sent[0] + DAY_MS)}",
            )

    def _checked_content(
        self, account: Account, text: str | None, attachments: tuple[NewAttachment, ...]
    ) -> tuple[Attachment, ...]:
        rules = RULES[account.type]
        if not text and not attachments:
            raise ApiError("missing_parameters", "text: give a text, attachments, or both")
        for new in attachments:
            if new.voice_note and not rules.voice_notes:
                raise invalid_parameter(
                    "voice_message",
                    f"{account.type} takes no voice notes here; send the audio as attachments",
                )
            if new.video_message and not rules.video_messages:
                raise invalid_parameter(
                    "video_message",
                    f"{account.type} takes no video messages; send the video as attachments",
                )
        files = sum(1 for a in attachments if not (a.voice_note or a.video_message))
        if files > rules.max_attachments:
            raise invalid_parameter(
                "attachments", f"at most {rules.max_attachments} files, got {files}"
            )
        if text is not None and len(text) > rules.text_max_chars:
            raise ApiError(
                "too_many_characters",
                f"text: a {account.type} message has at most {rules.text_max_chars} characters, "
                f"got {len(text)}",
            )
        return tuple(
            self._attachment(position, new, rules) for position, new in enumerate(attachments)
        )

    def _attachment(self, position: int, new: NewAttachment, rules: ProviderRules) -> Attachment:
        field_name = (
            "voice_message"
            if new.voice_note
            else "video_message"
            if new.video_message
            else f"attachments[{position}]"
        )
        limit = rules.attachment_max_bytes or self.limits.attachment_max_bytes
        if len(new.content) > limit:
            raise ApiError(
                "content_too_large",
                f"{field_name}: {new.file_name!r} is {len(new.content)} bytes; the limit is "
                f"{limit} bytes",
            )
        mimetype = media_type(new.declared_type, new.file_name)
        kind = attachment_kind(mimetype)
        wanted = "audio" if new.voice_note else "video" if new.video_message else None
        if kind is None or (wanted is not None and kind != wanted):
            expected = f"an {wanted} file" if wanted else "images, videos, audio or documents"
            raise ApiError(
                "unsupported_media_type",
                f"{field_name}: {mimetype} cannot be sent here (expected {expected})",
            )
        width, height = image_size(new.content) if kind == "img" else (0, 0)
        return Attachment(
            self._world.ids.unique_id(),
            kind,
            new.file_name,
            mimetype,
            new.content,
            width,
            height,
            new.voice_note,
        )

    def _new_chat(
        self,
        account: Account,
        recipients: list[Person],
        api: str,
        inmail_feature: str | None,
        subject: str | None,
    ) -> Chat:
        ids = self._world.ids
        chats = self.inbox.chats
        attendees = tuple(self._attendee_for(account, person) for person in recipients)
        return Chat(
            ids.unique_id(),
            account.id,
            account.type,
            chat_provider_id(LINKEDIN, ids.unique_id()),
            attendees,
            chats.next_seq,
            api,
            "inmail" if inmail_feature is not None else None,
            subject if len(attendees) > 1 else None,
            subject,
        )

    def _new_provider_chat(
        self, account: Account, contacts: list[Contact], name: str | None
    ) -> Chat:
        ids = self._world.ids
        attendees = tuple(self._attendee_for(account, contact) for contact in contacts)
        group = len(attendees) > 1
        chat_id = ids.unique_id()
        if account.type == WHATSAPP:  # what the spam rule counts
            self._opened.setdefault(account.id, []).append((self._now(), chat_id))
        return Chat(
            chat_id,
            account.id,
            account.type,
            chat_provider_id(
                account.type, ids.unique_id(), None if group else attendees[0].provider_id
            ),
            attendees,
            self.inbox.chats.next_seq,
            _api_of(account),
            None,
            (name or ", ".join(a.name for a in contacts)) if group else None,
            None,
        )

    def _append(
        self,
        chat: Chat,
        sender: Attendee,
        text: str | None,
        attachments: tuple[Attachment, ...],
        message_type: str = "MESSAGE",
        subject: str | None = None,
        forwarded: bool = False,
        event_type: int | None = None,
        quoted_id: str | None = None,
    ) -> Message:
        inbox = self.inbox
        message = Message(
            self._world.ids.unique_id(),
            chat.id,
            chat.account_id,
            sender,
            (self._now(), inbox.messages.next_seq),
            text,
            attachments,
            message_type,
            subject,
            forwarded,
            event_type,
            quoted_id,
        )
        is_new = chat.last_message is None
        chat.record(message)
        if is_new:
            inbox.chats.add(chat)
        else:
            inbox.chats.moved(chat)
        inbox.messages.add(message)
        return message

    def _after_sending(self, account: Account, chat: Chat, message: Message) -> None:
        if self.limits.messages_per_day is not None:
            self._sent.setdefault(account.id, []).append(message.timestamp_ms)
        self._announce(account, chat, message)
        if account.type != LINKEDIN:
            self._plan_receipts(chat, message)
        if chat.id not in self._pending_replies:
            self._plan_reply(chat)
        self._plan_reaction(chat, message)

    def _check_restricted(self, account: Account) -> None:
        until = self._restricted_until.get(account.id)
        if until is not None and self._now() < until:
            raise ApiError(
                "account_restricted",
                f"account_id: WhatsApp restricted account {account.id} for opening too many "
                f"conversations nobody answered; it can send again at {iso_ms(until)}",
            )

    def _check_spam_rule(self, account: Account) -> None:
        """Before a new conversation: if the account opened `unanswered_new_chats` within the
        window that nobody answered, WhatsApp restricts it now (status ERROR, its
        account_status webhook) and refuses this one (403 `account_restricted`)."""
        rule = self.limits.whatsapp_restriction
        if rule is None:
            return
        now = self._now()
        opened = self._opened.get(account.id, [])
        del opened[: bisect.bisect_left(opened, (now - rule.within_ms, ""))]
        chats = self.inbox.chats
        unanswered = sum(
            1
            for _, chat_id in opened
            if (chat := chats.find(chat_id)) is not None and chat.last_inbound is None
        )
        if unanswered < rule.unanswered_new_chats:
            return
        until = now + rule.lasts_ms
        self._restricted_until[account.id] = until
        self._world.lifecycle.set_status(account, "ERROR")
        self._world.schedule_in(
            rule.lasts_ms,
            "whatsapp_restriction_lifted",
            lambda: self._lift_restriction(account.id),
            account_id=account.id,
        )
        self._check_restricted(account)

    def _lift_restriction(self, account_id: str) -> dict[str, Any]:
        self._restricted_until.pop(account_id, None)
        account = self._world.accounts.find(account_id)
        if account is None:
            return {"skipped": "account deleted"}
        if account.status != "ERROR":
            return {"skipped": f"status is {account.status}"}
        self._world.lifecycle.set_status(account, "OK")
        return {"status": "OK"}

    def _plan_receipts(self, chat: Chat, message: Message) -> None:
        """Off LinkedIn: delivered two seconds later, then read when the reading behaviour
        says (unless a read is planned already: it will read this one too)."""
        world = self._world
        key = message.key
        world.schedule_in(
            DELIVERED_AFTER_MS,
            "message_delivered",
            lambda: self._delivered(chat.id, key),
            chat_id=chat.id,
            account_id=chat.account_id,
        )
        if chat.id in self._pending_reads:
            return
        delay_ms = self._provider_reads.get(chat.account_type, self.reads).draw(world.rng)
        if delay_ms is None:
            return
        self._pending_reads[chat.id] = world.schedule_in(
            DELIVERED_AFTER_MS + delay_ms,
            "message_read_by_contact",
            lambda: self._planned_read(chat.id),
            chat_id=chat.id,
            account_id=chat.account_id,
        )

    def _delivered(self, chat_id: str, key: MessageKey) -> dict[str, Any]:
        chat = self.inbox.chats.find(chat_id)
        if chat is None:
            return {"skipped": "account deleted"}
        if chat.delivered_up_to is not None and chat.delivered_up_to >= key:
            return {"skipped": "delivered already"}
        chat.delivered_up_to = key
        message = self.inbox.messages.get(chat.messages.id_at(key))
        self._announce_change(chat, message, "message_delivered")
        return {"message_id": message.id}

    def _planned_read(self, chat_id: str) -> dict[str, Any]:
        self._pending_reads.pop(chat_id, None)
        chat = self.inbox.chats.find(chat_id)
        if chat is None:
            return {"skipped": "account deleted"}
        read = self._read_by_contact(chat)
        return {"message_id": read.id if read is not None else None}

    def react(self, chat_id: str, message_id: str, value: str) -> Message:
        """POST /_sim/chats/{id}/react: the other side (in a group, its first attendee) reacts
        to a message of the chat; a second reaction of theirs replaces the first."""
        chat, message = self._message_in(chat_id, message_id)
        if "reactions" in chat.disabled_features:
            raise invalid_parameter("value", f"chat {chat_id} does not allow reactions")
        reactor = chat.attendees[0]
        changes = self._changes.setdefault(message.id, MessageChanges())
        changes.reactions = [r for r in changes.reactions if r[1].id != reactor.id]
        changes.reactions.append((value, reactor))
        account = self._world.accounts.get(chat.account_id)
        self._announce_change(
            chat,
            message,
            "message_reaction",
            reaction=value,
            reaction_sender=self._attendee_fields(account, reactor),
        )
        return message

    def edit_by_contact(self, chat_id: str, message_id: str, text: str) -> Message:
        """POST /_sim/chats/{id}/edit: the other side edits a message it sent."""
        chat, message = self._theirs(chat_id, message_id, "edit")
        changes = self._changes.setdefault(message.id, MessageChanges())
        changes.text, changes.edited = text, True
        self._announce_change(chat, message, "message_edited", message=text)
        return message

    def delete_by_contact(self, chat_id: str, message_id: str) -> Message:
        """POST /_sim/chats/{id}/delete: the other side deletes a message it sent (for
        everyone): it stays in the chat, `deleted: 1`, without its text and files."""
        chat, message = self._theirs(chat_id, message_id, "delete")
        self._changes.setdefault(message.id, MessageChanges()).deleted = True
        self._announce_change(chat, message, "message_deleted", message=None)
        return message

    def whatsapp_user(self, account_id: str, identifier: str) -> Contact:
        """GET /users/{jid}?account_id=<a WhatsApp account>: whether the number is on WhatsApp
        (reference part 2 §3.1: 404 when it is not; 400 naming `identifier` for what is no
        WhatsApp id)."""
        self._acting_account(account_id)
        try:
            contact = find_contact(self._world.network.directory, WHATSAPP, identifier)
        except RecipientError as refusal:
            raise invalid_parameter("identifier", str(refusal)) from None
        if contact is None or not contact.reachable:
            raise ApiError(
                "resource_not_found", f"User not found ({identifier!r} is not on WhatsApp)"
            )
        return contact

    def _quotable(self, chat: Chat, quote_id: str) -> str:
        """A quoted message is a message of the same chat, not deleted, not a system event,
        in a chat that allows replies."""
        if "reply" in chat.disabled_features:
            raise invalid_parameter("quote_id", f"chat {chat.id} does not allow replies")
        quoted = self.inbox.messages.find(quote_id)
        if quoted is None or quoted.chat_id != chat.id:
            raise invalid_parameter("quote_id", f"no message {quote_id!r} in chat {chat.id}")
        changes = self._changes.get(quoted.id)
        if quoted.event_type is not None or (changes is not None and changes.deleted):
            raise invalid_parameter("quote_id", f"message {quote_id} cannot be quoted")
        return quoted.id

    def _message_in(self, chat_id: str, message_id: str) -> tuple[Chat, Message]:
        chat = self.inbox.chats.get(chat_id)
        message = self.inbox.messages.get(message_id)
        if message.chat_id != chat.id:
            raise invalid_parameter("message_id", f"message {message_id} is not in chat {chat_id}")
        return chat, message

    def _theirs(self, chat_id: str, message_id: str, action: str) -> tuple[Chat, Message]:
        chat, message = self._message_in(chat_id, message_id)
        if message.is_sender:
            raise invalid_parameter(
                "message_id", f"the other side can {action} only what it sent, not the account's"
            )
        changes = self._changes.get(message.id)
        if changes is not None and changes.deleted:
            raise invalid_parameter("message_id", f"message {message_id} is deleted")
        return chat, message

    def contact_reads(self, chat_id: str) -> Message | None:
        """POST /_sim/chats/{id}/read: the other side reads everything the account sent, now
        (off LinkedIn: LinkedIn shows no read receipts). A read the behaviours had planned is
        called off. The latest message read, or None when there was nothing to read."""
        chat = self.inbox.chats.get(chat_id)
        if chat.account_type == LINKEDIN:
            raise ApiError(
                "feature_not_implemented",
                f"chat_id: LinkedIn chats have no read receipts (chat {chat_id})",
            )
        pending = self._pending_reads.pop(chat.id, None)
        if pending is not None:
            pending.cancelled = True
        return self._read_by_contact(chat)

    def _read_by_contact(self, chat: Chat) -> Message | None:
        key = chat.last_outbound
        if key is None or (chat.read_up_to is not None and chat.read_up_to >= key):
            return None
        chat.read_up_to = key
        if chat.delivered_up_to is None or chat.delivered_up_to < key:
            chat.delivered_up_to = key  # read implies delivered
        message = self.inbox.messages.get(chat.messages.id_at(key))
        account = self._world.accounts.get(chat.account_id)
        self._publish(
            account, "message_read", message_read_data(account, chat, self._now(), message.id)
        )
        return message

    def _attendee_fields(self, account: Account, attendee: Attendee) -> dict[str, Any]:
        return sender_fields(attendee, account, self._distance(account, attendee))

    def _announce_change(self, chat: Chat, changed: Message, event: str, **extra: Any) -> None:
        """A receipt or a change of a message (`message_delivered`, `message_reaction`...):
        the receipt keys, and what the event adds (`message`, `reaction`...)."""
        account = self._world.accounts.get(chat.account_id)
        data = message_receipt_data(
            account,
            chat,
            changed,
            self._attendee_fields(account, changed.sender),
            [self._attendee_fields(account, a) for a in chat.attendees],
        )
        self._publish(account, event, data | extra)

    def _plan_reply(self, chat: Chat) -> None:
        world = self._world
        behaviour = self._provider_replies.get(chat.account_type, self.behaviour)
        planned = behaviour.draw(world.rng, stickers=chat.account_type != LINKEDIN)
        if planned is None:
            return
        self._pending_replies[chat.id] = world.schedule_in(
            planned.delay_ms,
            "message_reply",
            lambda: self._planned_reply(chat.id, planned),
            chat_id=chat.id,
            account_id=chat.account_id,
        )

    def _planned_reply(self, chat_id: str, planned: PlannedReply) -> dict[str, Any]:
        """The reply comes: quoting the account's last message if it was drawn to (and the
        chat allows it), then its edit and its deletion, if drawn, are planned after it."""
        self._pending_replies.pop(chat_id, None)
        chat = self.inbox.chats.find(chat_id)
        if chat is None:
            return {"skipped": "account deleted"}
        quoted = None
        if planned.quotes and chat.last_outbound is not None:
            try:
                quoted = self._quotable(chat, chat.messages.id_at(chat.last_outbound))
            except ApiError:
                quoted = None  # deleted, or replies disabled: an unquoted reply
        text = planned.text if planned.form == "text" else None
        message = self._receive(chat, text, quoted, planned.form)
        world = self._world
        if planned.edit is not None:
            new_text, after_ms = planned.edit
            world.schedule_in(
                after_ms,
                "message_edited_by_contact",
                lambda: self._later(lambda: self.edit_by_contact(chat_id, message.id, new_text)),
                chat_id=chat_id,
                account_id=chat.account_id,
            )
        if planned.delete_after_ms is not None:
            world.schedule_in(
                planned.delete_after_ms,
                "message_deleted_by_contact",
                lambda: self._later(lambda: self.delete_by_contact(chat_id, message.id)),
                chat_id=chat_id,
                account_id=chat.account_id,
            )
        return {"message_id": message.id, "form": planned.form, "quoted": quoted}

    def _plan_reaction(self, chat: Chat, message: Message) -> None:
        if "reactions" in chat.disabled_features:
            return
        behaviour = self._provider_reactions.get(chat.account_type, self.reactions)
        drawn = behaviour.draw(self._world.rng)
        if drawn is None:
            return
        value, delay_ms = drawn
        chat_id, message_id = chat.id, message.id
        self._world.schedule_in(
            delay_ms,
            "message_reaction_by_contact",
            lambda: self._later(lambda: self.react(chat_id, message_id, value)),
            chat_id=chat_id,
            account_id=chat.account_id,
        )

    def _later(self, act: Callable[[], Message]) -> dict[str, Any]:
        """A change the behaviours planned, unless its chat or message has gone since."""
        try:
            return {"message_id": act().id}
        except ApiError as gone:
            return {"skipped": gone.detail or gone.error.title}

    def _receive(
        self,
        chat: Chat,
        text: str | None,
        quoted_id: str | None = None,
        form: str = "text",
    ) -> Message:
        account = self._world.accounts.get(chat.account_id)
        if chat.account_type != LINKEDIN:  # whoever replies read what came before
            pending = self._pending_reads.pop(chat.id, None)
            if pending is not None:
                pending.cancelled = True
            self._read_by_contact(chat)
        sender = chat.attendees[0]
        attachments = () if form == "text" else (self._received_file(chat, sender, form),)
        message = self._append(chat, sender, text, attachments, quoted_id=quoted_id)
        self._announce(account, chat, message)
        return message

    def _received_file(self, chat: Chat, sender: Attendee, form: str) -> Attachment:
        """A voice note of a drawn length, or the sender's sticker (world/received_media.py)."""
        ids = self._world.ids
        if form == "voice_note":
            seconds = self._world.rng.randint(*VOICE_NOTE_SECONDS)
            return Attachment(
                ids.unique_id(),
                "audio",
                "voice-note.wav",
                VOICE_NOTE_TYPE,
                voice_note_wav(seconds),
                voice_note=True,
                duration_s=seconds,
            )
        return Attachment(
            ids.unique_id(),
            "img",
            "sticker.png",
            STICKER_TYPE,
            sticker_png(f"{chat.account_id}/{sender.provider_id}"),
            STICKER_SIZE,
            STICKER_SIZE,
            sticker=True,
        )

    def _announce(self, account: Account, chat: Chat, message: Message) -> None:
        quoted = self.inbox.messages.find(message.quoted_id) if message.quoted_id else None
        data = message_received_data(
            account,
            chat,
            message,
            self._attendee_fields(account, message.sender),
            [self._attendee_fields(account, a) for a in chat.attendees],
            quoted,
        )
        self._publish(account, "message_received", data)

    def _publish(self, account: Account, name: str, data: dict[str, Any]) -> None:
        if account.status == "OK":  # no new message webhooks while the account is not OK
            self._world.bus.publish(WorldEvent(name, self._now(), account.id, data))

    def _distance(self, account: Account, attendee: Attendee) -> int | None:
        if attendee.person is None:
            return None
        return self._world.network.distance(account, attendee.person)

    def _chat_views(self, chat: Chat, messages: list[Message]) -> list[MessageView]:
        """`_view` for a page of one chat: its account's graph is found once, and each
        sender's distance once."""
        changes = self._changes
        if chat.account_type != LINKEDIN:  # receipts; no distances
            return self._with_quotes([
                MessageView(
                    message,
                    chat,
                    chat.seen(message),
                    None,
                    chat.delivered(message),
                    changes.get(message.id),
                )
                for message in messages
            ])
        graph = self._world.network.graph(self._world.accounts.get(chat.account_id))
        distances: dict[str, int | None] = {}
        # Chat.seen, inlined: a page asks it of every message.
        last_inbound, unread_since = chat.last_inbound, chat.unread_since
        quoting = False
        views = []
        for message in messages:
            sender = message.sender
            if sender.id in distances:
                distance = distances[sender.id]
            else:
                person = sender.person
                distance = distances[sender.id] = None if person is None else graph.distance(person)
            key = message.key
            if sender.person is None and sender.contact is None:  # the account sent it
                seen = last_inbound is not None and last_inbound > key
            else:
                seen = unread_since is None or key < unread_since
            if changes:  # most worlds never change a message: no lookup per message
                views.append(
                    MessageView(message, chat, seen, distance, True, changes.get(message.id))
                )
            else:
                views.append(MessageView(message, chat, seen, distance))
            quoting = quoting or message.quoted_id is not None
        return self._with_quotes(views) if quoting else views

    def _with_quotes(self, views: list[MessageView]) -> list[MessageView]:
        """The quoted messages of a page's quoting ones (rare: a lookup each)."""
        find = self.inbox.messages.find
        return [
            view._replace(quoted=find(view.message.quoted_id))
            if view.message.quoted_id is not None
            else view
            for view in views
        ]

    def _view(self, message: Message, chat: Chat) -> MessageView:
        account = self._world.accounts.get(chat.account_id)
        return MessageView(
            message,
            chat,
            chat.seen(message),
            self._distance(account, message.sender),
            chat.delivered(message),
            self._changes.get(message.id),
            self.inbox.messages.find(message.quoted_id) if message.quoted_id else None,
        )

    def _views(self, message_ids: list[str]) -> list[MessageView]:
        inbox = self.inbox
        views = []
        for message_id in message_ids:
            message = inbox.messages.get(message_id)
            views.append(self._view(message, inbox.chats.get(message.chat_id)))
        return views

    def _attendee_view(self, attendee: Attendee) -> AttendeeView:
        world = self._world
        account = world.accounts.get(attendee.account_id)
        person = attendee.person
        contact = attendee.contact
        if contact is not None:
            follows = None
            if contact.provider == INSTAGRAM:
                follows = (follows_of(account.id, contact), follows_back(account.id, contact))
            return AttendeeView(
                attendee, contact.name, contact.username, None, False, account.type, follows
            )
        if person is None:
            handle = account.public_identifier if account.type == LINKEDIN else account.username
            return AttendeeView(attendee, account.name, handle, None, False, account.type)
        return AttendeeView(
            attendee,
            person.full_name,
            person.public_identifier,
            world.network.distance(account, person),
            world.invitations.is_pending_sent(account.id, person),
        )

    def _on_event(self, event: WorldEvent) -> None:
        """A deleted account takes its chats, messages and attendees with it."""
        if (
            event.name == "account_status"
            and event.data.get("message") == "DELETED"
            and self._inbox is not None
            and event.account_id is not None
        ):
            inbox = self._inbox
            inbox.chats.forget_account(event.account_id)
            senders = inbox.attendees.forget_account(event.account_id)
            inbox.messages.forget_account(event.account_id, [a.id for a in senders])


def require_messaging(account: Account) -> Account:
    """Chats live on LinkedIn, WhatsApp, Instagram, Telegram and Messenger accounts."""
    return require_kind(account, MESSAGING_PROVIDERS, "chats")


SYNC_RUNNING_AFTER_MS = 1_000
SYNC_BASE_MS = 10_000
SYNC_PER_MESSAGE_MS = 10
SYNC_LONGEST_MS = 5 * 60_000


def _sync_status(elapsed_ms: int, messages: int) -> str:
    """Where a chat's resync is, `elapsed_ms` after it began: a second to start, then ten
    seconds plus 10 ms per message (five minutes at most) to run."""
    if elapsed_ms < SYNC_RUNNING_AFTER_MS:
        return "SYNC_STARTED"
    lasts = min(SYNC_BASE_MS + SYNC_PER_MESSAGE_MS * messages, SYNC_LONGEST_MS)
    return "SYNC_RUNNING" if elapsed_ms < SYNC_RUNNING_AFTER_MS + lasts else "SYNC_DONE"


def _api_of(account: Account) -> str:
    """The inbox a chat of a non-LinkedIn account lives in: the provider's one inbox."""
    return account.type.lower()


def _chat_key(chat: Chat) -> ChatKey:
    return chat.key


def _unread_is(chats: ChatBook, wanted: bool) -> Callable[[str], bool]:
    return lambda chat_id: (chats.get(chat_id).unread_count > 0) == wanted


def _sent_by(messages: MessageLog, provider_id: str) -> Callable[[str], bool]:
    return lambda message_id: messages.get(message_id).sender.provider_id == provider_id


def _window(
    after: Any | None, before_ms: int | None, after_ms: int | None
) -> tuple[Any | None, Any | None]:
    """Where a newest-first page starts and where it must stop, from a cursor key and the
    exclusive `before`/`after` instants."""
    start = after
    if start is None and before_ms is not None:
        start = (before_ms, -1)
    bound = (after_ms, LAST_SEQ) if after_ms is not None else None
    return start, bound


def _to_applicant(request: NewChat) -> bool:
    """Whether `POST /chats` writes to a job applicant (see `NewChat`)."""
    if request.api == "recruiter":
        return request.applicant_id is not None or request.job_posting_id is not None
    return request.api == "classic" and request.applicant_id is not None
