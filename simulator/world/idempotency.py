"""Idempotency keys: what a keyed request answered, so that a retry replays it instead of acting
again (Postpress's `Idempotency-Key`, reference §10).

One book per world, on the world's clock: a key is remembered for `RETENTION_MS` of world time
after the request that claimed it, then forgotten the next time the book is consulted. The book
holds at most `CAPACITY` keys; past that the oldest is forgotten first, like the request journal.

The book knows nothing of HTTP: a request is a `RequestFingerprint`, an answer an opaque
`StoredOutcome` (the HTTP layer decides what goes in it), and what a concurrent duplicate waits
on is whatever the claiming caller hands in as `waiter`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

# Postpress documents no retention; Stripe keeps keys for 24 hours, and so do we (world time).
RETENTION_MS = 24 * 60 * 60 * 1000
CAPACITY = 10_000


@dataclass(frozen=True, slots=True)
class RequestFingerprint:
    """What makes two requests "the same request": a key reused with another one is refused."""

    method: str
    path: str
    query: bytes
    body_sha256: str

    @classmethod
    def of(cls, method: str, path: str, query: bytes, body: bytes) -> RequestFingerprint:
        return cls(method, path, query, hashlib.sha256(body).hexdigest())


@dataclass(frozen=True, slots=True)
class StoredOutcome:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


@dataclass(slots=True)
class KeyRecord:
    fingerprint: RequestFingerprint
    expires_ms: int
    waiter: object
    outcome: StoredOutcome | None = None  # None while the claiming request is still acting

    @property
    def in_flight(self) -> bool:
        return self.outcome is None


class IdempotencyBook:
    def __init__(
        self,
        now_ms: Callable[[], int],
        retention_ms: int = RETENTION_MS,
        capacity: int = CAPACITY,
    ) -> None:
        self._now_ms = now_ms
        self.retention_ms = retention_ms
        self.capacity = capacity
        # Claim order is expiry order (retention is constant, the clock only moves forward),
        # so expired keys and the oldest keys both leave from the front.
        self._records: OrderedDict[str, KeyRecord] = OrderedDict()

    def __len__(self) -> int:
        return len(self._records)

    def find(self, key: str) -> KeyRecord | None:
        """The live record of `key`: settled (replay it) or in flight (wait on its waiter)."""
        self._forget_expired()
        record = self._records.get(key)
        if record is not None and record.expires_ms <= self._now_ms():
            del self._records[key]  # out of claim order (a state import moved the clock back)
            return None
        return record

    def claim(self, key: str, fingerprint: RequestFingerprint, waiter: object) -> KeyRecord:
        """Start acting under `key` (which `find` did not know): duplicates now wait on `waiter`."""
        self._records.pop(key, None)
        while len(self._records) >= self.capacity:
            self._records.popitem(last=False)
        record = KeyRecord(fingerprint, self._now_ms() + self.retention_ms, waiter)
        self._records[key] = record
        return record

    def settle(self, key: str, record: KeyRecord, outcome: StoredOutcome) -> None:
        """The request acted and answered: later requests with the key replay `outcome`."""
        if self._records.get(key) is record:  # not forgotten or reclaimed meanwhile
            record.outcome = outcome

    def release(self, key: str, record: KeyRecord) -> None:
        """The request did not act for good (a transient failure): a retry with the key acts."""
        if self._records.get(key) is record:
            del self._records[key]

    def _forget_expired(self) -> None:
        now = self._now_ms()
        while self._records:
            oldest = next(iter(self._records.values()))
            if oldest.expires_ms > now:
                return
            self._records.popitem(last=False)
