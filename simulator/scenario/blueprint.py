"""Compile a scenario and a seed into the initial records of a world, once.

The seeded RNGs run here, and the result is cached per (scenario content, seed): making or
resetting a world copies records instead of generating them again. The scenario's scripted
parts (timeline, faults, chaos, webhooks) stay in the scenario: `scenario/build.py` plays them
onto the world.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from simulator.clock import epoch_ms
from simulator.scenario.calendar_schema import calendar_behaviour
from simulator.scenario.email_schema import email_behaviour, mail_policy
from simulator.scenario.histories import compile_histories
from simulator.scenario.job_schema import job_behaviour
from simulator.scenario.loaded import LoadedScenario
from simulator.scenario.mail_history import compile_mail_history
from simulator.scenario.name_tables import full_name
from simulator.scenario.network_schema import (
    BehavioursSpec,
    LimitsSpec,
    PostBehaviourSpec,
    ReactionBehaviourSpec,
    ReadBehaviourSpec,
    ReplyBehaviourSpec,
    WhatsappRestrictionSpec,
)
from simulator.scenario.population import compile_population, slug_for
from simulator.scenario.schema import (
    SECRET_FIELDS,
    AccountSpec,
    CredentialSpec,
    OutcomeSpec,
    Scenario,
)
from simulator.world.accounts import MAIL_TYPES, Account, Organization
from simulator.world.auth import Identity, LoginOutcome, normalize_phone
from simulator.world.blueprint import WorldBlueprint
from simulator.world.chat_behaviours import (
    DEFAULT_EDIT_TEXTS,
    DEFAULT_REACTIONS,
    DEFAULT_REPLY_TEXTS,
    LaterChange,
    ReactionBehaviour,
    ReadBehaviour,
    ReplyBehaviour,
)
from simulator.world.ids import IdFactory
from simulator.world.invitations import InvitationBehaviour
from simulator.world.mail_addresses import own_address
from simulator.world.messaging import MessagingLimits, WhatsappRestriction
from simulator.world.people import RelationsMix, draw_account_network
from simulator.world.plans import PLAN_FEATURES, InvitationLimits, Limits
from simulator.world.post_behaviour import PostBehaviour

_DAY_MS = 86_400_000


class _Names:
    """Names for what a scenario leaves unnamed: a first and a last name from Faker's en_US
    tables (`name_tables.py`), drawn from a stream of their own, seeded per compilation."""

    def __init__(self) -> None:
        self._rng = random.Random(0)

    def reseed(self, seed: int | str) -> None:
        self._rng.seed(f"{seed}/names")

    def name(self) -> str:
        return full_name(self._rng)

    @contextmanager
    def reseeded(self, seed: int | str) -> Iterator[None]:
        """A stream of its own for the block; the outer stream goes on where it was after it."""
        outer_state = self._rng.getstate()
        self.reseed(seed)
        try:
            yield
        finally:
            self._rng.setstate(outer_state)


_names = _Names()  # one instance, reseeded per compilation


def compile_blueprint(loaded: LoadedScenario, seed: int | None = None) -> WorldBlueprint:
    effective_seed = loaded.scenario.seed if seed is None else seed
    return _compile_cached(loaded, effective_seed)


@lru_cache(maxsize=64)
def _compile_cached(loaded: LoadedScenario, seed: int) -> WorldBlueprint:
    scenario = loaded.scenario
    rng = random.Random(f"{seed}/blueprint")
    _names.reseed(seed)
    ids = IdFactory(rng)
    start_ms = epoch_ms(scenario.clock.start)
    accounts = tuple(
        _account(spec, seq, start_ms, rng, ids) for seq, spec in enumerate(scenario.accounts)
    )
    network = _network(scenario, accounts, seed, start_ms)
    return WorldBlueprint(
        name=scenario.name,
        seed=seed,
        start_ms=start_ms,
        clock_mode=scenario.clock.mode,
        api_key=scenario.api_key,
        accounts=accounts,
        identities=_identities(scenario.credentials, seed, start_ms),
        **network,
        **_messaging(scenario, accounts, network, seed, start_ms),
        mail_history=compile_mail_history(
            {
                account.id: spec.mailbox
                for spec, account in zip(scenario.accounts, accounts)
                if spec.mailbox is not None
            },
            accounts,
            network["people"],
            seed,
            start_ms,
        ),
        mail_policy=mail_policy(scenario.email, scenario.limits.emails_per_day),
        email_behaviour=email_behaviour(scenario.behaviours.email),
        calendar_behaviour=calendar_behaviour(scenario.behaviours.calendar),
        calendar_time_zone=scenario.behaviours.calendar.time_zone,
        job_behaviour=job_behaviour(scenario.behaviours.jobs),
        post_behaviour=_post_behaviour(scenario.behaviours.posts),
        daily_caps={
            "profile_views": scenario.limits.profile_views_per_day,
            "comments": scenario.limits.comments_per_day,
            "reactions": scenario.limits.reactions_per_day,
        },
    )


def _account(
    spec: AccountSpec, seq: int, start_ms: int, rng: random.Random, ids: IdFactory
) -> Account:
    name = spec.name or _names.name()
    created_at_ms = (
        epoch_ms(spec.created_at)
        if spec.created_at is not None
        else start_ms - rng.randint(30, 400) * _DAY_MS - rng.randint(0, _DAY_MS - 1)
    )
    account = Account(
        id=spec.id or ids.unique_id(),
        type=spec.provider,
        name=name,
        created_at_ms=created_at_ms,
        seq=seq,
        status=spec.status,
        email=spec.email,
    )
    if spec.provider == "LINKEDIN":
        features = list(PLAN_FEATURES[spec.plan])
        account.provider_user_id = ids.linkedin_member_id()
        account.username = name
        account.public_identifier = spec.public_identifier or slug_for(name, rng)
        account.premium_features = features
        account.premium_id = ids.digits(9) if features else None
        account.premium_contract_id = (
            ids.digits(9) if {"sales_navigator", "recruiter"} & set(features) else None
        )
        account.organizations = [
            Organization(
                name=org.name,
                organization_urn=f"urn:li:fsd_company:{ids.digits(8)}",
                mailbox_urn=f"urn:li:fsd_pageMailbox:{ids.digits(8)}",
                messaging_enabled=org.messaging_enabled,
            )
            for org in spec.organizations
        ]
    elif spec.provider == "WHATSAPP":
        account.phone_number = spec.phone_number or "33" + ids.digits(9)
        account.connection_method = "qrcode"
    else:
        account.provider_user_id = ids.unique_id()
        if spec.provider in MAIL_TYPES and account.email is None:
            account.email = own_address(account).identifier  # a mailbox has an address
        account.username = account.email or name
    return account


def _identities(
    credentials: list[CredentialSpec], seed: int, start_ms: int
) -> tuple[Identity, ...]:
    """Identities get their own random streams: adding one never changes another record."""
    rng = random.Random(f"{seed}/identities")
    ids = IdFactory(rng)
    with _names.reseeded(f"{seed}/identities"):
        return tuple(
            _identity(index, spec, start_ms, rng, ids) for index, spec in enumerate(credentials)
        )


def _identity(
    index: int, spec: CredentialSpec, start_ms: int, rng: random.Random, ids: IdFactory
) -> Identity:
    secrets = {
        name: getattr(spec, name) for name in SECRET_FIELDS if getattr(spec, name) is not None
    }
    if "phone_number" in secrets:
        secrets["phone_number"] = normalize_phone(secrets["phone_number"])
    profile_spec = AccountSpec(
        provider=spec.provider,
        name=spec.name,
        plan=spec.plan,
        public_identifier=spec.public_identifier,
        phone_number=secrets.get("phone_number"),
        email=spec.email or (spec.username if spec.provider == "MAIL" else None),
    )
    outcome = (
        LoginOutcome(tuple(spec.outcome.checkpoint), spec.outcome.error)
        if isinstance(spec.outcome, OutcomeSpec)
        else LoginOutcome()
    )
    return Identity(
        index=index,
        provider=spec.provider,
        secrets=secrets,
        outcome=outcome,
        profile=_account(profile_spec, -1, start_ms, rng, ids),
        account_id=spec.account,
    )


def _network(
    scenario: Scenario, accounts: tuple[Account, ...], seed: int, start_ms: int
) -> dict[str, Any]:
    """People once per (scenario, seed); each LinkedIn account's network from its own stream
    (`{seed}/network/{account id}`, the same one an account connected later draws from)."""
    population = compile_population(scenario.people, seed, start_ms)
    spec = scenario.relations
    mix = RelationsMix(spec.per_account, spec.second_degree, spec.third_degree, spec.since_days)
    networks = {
        account.id: draw_account_network(
            population.directory,
            mix,
            population.fixed_distances,
            random.Random(f"{seed}/network/{account.id}"),
            start_ms,
            population.fixed_since,
        )
        for account in accounts
        if account.type == "LINKEDIN"
    }
    return {
        "people": population.directory,
        "networks": MappingProxyType(networks),
        "relations_mix": mix,
        "fixed_distances": population.fixed_distances,
        "invitation_behaviour": _behaviour(scenario.behaviours),
        "limits": _limits(scenario.limits),
    }


def _behaviour(spec: BehavioursSpec) -> InvitationBehaviour:
    invitations = spec.invitations
    new_relation_delay_ms = (
        invitations.new_relation_delay.min,
        invitations.new_relation_delay.max,
    )
    warm = None
    if invitations.warm is not None:
        spec = invitations.warm
        warm = InvitationBehaviour(
            accept=spec.accept,
            decline=spec.decline,
            ignore=spec.ignore,
            delay_ms=(spec.delay.min, spec.delay.max),
            new_relation_delay_ms=new_relation_delay_ms,
        )
    return InvitationBehaviour(
        accept=invitations.accept,
        decline=invitations.decline,
        ignore=invitations.ignore,
        delay_ms=(invitations.delay.min, invitations.delay.max),
        new_relation_delay_ms=new_relation_delay_ms,
        warm=warm,
        warm_within_ms=invitations.warm.within if invitations.warm else 30 * _DAY_MS,
    )


def _limits(spec: LimitsSpec) -> Limits:
    plans = {
        plan: InvitationLimits(
            weekly=limits.weekly_invitations,
            daily=limits.daily_invitations,
            note_max_chars=limits.note_max_chars,
            notes_per_month=limits.notes_per_month,
        )
        for plan, limits in (
            ("free", spec.free),
            ("premium", spec.premium),
            ("sales_navigator", spec.sales_navigator),
            ("recruiter", spec.recruiter),
        )
    }
    return Limits(
        invitations=MappingProxyType(plans),
        inmail_credits=MappingProxyType(spec.inmail_credits.model_dump()),
        withdrawn_cooldown_ms=spec.withdrawn_invitation_cooldown,
    )


def _messaging(
    scenario: Scenario,
    accounts: tuple[Account, ...],
    network: dict[str, Any],
    seed: int,
    start_ms: int,
) -> dict[str, Any]:
    """Chat histories from each account's own stream (`{seed}/chats/{account id}`)."""
    chats_of = {
        account.id: spec.chats
        for spec, account in zip(scenario.accounts, accounts)
        if spec.chats is not None
    }
    behaviours = scenario.behaviours
    return {
        "messaging_history": compile_histories(
            chats_of, accounts, network["people"], network["networks"], seed, start_ms
        ),
        "reply_behaviour": _replies(behaviours.replies),
        "read_behaviour": _reads(behaviours.reads),
        "provider_reply_behaviours": {
            provider: _replies(spec.replies)
            for provider, spec in behaviours.providers.items()
            if spec.replies is not None
        },
        "provider_read_behaviours": {
            provider: _reads(spec.reads)
            for provider, spec in behaviours.providers.items()
            if spec.reads is not None
        },
        "reaction_behaviour": _reactions(behaviours.reactions),
        "provider_reaction_behaviours": {
            provider: _reactions(spec.reactions)
            for provider, spec in behaviours.providers.items()
            if spec.reactions is not None
        },
        "messaging_limits": MessagingLimits(
            messages_per_day=scenario.limits.messages_per_day,
            whatsapp_restriction=_whatsapp_restriction(scenario.limits.whatsapp_restriction),
        ),
    }


