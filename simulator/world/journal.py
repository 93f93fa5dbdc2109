"""The request journal: what a client sent to a world, for tests to assert on.

A bounded ring buffer (an unbounded journal took WireMock to 1.6 GiB): the oldest
entries fall off once `capacity` is reached, and `dropped` says how many did.
"""

from __future__ import annotations

import marshal
from collections import deque
from typing import Iterator, NamedTuple

DEFAULT_CAPACITY = 10_000
# Bounded in bytes too: 10,000 entries of large bodies would otherwise hold gigabytes. A body
# keeps its first MAX_BODY_BYTES, then a marker saying how long it was.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
MAX_BODY_BYTES = 65_536
FAILURES_KEPT = 100
_Packed = tuple[int, int, int, str, str, bytes, float]


class Failure(NamedTuple):
    """A request the simulator itself failed on (a bug, or a response that drifted from the
    contract in strict mode), kept so that the test that sent it can say so."""

    at_ms: int
    method: str
    path: str
    detail: str


class JournalEntry(NamedTuple):
    """Kept raw: decoding and masking happen when someone reads the journal, not per request."""

    seq: int
    at_ms: int
    method: str
    path: str
    query_string: bytes
    raw_headers: list[tuple[bytes, bytes]]
    body: bytes
    status: int
    duration_ms: float  # wall-clock time the simulator took to answer (route, faults' latency)


class RequestJournal:
    """Each entry is kept packed: its strings, headers and body marshalled into one bytes
    object. Kept as the server gave them, a full journal is some ten thousand header lists
    (about 1 KB an entry, a fifth of that packed) that stay alive while new requests allocate
    around them; packing costs under a microsecond per request and is undone only on reading."""

    def __init__(
        self, capacity: int = DEFAULT_CAPACITY, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        # (seq, at_ms, status, method, path, packed, elapsed_s): what filters read stays unpacked.
        self._entries: deque[_Packed] = deque(maxlen=capacity)
        self._max_bytes = max_bytes
        self.bytes = 0  # the packed entries' sizes, kept under max_bytes
        self._seq = 0
        self.dropped = 0
        self.failures: deque[Failure] = deque(maxlen=FAILURES_KEPT)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        return map(_unpacked, self._entries)

    def record(
        self,
        at_ms: int,
        method: str,
        path: str,
        query_string: bytes,
        raw_headers: list[tuple[bytes, bytes]],
        body: bytes,
        status: int,
        elapsed_s: float = 0.0,
    ) -> None:
        """`elapsed_s`: seconds, as two `perf_counter()` readings differ (made milliseconds on
        reading, not per request)."""
        self._seq += 1
        if len(body) > MAX_BODY_BYTES:
            body = body[:MAX_BODY_BYTES] + b"...[truncated: %d bytes in all]" % len(body)
        packed = marshal.dumps((query_string, raw_headers, body))
        entries = self._entries
        if len(entries) == entries.maxlen:
            self.dropped += 1
            self.bytes -= len(entries[0][5])
        self.bytes += len(packed)
        entries.append((self._seq, at_ms, status, method, path, packed, elapsed_s))
        while self.bytes > self._max_bytes and len(entries) > 1:
            self.bytes -= len(entries.popleft()[5])
            self.dropped += 1

    def note_failure(self, at_ms: int, method: str, path: str, detail: str) -> None:
        self.failures.append(Failure(at_ms, method, path, detail))

    def clear(self) -> int:
        cleared = len(self._entries)
        self._entries.clear()
        self.bytes = 0
        self.dropped = 0
        return cleared

    def newest_first(
        self,
        start: int,
        limit: int,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> tuple[list[JournalEntry], int]:
        """(up to `limit` matching entries from the `start`-th newest, how many match): only
        the entries shown are unpacked."""
        matcher = PathTemplate(path) if path is not None else None
        wanted = method.upper() if method is not None else None
        matching = [
            packed
            for packed in reversed(self._entries)
            if (wanted is None or packed[3] == wanted)
            and (status is None or packed[2] == status)
            and (matcher is None or matcher.matches(packed[4]))
        ]
        return [_unpacked(p) for p in matching[start : start + limit]], len(matching)

    def entry(self, seq: int) -> JournalEntry | None:
        """The entry numbered `seq`, while it is kept."""
        if not self._entries:
            return None
        index = seq - self._entries[0][0]  # numbers are consecutive
        if not 0 <= index < len(self._entries):
            return None
        return _unpacked(self._entries[index])

    def find(
        self,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        since_seq: int | None = None,
    ) -> list[JournalEntry]:
        """Entries in the order they arrived; `path` is exact or a `{param}` template."""
        matcher = PathTemplate(path) if path is not None else None
        wanted = method.upper() if method is not None else None
        return [
            _unpacked(packed)  # only the entries that match are unpacked
            for packed in self._entries
            if (wanted is None or packed[3] == wanted)
            and (matcher is None or matcher.matches(packed[4]))
            and (status is None or packed[2] == status)
            and (since_seq is None or packed[0] > since_seq)
        ]


def _unpacked(packed: _Packed) -> JournalEntry:
    seq, at_ms, status, method, path, blob, elapsed_s = packed
    query_string, raw_headers, body = marshal.loads(blob)
    return JournalEntry(
        seq, at_ms, method, path, query_string, raw_headers, body, status,
        round(elapsed_s * 1000, 3),
    )  # fmt: skip


class PathTemplate:
    """`/api/v1/chats/{chat_id}/messages` matches `/api/v1/chats/abc/messages`."""

    def __init__(self, template: str) -> None:
        self.template = template
        self._parts = template.rstrip("/").split("/")

    def matches(self, path: str) -> bool:
        parts = path.rstrip("/").split("/")
        if len(parts) != len(self._parts):
            return False
        return all(
            (pattern.startswith("{") and pattern.endswith("}") and part != "") or pattern == part
            for pattern, part in zip(self._parts, parts)
        )

    def bind(self, path: str) -> dict[str, str]:
        """The path parameters of `path` (which must match)."""
        parts = path.rstrip("/").split("/")
        return {
            pattern[1:-1]: part
            for pattern, part in zip(self._parts, parts)
            if pattern.startswith("{") and pattern.endswith("}")
        }
