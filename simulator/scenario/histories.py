"""Compile the accounts' `chats` into the messaging history a world starts with, once.

Each account draws from its own stream (`{seed}/chats/{account id}`): adding a chat to one
account never changes another's, nor anything else the blueprint compiles. The records made
here (attendees, messages) are immutable and shared by every world of the blueprint.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from simulator.scenario.messaging_schema import ChatsSpec, ThreadSpec, thread_members, thread_times
from simulator.world.accounts import Account
from simulator.world.attendees import Attendee, attendee_id
from simulator.world.chats import ChatSeed
from simulator.world.contacts import INSTAGRAM, LINKEDIN, contact_of, follows_back, own_provider_id
from simulator.world.ids import IdFactory
from simulator.world.messages import Message
from simulator.world.messaging import EMPTY_HISTORY, MessagingHistory
from simulator.world.people import AccountNetworkSeed, PeopleDirectory, Person
from simulator.world.provider_ids import chat_provider_id

# What generated chats say: the account opens or follows up, the other side answers.
_FROM_ME = (
    "Hi {first}, thanks for connecting! Would love to hear what you're working on.",
    "Hi {first}, quick question about your team's tooling, do you have 10 minutes this week?",
    "Following up on my last note, happy to send more details.",
    "Great chatting today, {first}. Sending the deck over now.",
    "Does next Tuesday at 3pm work for you?",
    "Thanks {first}, talk soon!",
    "Congrats on the new role!",
    "Let me know if you have any questions.",
)
_FROM_THEM = (
    "Hi! Thanks for reaching out.",
    "Sure, what did you have in mind?",
    "Sounds interesting, can you share more?",
    "Tuesday works, send an invite.",
    "Not a priority for us right now, but keep in touch.",
    "Thanks for the note, I'll get back to you next week.",
    "Happy to connect! Are you going to the conference in March?",
    "Got it, thanks.",
)
_GAP_MS = 60_000


class _AccountHistory:
    """One account's attendees, chats and messages, from its own random stream."""

    def __init__(self, account: Account, seed: int, counters: dict[str, int]) -> None:
        self.account = account
        self.rng = random.Random(f"{seed}/chats/{account.id}")
        self.ids = IdFactory(self.rng)
        self.counters = counters
        self.attendees: dict[str, Attendee] = {}
        self.chats: list[ChatSeed] = []
        self.me = self._attendee(own_provider_id(account), None)

    def _next(self, counter: str) -> int:
        value = self.counters[counter]
        self.counters[counter] = value + 1
        return value

    def _attendee(self, provider_id: str, person: Person | None) -> Attendee:
        """`provider_id`: the member's LinkedIn id (or the account's own id). Off LinkedIn the
        attendee is the member's contact on the account's provider."""
        attendee = self.attendees.get(provider_id)
        if attendee is None:
            contact = None
            if person is not None and self.account.type != LINKEDIN:
                contact = contact_of(person, self.account.type)
            attendee = Attendee(
                attendee_id(self.account.id, contact.provider_id if contact else provider_id),
                self.account.id,
                contact.provider_id if contact else provider_id,
                self._next("attendee"),
                person if contact is None else None,
                contact,
            )
            self.attendees[provider_id] = attendee
        return attendee

    def add_chat(
        self,
        people: Sequence[Person],
        lines: Sequence[tuple[Person | None, str, int]],
        unread: int,
        api: str = "classic",
        inmail: bool = False,
        subject: str | None = None,
        chat_id: str | None = None,
        disabled_features: tuple[str, ...] = (),
    ) -> None:
        """`lines`: (sender or None for the account, text, epoch ms), oldest first."""
        account = self.account
        chat_id = chat_id or self.ids.unique_id()
        attendees = tuple(self._attendee(p.provider_id, p) for p in people)
        provider_id = chat_provider_id(
            account.type,
            self.ids.unique_id(),
            attendees[0].provider_id if len(attendees) == 1 else None,
        )
        by_member = {p.provider_id: a for p, a in zip(people, attendees)}
        messages = []
        for position, (sender, text, at_ms) in enumerate(lines):
            opens_inmail = inmail and position == 0
            messages.append(
                Message(
                    self.ids.unique_id(),
                    chat_id,
                    account.id,
                    self.me if sender is None else by_member[sender.provider_id],
                    (at_ms, self._next("message")),
                    text,
                    (),
                    "INMAIL" if opens_inmail else "MESSAGE",
                    subject if position == 0 and account.type == LINKEDIN else None,
                )
            )
        self.chats.append(
            ChatSeed(
                chat_id,
                account.id,
                account.type,
                provider_id,
                attendees,
                self._next("chat"),
                api if account.type == LINKEDIN else account.type.lower(),
                "inmail" if inmail else None,
                subject if len(attendees) > 1 else None,
                subject if account.type == LINKEDIN else None,
                tuple(messages),
                unread,
                disabled_features,
            )
        )

    def listed(self, thread: ThreadSpec, directory: PeopleDirectory, start_ms: int) -> None:
        people = [directory.find(ref) for ref in thread_members(thread)]
        members = [p for p in people if p is not None]  # the scenario checked every name
        by_ref = dict(zip(thread_members(thread), members))
        lines = []
        for message, at_ms in zip(thread.messages, thread_times(thread, start_ms)):
            sender = None
            if message.sender == "them":
                sender = members[0]
            elif message.sender != "me":
                sender = by_ref[message.sender]
            lines.append((sender, message.text, at_ms))
        unread = thread.unread
        if unread is None:
            unread = 0
            for sender, _, _ in reversed(lines):
                if sender is None:
                    break
                unread += 1
        self.add_chat(
            members,
            lines,
            unread,
            thread.api,
            thread.inmail,
            thread.subject,
            thread.id,
            tuple(dict.fromkeys(thread.disabled_features)),
        )

    def generated(self, spec: ChatsSpec, partners: list[Person], start_ms: int) -> None:
        rng = self.rng
        for person in partners:
            count = rng.randint(spec.messages.min, spec.messages.max)
            first_ms = start_ms - rng.randint(count * _GAP_MS, max(spec.within, count * _GAP_MS))
            times = sorted(rng.randint(first_ms, start_ms - _GAP_MS) for _ in range(count - 1))
            ends_unread = rng.random() < spec.unread
            sender: Person | None = None if rng.random() < 0.6 else person
            lines = []
            for position, at_ms in enumerate([first_ms, *times]):
                if position == count - 1 and ends_unread:
                    sender = person
                pool = _FROM_ME if sender is None else _FROM_THEM
                text = rng.choice(pool)
                if "{first}" in text:
                    text = text.format(first=person.first_name)
                lines.append((sender, text, at_ms))
                if rng.random() < 0.7:
                    sender = person if sender is None else None
            unread = 0
            if ends_unread:
                for line_sender, _, _ in reversed(lines):
                    if line_sender is None:
                        break
                    unread += 1
            self.add_chat([person], lines, unread)


