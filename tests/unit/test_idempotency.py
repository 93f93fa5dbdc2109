"""The idempotency book: keyed answers kept per world, replayed, forgotten on the world's clock,
and bounded."""

import hashlib

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import load_scenario
from simulator.world.idempotency import (
    CAPACITY,
    RETENTION_MS,
    IdempotencyBook,
    RequestFingerprint,
    StoredOutcome,
)

CONNECT = RequestFingerprint.of("POST", "/v1/accounts", b"", b'{"provider":"LINKEDIN"}')
CREATED = StoredOutcome(201, ((b"content-type", b"application/json"),), b'{"object":"x"}')


class Clock:
    def __init__(self) -> None:
        self.now = 1_000

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def book(clock):
    return IdempotencyBook(clock)


def settled(book, key, fingerprint=CONNECT, outcome=CREATED):
    record = book.claim(key, fingerprint, waiter=object())
    book.settle(key, record, outcome)
    return record


def test_the_retention_is_a_day_of_world_time():
    assert RETENTION_MS == 86_400_000
    assert CAPACITY == 10_000


def test_a_fingerprint_is_method_path_query_and_the_body_digest():
    same = RequestFingerprint.of("POST", "/v1/accounts", b"", b'{"provider":"LINKEDIN"}')
    assert same == CONNECT
    assert CONNECT.body_sha256 == hashlib.sha256(b'{"provider":"LINKEDIN"}').hexdigest()
    for other in [
        RequestFingerprint.of("PATCH", "/v1/accounts", b"", b'{"provider":"LINKEDIN"}'),
        RequestFingerprint.of("POST", "/v1/accounts/x", b"", b'{"provider":"LINKEDIN"}'),
        RequestFingerprint.of("POST", "/v1/accounts", b"a=1", b'{"provider":"LINKEDIN"}'),
        RequestFingerprint.of("POST", "/v1/accounts", b"", b'{"provider": "LINKEDIN"}'),
    ]:
        assert other != CONNECT


def test_an_unknown_key_is_not_found(book):
    assert book.find("k1") is None
    assert len(book) == 0


def test_a_claimed_key_is_in_flight_with_its_waiter_until_settled(book):
    waiter = object()
    record = book.claim("k1", CONNECT, waiter)
    found = book.find("k1")
    assert found is record and found.in_flight and found.waiter is waiter
    book.settle("k1", record, CREATED)
    found = book.find("k1")
    assert found is record and not found.in_flight
    assert found.outcome == CREATED and found.fingerprint == CONNECT


def test_a_released_key_is_free_again(book):
    record = book.claim("k1", CONNECT, object())
    book.release("k1", record)
    assert book.find("k1") is None and len(book) == 0


def test_keys_expire_on_the_world_clock(book, clock):
    settled(book, "k1")
    clock.now += RETENTION_MS - 1
    assert book.find("k1") is not None
    clock.now += 1
    assert book.find("k1") is None
    assert len(book) == 0


def test_expired_keys_are_forgotten_lazily_oldest_first(book, clock):
    settled(book, "old")
    clock.now += 1_000
    settled(book, "new")
    clock.now += RETENTION_MS - 500  # "old" is past its day, "new" is not
    assert len(book) == 2  # nothing happens until the book is consulted
    assert book.find("new") is not None
    assert len(book) == 1
    assert book.find("old") is None


def test_the_book_is_bounded_and_the_oldest_key_goes_first(clock):
    book = IdempotencyBook(clock, capacity=3)
    for key in ["a", "b", "c", "d"]:
        settled(book, key)
        clock.now += 1
    assert len(book) == 3
    assert book.find("a") is None
    assert [book.find(key) is not None for key in ["b", "c", "d"]] == [True, True, True]


def test_a_forgotten_claim_is_neither_settled_nor_released_over_a_newer_one(clock):
    book = IdempotencyBook(clock, capacity=1)
    first = book.claim("k1", CONNECT, object())
    settled(book, "k2")  # pushes the in-flight "k1" out
    again = book.claim("k1", CONNECT, object())
    book.settle("k1", first, StoredOutcome(200, (), b"stale"))
    assert again.in_flight
    book.release("k1", first)
    assert book.find("k1") is again


def test_each_world_has_its_own_book_on_its_own_clock():
    loaded = load_scenario("default")
    one = build_world(loaded, api_key="key-one")
    two = build_world(loaded, api_key="key-two")
    settled(one.idempotency, "shared-key")
    assert two.idempotency.find("shared-key") is None
    one.advance_by(RETENTION_MS / 1000 - 1)
    assert one.idempotency.find("shared-key") is not None
    one.advance_by(1)
    assert one.idempotency.find("shared-key") is None
