"""The initial records of a world: what `World` is built from.

A blueprint is compiled once per (scenario, seed) by `simulator.scenario.blueprint` and shared,
read-only, by every world made from it. It holds records only: the scenario's scripted parts
(timeline, fault rules, chaos, webhooks) are played onto a built world from above
(`simulator.scenario.play`), never interpreted here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from simulator.world.accounts import Account
from simulator.world.auth import Identity
from simulator.world.calendar_behaviour import CalendarBehaviour
from simulator.world.chat_behaviours import ReactionBehaviour, ReadBehaviour, ReplyBehaviour
from simulator.world.emails import Email
from simulator.world.invitations import InvitationBehaviour
from simulator.world.job_behaviour import JobBehaviour
from simulator.world.mail_behaviours import EmailBehaviour
from simulator.world.messaging import EMPTY_HISTORY, MessagingHistory, MessagingLimits
from simulator.world.outgoing_mail import MailPolicy
from simulator.world.people import (
    EMPTY_DIRECTORY,
    AccountNetworkSeed,
    PeopleDirectory,
    RelationsMix,
)
from simulator.world.plans import Limits
from simulator.world.post_behaviour import PostBehaviour


@dataclass(frozen=True)
class WorldBlueprint:
    name: str
    seed: int
    start_ms: int
    clock_mode: str
    api_key: str | None
    accounts: tuple[Account, ...]
    identities: tuple[Identity, ...] = ()
    # The LinkedIn network: shared, read-only people and each account's starting distances.
    people: PeopleDirectory = EMPTY_DIRECTORY
    networks: Mapping[str, AccountNetworkSeed] = field(default_factory=dict)
    relations_mix: RelationsMix = RelationsMix(60, 0.5, 0.3, 1500)
    fixed_distances: Mapping[str, int] = field(default_factory=dict)
    invitation_behaviour: InvitationBehaviour = InvitationBehaviour()
    limits: Limits = field(default_factory=Limits)
    # Messaging: the chats each account starts with (shared records), replies and caps.
    messaging_history: MessagingHistory = EMPTY_HISTORY
    reply_behaviour: ReplyBehaviour = ReplyBehaviour()
    read_behaviour: ReadBehaviour = ReadBehaviour()
    reaction_behaviour: ReactionBehaviour = ReactionBehaviour()
    # Providers whose people answer, read and react otherwise (`behaviours.providers`).
    provider_reply_behaviours: Mapping[str, ReplyBehaviour] = field(default_factory=dict)
    provider_read_behaviours: Mapping[str, ReadBehaviour] = field(default_factory=dict)
    provider_reaction_behaviours: Mapping[str, ReactionBehaviour] = field(default_factory=dict)
    messaging_limits: MessagingLimits = MessagingLimits()
    # Email: the emails each mailbox starts with (shared records).
    mail_history: Mapping[str, tuple[Email, ...]] = field(default_factory=dict)
    mail_policy: MailPolicy = MailPolicy()
    post_behaviour: PostBehaviour = PostBehaviour()
    # Daily caps on profile views, comments and reactions (world/daily_caps.py); None: none.
    daily_caps: Mapping[str, int | None] = field(default_factory=dict)
    email_behaviour: EmailBehaviour = EmailBehaviour()
    # Calendars: how invited attendees answer, and the calendars' own zone.
    calendar_behaviour: CalendarBehaviour = CalendarBehaviour()
    calendar_time_zone: str = "UTC"
    # Job postings: how many people apply, and how well they answer screening questions.
    job_behaviour: JobBehaviour = JobBehaviour()
