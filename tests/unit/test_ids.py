import random
import re

from simulator.world.ids import IdFactory


def test_unique_ids_are_22_url_safe_chars():
    ids = IdFactory(random.Random(1))
    made = {ids.unique_id() for _ in range(2000)}
    assert len(made) == 2000
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", value) for value in made)


def test_linkedin_member_ids_have_the_acoaa_form():
    member_id = IdFactory(random.Random(1)).linkedin_member_id()
    assert re.fullmatch(r"ACoAA[A-Za-z0-9_-]{34}", member_id)


def test_same_seed_same_ids_other_seed_other_ids():
    first = [IdFactory(random.Random("s")).unique_id() for _ in range(2)]
    assert first[0] == first[1]
    assert IdFactory(random.Random("t")).unique_id() != first[0]
