"""A World: everything one API key sees, on its own clock, from its own seed.

Built from a blueprint's records alone; a scenario's faults, chaos, webhooks and timeline are
installed by whoever builds it (`simulator.scenario.build.build_world`).
"""

from __future__ import annotations

import hashlib
import random
import time
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

from simulator.clock import ClockMode, EventQueue, ScheduledEvent, VirtualClock, iso_ms
from simulator.world.accounts import AccountStore
from simulator.world.auth import AuthEngine
from simulator.world.blueprint import WorldBlueprint
from simulator.world.daily_caps import DailyCaps
from simulator.world.errors import invalid_parameter
from simulator.world.events import EventBus
from simulator.world.faults import FaultBook
from simulator.world.hosted import HostedSessions
from simulator.world.idempotency import IdempotencyBook
from simulator.world.ids import IdFactory
from simulator.world.invitations import InvitationBook
from simulator.world.journal import RequestJournal
from simulator.world.mail import Mail
from simulator.world.messaging import Messaging
from simulator.world.relations import Network
from simulator.world.webhooks import WebhookStore

if TYPE_CHECKING:
    from simulator.world.calendars import Calendars
    from simulator.world.companies import CompanyPages
    from simulator.world.endorsements import Endorsements
    from simulator.world.followers import Followers
    from simulator.world.instagram_posts import InstagramPosts
    from simulator.world.jobs import Jobs
    from simulator.world.lifecycle import Lifecycle
    from simulator.world.member_actions import MemberActions
    from simulator.world.posts import Posts
    from simulator.world.profile_edits import ProfileEdits
    from simulator.world.search import PeopleSearch


class World:
    def __init__(
        self,
        blueprint: WorldBlueprint,
        api_key: str,
        clock_mode: ClockMode | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.blueprint = blueprint
        self.api_key = api_key
        # Names the world in URLs anyone may fetch (tracking pixels and links) without the key.
        self.public_id = hashlib.sha256(api_key.encode()).hexdigest()[:16]
        self.clock = VirtualClock(blueprint.start_ms, clock_mode or blueprint.clock_mode, monotonic)
        self.queue = EventQueue()
        self.bus = EventBus()
        self.rng = random.Random(f"{blueprint.seed}/world")
        self.ids = IdFactory(self.rng)
        self.accounts = AccountStore(self)
        # The LinkedIn network: people shared with the blueprint, per-account state made lazily.
        self.limits = blueprint.limits
        self.network = Network(self)
        self.invitations = InvitationBook(self)
        self.auth = AuthEngine(self, blueprint.identities)
        self.hosted = HostedSessions(self)
        self.journal = RequestJournal()
        self.idempotency = IdempotencyBook(self.now_ms)
        self.webhooks = WebhookStore(self)
        # Chats and messages: indexed over the blueprint's shared history on first use.
        self.messaging = Messaging(self)
        # Mailboxes: indexed over the blueprint's shared history on first use.
        self.mail = Mail(self)
        self.daily_caps = DailyCaps(self, blueprint.daily_caps)
        # Faults draw from their own stream: adding a rule never shifts the ids the world makes.
        self.faults = FaultBook(random.Random(f"{blueprint.seed}/faults"))
        for account in blueprint.accounts:
            self.accounts.add(account.copy())

    # -- what most worlds never use: made (and its module imported) on first use, so that
    # starting a server and creating a world cost nothing for them --------------------------

    @cached_property
    def search(self) -> PeopleSearch:
        from simulator.world.search import PeopleSearch

        return PeopleSearch(self)

    @cached_property
    def lifecycle(self) -> Lifecycle:
        from simulator.world.lifecycle import Lifecycle

        return Lifecycle(self)

    @cached_property
    def posts(self) -> Posts:
        """The network's posts: drawn per author on first read."""
        from simulator.world.posts import Posts

        return Posts(self)

    @cached_property
    def instagram_posts(self) -> InstagramPosts:
        from simulator.world.instagram_posts import InstagramPosts

        return InstagramPosts(self)

    @cached_property
    def calendars(self) -> Calendars:
        from simulator.world.calendars import Calendars

        blueprint = self.blueprint
        return Calendars(self, blueprint.calendar_time_zone, blueprint.calendar_behaviour)

    @cached_property
    def jobs(self) -> Jobs:
        from simulator.world.jobs import Jobs

        return Jobs(self, self.blueprint.job_behaviour)

    @cached_property
    def companies(self) -> CompanyPages:
        from simulator.world.companies import CompanyPages

        return CompanyPages(self)

    @cached_property
    def member_actions(self) -> MemberActions:
        from simulator.world.member_actions import MemberActions

        return MemberActions(self)

    @cached_property
    def endorsements(self) -> Endorsements:
        from simulator.world.endorsements import Endorsements

        return Endorsements(self)

    @cached_property
    def followers(self) -> Followers:
        from simulator.world.followers import Followers

        return Followers(self)

    @cached_property
    def profile_edits(self) -> ProfileEdits:
        from simulator.world.profile_edits import ProfileEdits

        return ProfileEdits(self)

    # -- time -------------------------------------------------------------------------------

    def now_ms(self) -> int:
        return self.clock.now_ms()

    def schedule_at(
        self, due_ms: int, kind: str, action: Callable[[], dict[str, Any] | None], **details: Any
    ) -> ScheduledEvent:
        return self.queue.schedule(due_ms, kind, action, **details)

    def schedule_in(
        self, delay_ms: int, kind: str, action: Callable[[], dict[str, Any] | None], **details: Any
    ) -> ScheduledEvent:
        return self.schedule_at(self.now_ms() + delay_ms, kind, action, **details)

    def advance_to(self, target_ms: int) -> list[dict[str, Any]]:
        """Move time forward to `target_ms`, firing every due event in time order."""
        if target_ms < self.now_ms():
            raise invalid_parameter("until", "cannot move the clock backwards")
        fired = self._fire_due(target_ms)
        self.clock.set(target_ms)
        return fired

    def advance_by(self, seconds: float) -> list[dict[str, Any]]:
        if seconds < 0:
            raise invalid_parameter("seconds", "must be zero or positive")
        return self.advance_to(self.now_ms() + round(seconds * 1000))

    def catch_up(self) -> list[dict[str, Any]]:
        """Fire what a running clock has made due; a no-op on a frozen clock."""
        if self.clock.mode == "frozen" or self.queue.next_due_ms() is None:
            return []
        return self._fire_due(self.now_ms(), move_clock=False)

    def _fire_due(self, until_ms: int, move_clock: bool = True) -> list[dict[str, Any]]:
        fired: list[dict[str, Any]] = []
        while (event := self.queue.pop_due(until_ms)) is not None:
            if move_clock and event.due_ms > self.now_ms():
                self.clock.set(event.due_ms)
            outcome = event.action() or {}
            fired.append({"at": iso_ms(event.due_ms), "kind": event.kind, **event.details, **outcome})
        return fired
