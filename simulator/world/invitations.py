"""LinkedIn invitations: sending under the plan's limits, withdrawing, and the other side's answer.

Rules (reference §4.3, §9), each checked on the world's clock:
- a note over 300 characters is a 400 `too_many_characters` on every plan; free plans stop at
  200 characters and a few notes a month (422 `limit_exceeded`);
- rolling 7-day and 24-hour caps per account: 422 `cannot_resend_yet` once reached;
- one pending invitation per person (422 `already_invited_recently`), none to a relation
  (422 `already_connected`), none to someone withdrawn within the cool-down (`cannot_resend_yet`);
- `usage` reports crossing 50/75/90/95 % of the weekly cap.

The invited person answers after a seeded delay (scenario behaviours); an acceptance makes a
relation at once and announces `new_relation` up to 8 hours later, as Unipile's polling does.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.clock import ScheduledEvent, iso_ms
from simulator.world.errors import ApiError
from simulator.world.events import WorldEvent
from simulator.world.index import AppendIndex
from simulator.world.people import ANSWERS, FIRST, Person
from simulator.world.plans import DAY_MS, MONTH_MS, NOTE_MAX_CHARS, WEEK_MS, usage_landing
from simulator.world.relations import require_linkedin

if TYPE_CHECKING:
    import random

    from simulator.world.accounts import Account
    from simulator.world.world import World

SENT, RECEIVED = "SENT", "RECEIVED"
PENDING, ACCEPTED, DECLINED, WITHDRAWN = "PENDING", "ACCEPTED", "DECLINED", "WITHDRAWN"
# How a closed invitation shows on the person's profile (`invitation.status`, reference §4.1).
_PROFILE_STATUS = {PENDING: "PENDING", DECLINED: "IGNORED", WITHDRAWN: "WITHDRAWN"}
MAX_NEW_RELATION_DELAY_MS = 8 * 3_600_000


@dataclass(frozen=True, slots=True)
class InvitationBehaviour:
    """How invited people answer: relative weights and delay ranges, drawn from world.rng."""

    accept: float = 0.35
    decline: float = 0.10
    ignore: float = 0.55
    delay_ms: tuple[int, int] = (2 * 3_600_000, 3 * DAY_MS)
    new_relation_delay_ms: tuple[int, int] = (10 * 60_000, MAX_NEW_RELATION_DELAY_MS)
    # How people answer an account that reacted to or commented on one of their posts within
    # `warm_within_ms` before inviting them (None: as everyone else).
    warm: InvitationBehaviour | None = None
    warm_within_ms: int = 30 * DAY_MS

    def draw_answer(self, rng: random.Random, person: Person) -> tuple[str, int]:
        answer = person.answer or self._drawn_answer(rng)
        return answer, rng.randint(*self.delay_ms)

    def _drawn_answer(self, rng: random.Random) -> str:
        """`rng.choices(ANSWERS, (accept, decline, ignore))[0]`: the same draw from the same
        stream, without the two lists `choices` builds (every invitation sent draws one)."""
        accept_below = self.accept
        decline_below = accept_below + self.decline
        total = decline_below + self.ignore + 0.0
        if not 0.0 < total < math.inf:  # choices' own error for weights that cannot be drawn
            return rng.choices(ANSWERS, (self.accept, self.decline, self.ignore))[0]
        drawn = rng.random() * total
        return ANSWERS[0 if drawn < accept_below else 1 if drawn < decline_below else 2]


@dataclass(slots=True)
class Invitation:
    id: str
    account_id: str
    direction: str  # SENT by the account, or RECEIVED from the person
    person: Person
    note: str | None
    created_at_ms: int
    seq: int
    status: str = PENDING
    closed_at_ms: int | None = None
    shared_secret: str | None = None  # received invitations: needed to accept or decline
    answer_event: ScheduledEvent | None = field(default=None, repr=False)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.created_at_ms, self.seq)


@dataclass(frozen=True, slots=True)
class SentInvitation:
    invitation: Invitation
    usage: int | None  # % of the weekly cap, only when this send crossed a landing


@dataclass(slots=True)
class SendLedger:
    """When an account sent invitations and notes: the rolling windows count these."""

    sends: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)

    @staticmethod
    def count_since(times: list[int], since_ms: int) -> int:
        """Entries strictly after `since_ms`: one sent at t leaves a window of w at t + w."""
        return len(times) - bisect.bisect_right(times, since_ms)

    def sent_under_cap(self, now_ms: int, window_ms: int, cap: int, name: str, span: str) -> int:
        """Sends in the window ending now; 422 `cannot_resend_yet`, saying when the window
        reopens, once they reach `cap`."""
        sent = self.count_since(self.sends, now_ms - window_ms)
        if sent >= cap:
            reopens = self.sends[len(self.sends) - sent] + window_ms
            raise ApiError(
                "cannot_resend_yet",
                f"account_id: {name} invitation limit reached ({cap} in {span}); "
                f"the next one can be sent at {iso_ms(reopens)}",
            )
        return sent

    def forget_before(self, cutoff_ms: int) -> None:
        for times in (self.sends, self.notes):
            if times and times[0] <= cutoff_ms:
                del times[: bisect.bisect_right(times, cutoff_ms)]


class InvitationBook:
    """Every invitation of one world, sent and received, pending and closed."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._by_id: dict[str, Invitation] = {}
        # Keyed (created_at_ms, seq): a new invitation is the newest, an append.
        self._pending: dict[tuple[str, str], AppendIndex] = {}
        # The latest invitation between an account and a person, whatever its status.
        self._latest: dict[tuple[str, str], Invitation] = {}
        self._ledgers: dict[str, SendLedger] = {}
        self._next_seq = 0

    # -- reads --------------------------------------------------------------------------------

    def get(self, account_id: str, invitation_id: str, direction: str) -> Invitation:
        invitation = self._by_id.get(invitation_id)
        if (
            invitation is None
            or invitation.account_id != account_id
            or invitation.direction != direction
        ):
            raise ApiError(
                "resource_not_found", f"Invitation not found (invitation_id {invitation_id!r})"
            )
        return invitation

    def page(
        self, account_id: str, direction: str, after: tuple[int, int] | None, limit: int
    ) -> tuple[list[Invitation], tuple[int, int] | None]:
        """Pending invitations, newest first (accepted and declined ones leave the list)."""
        account = require_linkedin(self._world.accounts.get(account_id))
        index = self._pending.get((account.id, direction))
        if index is None:
            return [], None
        sliced = index.page(after, limit)
        return [self._by_id[i] for i in sliced.ids], sliced.next_after

    def latest_with(self, account_id: str, person: Person) -> Invitation | None:
        return self._latest.get((account_id, person.provider_id))

    def profile_invitation(self, account_id: str, person: Person) -> dict[str, str] | None:
        """`invitation {type, status}` of a profile: present while one is pending or closed
        without a relation."""
        latest = self.latest_with(account_id, person)
        if latest is None or latest.status not in _PROFILE_STATUS:
            return None
        return {"type": latest.direction, "status": _PROFILE_STATUS[latest.status]}

    def is_pending_sent(self, account_id: str, person: Person) -> bool:
        latest = self.latest_with(account_id, person)
        return latest is not None and latest.direction == SENT and latest.status == PENDING

    def sent_in_window(self, account_id: str) -> tuple[int, int]:
        """(sent in the last 7 days, sent in the last 24 hours) for an account."""
        ledger = self._ledgers.get(account_id) or SendLedger()
        now = self._world.now_ms()
        return ledger.count_since(ledger.sends, now - WEEK_MS), ledger.count_since(
            ledger.sends, now - DAY_MS
        )

    # -- the account acts ---------------------------------------------------------------------

    def send(self, account_id: str, provider_id: str, note: str | None) -> SentInvitation:
        if note is not None and len(note) > NOTE_MAX_CHARS:
            raise ApiError(
                "too_many_characters",
                f"message: an invitation note has at most {NOTE_MAX_CHARS} characters, "
                f"got {len(note)}",
            )
        world = self._world
        account = self._acting_account(account_id)
        person = world.network.directory.by_provider_id(provider_id)
        if person is None:
            if provider_id == account.provider_user_id:
                raise ApiError("invalid_recipient", "provider_id: an account cannot invite itself")
            raise ApiError("resource_not_found", f"User not found (provider_id {provider_id!r})")
        self._check_can_invite(account, person)
        limits = world.limits.invitations_for(account)
        now = world.now_ms()
        ledger = self._ledgers.get(account.id)
        if ledger is None:
            ledger = self._ledgers[account.id] = SendLedger()
        ledger.forget_before(now - MONTH_MS)
        if note:
            if len(note) > limits.note_max_chars:
                raise ApiError(
                    "too_many_characters",
                    f"message: this account's plan allows notes of at most "
                    f"{limits.note_max_chars} characters, got {len(note)}",
                )
            if limits.notes_per_month is not None and (
                ledger.count_since(ledger.notes, now - MONTH_MS) >= limits.notes_per_month
            ):
                raise ApiError(
                    "limit_exceeded",
                    f"message: this account's plan allows {limits.notes_per_month} invitation "
                    "notes per 30 days; send the invitation without a note",
                )
        # Counted only under a cap (a plan without one sends uncounted, and reports no usage).
        sent_week = 0
        if limits.weekly is not None:
            sent_week = ledger.sent_under_cap(now, WEEK_MS, limits.weekly, "weekly", "7 days")
        if limits.daily is not None:
            ledger.sent_under_cap(now, DAY_MS, limits.daily, "daily", "24 hours")

        invitation = self._open(account, person, SENT, note or None)
        ledger.sends.append(now)
        if note:
            ledger.notes.append(now)
        behaviour = world.blueprint.invitation_behaviour
        if behaviour.warm is not None and world.posts.engaged(
            account.id, person, behaviour.warm_within_ms
        ):
            behaviour = behaviour.warm
        answer, delay_ms = behaviour.draw_answer(world.rng, person)
        if answer != "ignore":
            invitation.answer_event = world.schedule_in(
                delay_ms,
                "invitation_accepted" if answer == "accept" else "invitation_declined",
                lambda: self._answer(invitation, answer),
                invitation_id=invitation.id,
                account_id=account.id,
            )
        return SentInvitation(invitation, usage_landing(sent_week, sent_week + 1, limits.weekly))

    def withdraw(self, account_id: str, invitation_id: str) -> Invitation:
        self._acting_account(account_id)
        invitation = self.get(account_id, invitation_id, SENT)
        if invitation.status != PENDING:
            raise ApiError(
                "resource_not_found",
                f"Invitation not found (invitation_id {invitation_id!r} is {invitation.status})",
            )
        self._close(invitation, WITHDRAWN)
        return invitation

    def handle_received(
        self,
        account_id: str,
        invitation_id: str,
        action: str,
        *,
        provider: str = "LINKEDIN",
        shared_secret: str | None = None,
    ) -> Invitation:
        """Accept or decline. `provider` is the body's: it must be the account's. Only LinkedIn
        accounts receive invitations in the world so far, so an Instagram account (Postpress's
        variant) finds none: 404."""
        accounts = self._world.accounts
        account = accounts.get(account_id)
        if account.type != provider:
            raise ApiError(
                "invalid_account",
                f"account_id: account {account.id} is a {account.type} account, not {provider}",
            )
        accounts.require_usable(account_id)
        invitation = self.get(account_id, invitation_id, RECEIVED)
        if invitation.status != PENDING:
            raise ApiError(
                "action_already_performed",
                f"invitation_id: invitation {invitation_id} is already {invitation.status}",
            )
        if invitation.shared_secret is not None and shared_secret != invitation.shared_secret:
            raise ApiError("invalid_parameters", "shared_secret: does not match the invitation's")
        if action == "accept":
            self._accept(account, invitation)
        else:
            self._close(invitation, DECLINED)
        return invitation

    # -- the other side acts (behaviours, or the control plane) --------------------------------

    def force_answer(self, invitation_id: str, answer: str) -> dict[str, Any]:
        """`POST /_sim/invitations/{id}/accept|decline`: the invited person answers now."""
        invitation = self._by_id.get(invitation_id)
        if invitation is None:
            raise ApiError(
                "resource_not_found", f"Invitation not found (invitation_id {invitation_id!r})"
            )
        if invitation.direction != SENT:
            raise ApiError(
                "unprocessable_entity",
                f"invitation_id: {invitation_id} was received by the account; answer it with "
                "POST /api/v1/users/invite/received/{invitation_id}",
            )
        if invitation.status != PENDING:
            raise ApiError(
                "action_already_performed",
                f"invitation_id: invitation {invitation_id} is already {invitation.status}",
            )
        if invitation.answer_event is not None:
            # The answer the behaviours drew is called off: a forced decline must not turn
            # into a relation days later, nor a forced accept announce `new_relation` twice.
            invitation.answer_event.cancelled = True
        return self._answer(invitation, answer)

    def receive(self, provider_id: str, account_id: str, note: str | None) -> Invitation:
        """`POST /_sim/people/{provider_id}/invite`: a member invites the account."""
        world = self._world
        person = world.network.person(provider_id)
        account = require_linkedin(world.accounts.get(account_id))
        # The cool-down binds whoever withdrew; a member the account withdrew from may invite it.
        self._check_can_invite(account, person, after_withdrawal=False)
        invitation = self._open(account, person, RECEIVED, note or None)
        invitation.shared_secret = world.ids.unique_id()
        return invitation

    # -- internals ----------------------------------------------------------------------------

    def _acting_account(self, account_id: str) -> Account:
        accounts = self._world.accounts
        require_linkedin(accounts.get(account_id))
        return accounts.require_usable(account_id)

    def _check_can_invite(
        self, account: Account, person: Person, after_withdrawal: bool = True
    ) -> None:
        if self._world.network.distance(account, person) == FIRST:
            raise ApiError(
                "already_connected",
                f"provider_id: {person.full_name} is already a 1st-degree relation",
            )
        latest = self.latest_with(account.id, person)
        if latest is None:
            return
        if latest.status == PENDING:
            sender = "this account" if latest.direction == SENT else person.full_name
            raise ApiError(
                "already_invited_recently",
                f"provider_id: an invitation from {sender} is already pending ({latest.id})",
            )
        cooldown_ms = self._world.limits.withdrawn_cooldown_ms
        if after_withdrawal and latest.status == WITHDRAWN and latest.closed_at_ms is not None:
            reopens = latest.closed_at_ms + cooldown_ms
            if self._world.now_ms() < reopens:
                raise ApiError(
                    "cannot_resend_yet",
                    f"provider_id: the invitation to {person.full_name} was withdrawn; "
                    f"LinkedIn allows a new one from {iso_ms(reopens)}",
                )

    def _open(
        self, account: Account, person: Person, direction: str, note: str | None
    ) -> Invitation:
        world = self._world
        invitation_id = "7" + world.ids.digits(18)
        while invitation_id in self._by_id:
            invitation_id = "7" + world.ids.digits(18)
        self._next_seq += 1
        invitation = Invitation(
            invitation_id, account.id, direction, person, note, world.now_ms(), self._next_seq
        )
        self._by_id[invitation.id] = invitation
        self._latest[(account.id, person.provider_id)] = invitation
        index = self._pending.get((account.id, direction))
        if index is None:
            index = self._pending[(account.id, direction)] = AppendIndex(newest_first=True)
        index.add(invitation.sort_key, invitation.id)
        return invitation

    def _close(self, invitation: Invitation, status: str) -> None:
        invitation.status = status
        invitation.closed_at_ms = self._world.now_ms()
        if invitation.answer_event is not None:
            invitation.answer_event.cancelled = True
            invitation.answer_event = None
        index = self._pending.get((invitation.account_id, invitation.direction))
        if index is not None:
            index.remove(invitation.id)

    def _answer(self, invitation: Invitation, answer: str) -> dict[str, Any]:
        invitation.answer_event = None  # firing now, or forced (force_answer called it off)
        outcome: dict[str, Any] = {
            "invitation_id": invitation.id,
            "account_id": invitation.account_id,
            "user_provider_id": invitation.person.provider_id,
        }
        try:
            account = self._world.accounts.get(invitation.account_id)
        except ApiError:  # the account was deleted while the invitation waited
            self._close(invitation, WITHDRAWN)
            return outcome | {"status": "ACCOUNT_DELETED"}
        if answer == "accept":
            notice_at = self._accept(account, invitation)
            return outcome | {"status": ACCEPTED, "new_relation_at": iso_ms(notice_at)}
        self._close(invitation, DECLINED)
        return outcome | {"status": DECLINED}

    def _accept(self, account: Account, invitation: Invitation) -> int:
        """The relation exists now; Unipile notices it (`new_relation`) after a seeded delay."""
        world = self._world
        self._close(invitation, ACCEPTED)
        world.network.connect(account, invitation.person)
        delay_ms = world.rng.randint(*world.blueprint.invitation_behaviour.new_relation_delay_ms)
        person = invitation.person
        world.schedule_in(
            delay_ms,
            "new_relation",
            lambda: self._announce_relation(account.id, person),
            account_id=account.id,
            user_provider_id=person.provider_id,
        )
        return world.now_ms() + delay_ms

    def _announce_relation(self, account_id: str, person: Person) -> dict[str, Any] | None:
        world = self._world
        try:
            account = world.accounts.get(account_id)
        except ApiError:
            return {"status": "ACCOUNT_DELETED"}
        world.bus.publish(
            WorldEvent(
                "new_relation",
                world.now_ms(),
                account.id,
                {
                    "account_type": account.type,
                    "user_full_name": person.full_name,
                    "user_provider_id": person.provider_id,
                    "user_public_identifier": person.public_identifier,
                    "user_profile_url": person.profile_url,
                    "user_picture_url": person.picture_url,
                },
            )
        )
        return None
