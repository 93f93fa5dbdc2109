"""Faker's en_US name tables (first names female and male, last names, with Faker's weights),
kept as a JSON snapshot beside this module.

Reading the snapshot takes about a millisecond; importing `faker` to reach the same tables costs
a sixth of a second and several MiB at every start, because `faker.config` imports every
provider to list the locales. `tests/unit/test_name_tables.py` compares the snapshot with the
installed Faker, so the two cannot drift silently:

    python -m simulator.scenario.name_tables --write   # after upgrading Faker
"""

from __future__ import annotations

import json
import random
import sys
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("data") / "faker_en_US_names.json"
TABLES = ("first_names_female", "first_names_male", "last_names")

NameTable = list[tuple[str, float]]  # (name, Faker's weight), in Faker's order


@lru_cache(maxsize=1)
def name_tables() -> dict[str, NameTable]:
    raw = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return {table: [(name, weight) for name, weight in raw[table]] for table in TABLES}


WeightedNames = tuple[list[str], list[float]]  # names, cumulative weights (random.choices)


@lru_cache(maxsize=1)
def weighted_names() -> tuple[WeightedNames, WeightedNames, WeightedNames]:
    """Female first names, male first names, last names, ready for `random.choices`."""
    tables = name_tables()
    female, male, last = (
        ([name for name, _ in tables[table]], list(accumulate(w for _, w in tables[table])))
        for table in TABLES
    )
    return female, male, last


def full_name(rng: random.Random) -> str:
    """ "First Last": a female or a male first name with even odds, each weighted as Faker
    weighs it."""
    female, male, last = weighted_names()
    names, weights = female if rng.random() < 0.5 else male
    first = rng.choices(names, cum_weights=weights)[0]
    return f"{first} {rng.choices(last[0], cum_weights=last[1])[0]}"


def tables_from_faker() -> dict[str, NameTable]:
    from faker.providers.person.en_US import Provider

    return {table: list(getattr(Provider, table).items()) for table in TABLES}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python -m simulator.scenario.name_tables --write", file=sys.stderr)
        return 2
    tables = tables_from_faker()
    blocks = []
    for table in TABLES:  # one name a line, so that a Faker upgrade reads as a short diff
        rows = ",\n".join(json.dumps(list(pair), ensure_ascii=False) for pair in tables[table])
        blocks.append(f'"{table}": [\n{rows}\n]')
    SNAPSHOT.write_text("{\n" + ",\n".join(blocks) + "\n}\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