def _whatsapp_restriction(spec: WhatsappRestrictionSpec | None) -> WhatsappRestriction | None:
    if spec is None:
        return None
    return WhatsappRestriction(spec.unanswered_new_chats, spec.within, spec.lasts)


def _replies(spec: ReplyBehaviourSpec) -> ReplyBehaviour:
    edit, delete = spec.edit, spec.delete
    return ReplyBehaviour(
        probability=spec.probability,
        delay_ms=(spec.delay.min, spec.delay.max),
        texts=tuple(spec.texts) or DEFAULT_REPLY_TEXTS,
        quote=spec.quote,
        voice_notes=spec.voice_notes,
        stickers=spec.stickers,
        edit=LaterChange(
            edit.probability,
            (edit.delay.min, edit.delay.max),
            tuple(edit.texts) or DEFAULT_EDIT_TEXTS,
        )
        if edit.probability > 0
        else None,
        delete=LaterChange(delete.probability, (delete.delay.min, delete.delay.max))
        if delete.probability > 0
        else None,
    )


def _reactions(spec: ReactionBehaviourSpec) -> ReactionBehaviour:
    return ReactionBehaviour(
        probability=spec.probability,
        delay_ms=(spec.delay.min, spec.delay.max),
        values=tuple(spec.values) or DEFAULT_REACTIONS,
    )


def _reads(spec: ReadBehaviourSpec) -> ReadBehaviour:
    return ReadBehaviour(probability=spec.probability, delay_ms=(spec.delay.min, spec.delay.max))


def _post_behaviour(spec: PostBehaviourSpec) -> PostBehaviour:
    return PostBehaviour(
        reactions=(spec.reactions.min, spec.reactions.max),
        comments=(spec.comments.min, spec.comments.max),
        delay_ms=(spec.delay.min, spec.delay.max),
    )