def compile_histories(
    chats_of: Mapping[str, ChatsSpec],
    accounts: Sequence[Account],
    directory: PeopleDirectory,
    networks: Mapping[str, AccountNetworkSeed],
    seed: int,
    start_ms: int,
) -> MessagingHistory:
    """`chats_of`: each account id's `chats` spec (LinkedIn accounts that have one)."""
    if not chats_of:
        return EMPTY_HISTORY
    counters = {"attendee": 0, "chat": 0, "message": 0}
    attendees: list[Attendee] = []
    chats: list[ChatSeed] = []
    for account in accounts:
        spec = chats_of.get(account.id)
        if spec is None:
            continue
        history = _AccountHistory(account, seed, counters)
        if account.type != LINKEDIN:
            for thread in spec.threads:
                history.listed(thread, directory, start_ms)
            history.generated(spec, _contacts_to_draw(account, directory, spec, history), start_ms)
            attendees += history.attendees.values()
            chats += history.chats
            continue
        taken: set[str] = set()
        for thread in spec.threads:
            history.listed(thread, directory, start_ms)
            members = thread_members(thread)
            if len(members) == 1 and thread.api == "classic":
                person = directory.find(members[0])
                if person is not None:
                    taken.add(person.provider_id)
        network = networks.get(account.id)
        relations = [
            person
            for relation in (network.relations if network is not None else ())
            if relation.provider_id not in taken
            and (person := directory.by_provider_id(relation.provider_id)) is not None
        ]
        history.rng.shuffle(relations)
        history.generated(spec, relations[: spec.generate], start_ms)
        attendees += history.attendees.values()
        chats += history.chats
    return MessagingHistory(tuple(attendees), tuple(chats))


def _contacts_to_draw(
    account: Account, directory: PeopleDirectory, spec: ChatsSpec, history: _AccountHistory
) -> list[Person]:
    """Off LinkedIn, generated chats are with members reachable on the provider (on WhatsApp;
    following the account on Instagram) that no listed thread names, drawn from the
    account's stream."""
    taken = {thread.with_ for thread in spec.threads if isinstance(thread.with_, str)}
    wanted = spec.generate
    picked: list[Person] = []
    if not wanted or not directory.people:
        return picked
    order = list(range(len(directory.people)))
    history.rng.shuffle(order)
    for index in order:
        person = directory.people[index]
        if person.public_identifier in taken or person.provider_id in taken:
            continue
        contact = contact_of(person, account.type)
        if not contact.reachable:
            continue
        if account.type == INSTAGRAM and not follows_back(account.id, contact):
            continue
        picked.append(person)
        if len(picked) == wanted:
            break
    return picked
