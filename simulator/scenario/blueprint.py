"""Compile a scenario and a seed into the initial records of a world, once.

Faker and the RNG run here, and the result is cached per (scenario content, seed): making or
resetting a world copies records instead of generating them again.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

from simulator.clock import epoch_ms
from simulator.scenario.loader import LoadedScenario
from simulator.scenario.schema import AccountSpec
from simulator.world.accounts import Account, Organization
from simulator.world.ids import IdFactory

_DAY_MS = 86_400_000
_PLAN_FEATURES: dict[str, list[str]] = {
    "free": [],
    "premium": ["premium"],
    "sales_navigator": ["premium", "sales_navigator"],
    "recruiter": ["premium", "recruiter"],
}
_faker = Faker("en_US")  # one instance, reseeded per compilation (instantiation is slow)


@dataclass(frozen=True)
class WorldBlueprint:
    name: str
    seed: int
    start_ms: int
    clock_mode: str
    api_key: str | None
    accounts: tuple[Account, ...]


def compile_blueprint(loaded: LoadedScenario, seed: int | None = None) -> WorldBlueprint:
    effective_seed = loaded.scenario.seed if seed is None else seed
    return _compile_cached(loaded, effective_seed)


@lru_cache(maxsize=64)
def _compile_cached(loaded: LoadedScenario, seed: int) -> WorldBlueprint:
    scenario = loaded.scenario
    rng = random.Random(f"{seed}/blueprint")
    _faker.seed_instance(seed)
    ids = IdFactory(rng)
    start_ms = epoch_ms(scenario.clock.start)
    accounts = tuple(
        _account(spec, seq, start_ms, rng, ids) for seq, spec in enumerate(scenario.accounts)
    )
    return WorldBlueprint(
        name=scenario.name,
        seed=seed,
        start_ms=start_ms,
        clock_mode=scenario.clock.mode,
        api_key=scenario.api_key,
        accounts=accounts,
    )


def _account(
    spec: AccountSpec, seq: int, start_ms: int, rng: random.Random, ids: IdFactory
) -> Account:
    name = spec.name or _faker.name()
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
        features = list(_PLAN_FEATURES[spec.plan])
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
        account.username = spec.email or name
    return account


def slug_for(name: str, rng: random.Random) -> str:
    """A LinkedIn-style public identifier: `johnny-correa-2a86044`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{words}-{rng.getrandbits(28):07x}"
