import random

import pytest

from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.world.errors import ApiError
from simulator.world.index import AppendIndex, OrderedIndex, SmallIndex


def walk(index, limit):
    seen, after = [], None
    while True:
        page = index.page(after, limit)
        seen.extend(page.ids)
        if page.next_after is None:
            return seen
        after = page.next_after


@pytest.mark.parametrize("limit", [1, 3, 7, 10, 11])
def test_walking_pages_visits_every_id_once_in_order(limit):
    index = OrderedIndex()
    for n in range(10):
        index.add(n, f"id{n}")
    assert walk(index, limit) == [f"id{n}" for n in range(10)]


def test_newest_first_walks_backwards_over_tuple_keys():
    index = OrderedIndex(newest_first=True)
    for n in range(5):
        index.add((1000 + n, n), f"m{n}")
    assert walk(index, 2) == ["m4", "m3", "m2", "m1", "m0"]


def test_removed_ids_leave_no_gap():
    index = OrderedIndex()
    for n in range(6):
        index.add(n, f"id{n}")
    first = index.page(None, 3)
    index.remove("id3")
    assert index.page(first.next_after, 3).ids == ["id4", "id5"]


def test_last_page_has_no_cursor_even_when_exactly_full():
    index = OrderedIndex()
    for n in range(4):
        index.add(n, f"id{n}")
    assert index.page(None, 4).next_after is None


def test_cursor_round_trip_keeps_tuple_keys():
    cursor = encode_cursor("messages", 25, (1700000000000, 12))
    assert decode_cursor(cursor, "messages") == (25, (1700000000000, 12))


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", encode_cursor("chats", 5, 1)])
def test_foreign_or_forged_cursors_are_a_400_naming_the_field(cursor):
    with pytest.raises(ApiError) as caught:
        decode_cursor(cursor, "accounts")
    assert caught.value.status == 400
    assert caught.value.detail.startswith("cursor:")


def test_pages_agree_with_a_plain_list_model_filtered_or_not():
    """Unfiltered pages are found by position (bisect and slice), filtered ones by a walk: both
    must give what filtering a sorted list gives, across bounds, cursors and both orders."""
    import random

    rng = random.Random(3)
    for _ in range(2_000):
        newest_first = rng.random() < 0.5
        index = OrderedIndex(newest_first=newest_first)
        keys = sorted({(rng.randrange(50), rng.randrange(3)) for _ in range(rng.randrange(30))})
        for key in keys:
            index.add(key, f"id{key}")
        after = (rng.randrange(-2, 52), rng.randrange(3)) if rng.random() < 0.6 else None
        bound = (rng.randrange(-2, 52), rng.randrange(3)) if rng.random() < 0.5 else None
        limit = rng.randrange(1, 8)
        keep = (lambda object_id: len(object_id) % 2 == 0) if rng.random() < 0.3 else None
        if newest_first:
            expected = [
                k
                for k in reversed(keys)
                if (after is None or k < after) and (bound is None or k > bound)
            ]
        else:
            expected = [
                k for k in keys if (after is None or k > after) and (bound is None or k < bound)
            ]
        if keep is not None:
            expected = [k for k in expected if keep(f"id{k}")]
        page = index.page(after, limit, keep=keep, bound=bound)
        assert page.ids == [f"id{k}" for k in expected[:limit]]
        assert page.next_after == (expected[limit - 1] if len(expected) > limit else None)


@pytest.mark.parametrize("newest_first", [True, False])
def test_a_small_index_pages_as_the_ordered_index_does(newest_first):
    rng = random.Random(7)
    ordered, small = OrderedIndex(newest_first=newest_first), SmallIndex(newest_first=newest_first)
    keys = rng.sample(range(1000), 40)
    for n, key in enumerate(keys):
        ordered.add((key, n), f"id{n}")
        small.add((key, n), f"id{n}")
    for n in range(0, 40, 7):
        ordered.remove(f"id{n}")
        small.remove(f"id{n}")
    assert len(small) == len(ordered) == 34
    keep = lambda object_id: int(object_id[2:]) % 3 != 0  # noqa: E731
    for after in (None, (500, -1), (keys[5], 5)):
        for bound in (None, (100, -1), (900, 10**6)):
            for limit in (1, 5, 100):
                for filtering in (None, keep):
                    assert small.page(after, limit, filtering, bound) == ordered.page(
                        after, limit, filtering, bound
                    )
    assert small.key_of("id1") == ordered.key_of("id1") and small.key_of("id0") is None
    assert small.id_at(ordered.key_of("id3")) == "id3"


@pytest.mark.parametrize("newest_first", [True, False])
def test_an_append_index_answers_as_the_ordered_index_does(newest_first):
    """Mostly ascending keys (appends), some older ones (inserted in place), a key given to
    another id, removals enough to rebuild the lists without their holes: every read agrees."""
    rng = random.Random(11)
    for _ in range(300):
        ordered = OrderedIndex(newest_first=newest_first)
        appended = AppendIndex(newest_first=newest_first)
        live: dict[str, tuple[int, int]] = {}
        newest = 0
        for n in range(rng.randrange(1, 60)):
            roll = rng.random()
            if roll < 0.25 and live:
                object_id = rng.choice(sorted(live))
                del live[object_id]
                ordered.remove(object_id)
                appended.remove(object_id)
                continue
            if roll < 0.3 and live:  # an existing key changes hands
                key = live.pop(rng.choice(sorted(live)))
            elif roll < 0.4:  # older than the newest
                key = (rng.randrange(newest + 1), rng.randrange(3))
                if key in live.values():
                    continue
            else:
                newest += rng.randrange(1, 3)
                key = (newest, 0)
            live[f"id{n}"] = key
            ordered.add(key, f"id{n}")
            appended.add(key, f"id{n}")
        assert len(appended) == len(ordered) == len(live)
        keep = lambda object_id: int(object_id[2:]) % 3 != 0  # noqa: E731
        for after in (None, (rng.randrange(newest + 2), 1)):
            for bound in (None, (rng.randrange(newest + 2), 1)):
                for limit in (1, 4, 100):
                    for filtering in (None, keep):
                        assert appended.page(after, limit, filtering, bound) == ordered.page(
                            after, limit, filtering, bound
                        )
        for object_id, key in live.items():
            assert appended.key_of(object_id) == key and appended.id_at(key) == object_id
        assert appended.key_of("missing") is None


def test_an_append_index_drops_its_holes_once_they_are_half_of_it():
    index = AppendIndex(newest_first=True)
    for n in range(10):
        index.add((n, n), f"id{n}")
    for n in range(5):
        index.remove(f"id{n}")
    assert len(index._keys) == 10  # five holes of ten: kept
    index.remove("id5")
    assert index._keys == [(n, n) for n in range(6, 10)] and index._holes == 0
    with pytest.raises(KeyError):
        index.id_at((5, 5))
    assert index.page(None, 10).ids == ["id9", "id8", "id7", "id6"]
