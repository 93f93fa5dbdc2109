"""The state log: an append-only file of records (framing.py), named (`serve --state-file`) or
an unnamed temporary file (so `GET /_sim/state` can export any world).

Each record of a named file is one `write()` to it before the world applies it, so the operating
system has every acknowledged write: it survives `kill -9` of the simulator. `fsync=True` also
flushes each record to the disk (a machine crash), at the cost of a disk flush per write. The
unnamed temporary file dies with the process anyway, and only this process reads it: its
records are marshalled (a request as the parts its record is made of, the record made only when
it is read, as for an export) and gathered in memory, then written 64 KiB at a time or when they
are read, which spares a system call per write and the JSON and checksum of each line.

The log is compacted when a server starts on it, and while it serves once at least 16 MiB of
it are dead and outweigh the rest: dropped worlds and what came before a world's last reset
are left out, and the new file replaces the old one atomically (`os.replace`).
"""

from __future__ import annotations

import marshal
import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

from simulator.persistence import framing
from simulator.persistence.records import (
    DROP,
    REQUEST,
    RESET,
    WORLD,
    RequestParts,
    live_keys,
    request_parts,
    request_record_of,
    world_history,
)

_READ_CHUNK = 1 << 20
_TEMPORARY_BUFFER_BYTES = 64 << 10
_LENGTH_BYTES = 4  # a frame's length, before each record of the temporary file
COMPACT_AT_BYTES = 16 << 20


class StateLog:
    def __init__(self, path: Path | None, secret: bytes, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        self.secret = secret
        # True while a restart replays the file's own records: they are in it already.
        self.paused = False
        self._fd: int | None = None
        self._pending: list[bytes] = []  # the temporary file's frames not written yet
        self._pending_bytes = 0
        self.records_on_open: list[dict[str, Any]] = []
        self.torn_bytes = 0  # a torn last record found (and dropped) on open
        self._sizes = _Sizes()
        self._finalizer: weakref.finalize[Any, Any] | None = None
        # Compacted while serving once this much of the file is dead (dropped worlds, what came
        # before a reset) and the dead part outweighs the live one.
        self.compact_at_bytes = COMPACT_AT_BYTES
        self.resumed_records = 0

    @classmethod
    def open(cls, path: Path | None, secret: bytes, fsync: bool = False) -> StateLog:
        """Read an existing state file (refusing a damaged or foreign one) or start a new one.
        The secret of an existing file wins: its worlds' cursors stay good."""
        log = cls(path, secret, fsync)
        if path is not None and path.exists() and path.stat().st_size > 0:
            parsed = framing.parse(path.read_bytes(), str(path))
            if not parsed.records:  # only a torn header: nothing was ever answered
                log.torn_bytes = parsed.torn_bytes
            else:
                first = parsed.records[0]
                if first.get("t") != "header":
                    raise framing.StateFileError(f"{path}: no header: not a unipile-sim state")
                framing.check_origin(first, str(path))
                log.secret = bytes.fromhex(first["secret"])
                log.records_on_open = parsed.records[1:]
                log.resumed_records = len(log.records_on_open)
                log.torn_bytes = parsed.torn_bytes
        return log

    # -- writing ---------------------------------------------------------------------------

    def append(self, record: dict[str, Any]) -> None:
        if self.paused:
            return
        if self.path is None:
            self._keep(record, record["w"], record["t"])
        else:
            self._write(record)

    def append_request(
        self, api_key: str, at_ms: int, scope: dict[str, Any], body: bytes
    ) -> None:
        """A request as it arrived. A named file writes its record at once; the temporary one
        keeps what the record is made of (`records.request_parts`), marshalled, and makes the
        record only if it is read: most never are."""
        if self.paused:
            return
        parts = request_parts(api_key, at_ms, scope, body)
        if self.path is None:
            self._keep(parts, api_key, REQUEST)
        else:
            self._write(request_record_of(*parts))

    def _write(self, record: dict[str, Any]) -> None:
        """The named file: the record's line, written before the world applies it."""
        fd = self._fd if self._fd is not None else self._start()
        line = framing.encode(record)
        _write_all(fd, line)
        if self.fsync:
            os.fsync(fd)
        self._account(record["w"], record["t"], len(line))

    def _keep(self, item: dict[str, Any] | RequestParts, key: str, kind: str) -> None:
        """The temporary file: `item` (a record, or a request's parts) as one frame, gathered
        with others and written 64 KiB at a time."""
        if self._fd is None:
            self._start()  # `records()` reads an unstarted log's records_on_open only
        frame = _frame(item)
        self._pending.append(frame)
        self._pending_bytes += len(frame)
        if self._pending_bytes >= _TEMPORARY_BUFFER_BYTES:
            self._flush()
        self._account(key, kind, len(frame))

    def _account(self, key: str, kind: str, size: int) -> None:
        self._sizes.add(key, kind, size)
        if self._sizes.worth_compacting(self.compact_at_bytes):
            self._rewrite(self.records())

    def _start(self) -> int:
        """Open the file for appending, writing it anew from what it keeps (compaction)."""
        self._rewrite(self.records_on_open)
        self.records_on_open = []
        assert self._fd is not None
        return self._fd

    def _rewrite(self, records: list[dict[str, Any]]) -> None:
        """The file anew: its header and what `records` keep, in place of the old one."""
        kept = self.compacted(records)
        encode = framing.encode if self.path is not None else _frame
        chunks = [encode(r) for r in [framing.header(self.secret), *kept]]
        self._sizes = _Sizes()
        for record, chunk in zip(kept, chunks[1:]):
            self._sizes.add(record["w"], record["t"], len(chunk))
        content = b"".join(chunks)
        if self._finalizer is not None:
            self._finalizer()  # closes the old descriptor
        if self.path is None:
            handle = tempfile.TemporaryFile(prefix="unipile-sim-state-")
            self._fd = os.dup(handle.fileno())
            handle.close()
            _write_all(self._fd, content)
        else:
            self._fd = _replace_atomically(self.path, content)
        # An application dropped without closing its log (a test's) gives the descriptor back.
        self._finalizer = weakref.finalize(self, os.close, self._fd)

    def _flush(self) -> None:
        if self._pending and self._fd is not None:
            _write_all(self._fd, b"".join(self._pending))
        self._pending.clear()
        self._pending_bytes = 0

    def start(self) -> None:
        """Write the compacted file now (a server does it as it starts, not on a first write)."""
        if self._fd is None:
            self._start()


    # -- reading ---------------------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        if self._fd is None:
            return list(self.records_on_open)
        self._flush()
        chunks, offset = [], 0
        while chunk := os.pread(self._fd, _READ_CHUNK, offset):
            chunks.append(chunk)
            offset += len(chunk)
        data = b"".join(chunks)
        if self.path is None:
            return _unframed(data)[1:]
        return framing.parse(data, str(self.path)).records[1:]

    def history(self, api_key: str) -> list[dict[str, Any]]:
        return world_history(self.records(), api_key)

    @staticmethod
    def compacted(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for key in live_keys(records) for r in world_history(records, key)]


class _Sizes:
    """Bytes of the file that compaction keeps (each live world's history) and drops."""

    def __init__(self) -> None:
        self.live: dict[str, int] = {}
        self.made: dict[str, int] = {}  # each world's `world` record: what a reset keeps
        self.dead = 0

    def add(self, key: str, kind: str, size: int) -> None:
        if kind == WORLD:
            self.dead += self.live.pop(key, 0)
            self.live[key] = self.made[key] = size
        elif kind == RESET and key in self.live:
            self.dead += self.live[key] - self.made[key] + size
            self.live[key] = self.made[key]
        elif kind == DROP:
            self.dead += self.live.pop(key, 0) + size
            self.made.pop(key, None)
        elif key in self.live:
            self.live[key] += size
        else:
            self.dead += size

    def worth_compacting(self, threshold: int) -> bool:
        return self.dead >= threshold and self.dead > sum(self.live.values())


def _replace_atomically(path: Path, content: bytes) -> int:
    """Write `content` beside `path`, flush it, put it in place; an appending descriptor on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        _write_all(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return os.open(path, os.O_RDWR | os.O_APPEND)  # read too: exports


def _frame(item: dict[str, Any] | RequestParts) -> bytes:
    """A record of the temporary file, which only this process reads: its length, then the
    record (or the request's parts) marshalled, a fraction of the cost of its JSON line."""
    packed = marshal.dumps(item)
    return len(packed).to_bytes(_LENGTH_BYTES, "little") + packed


def _unframed(data: bytes) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    view, offset = memoryview(data), 0
    while offset < len(data):
        start = offset + _LENGTH_BYTES
        offset = start + int.from_bytes(view[offset:start], "little")
        item = marshal.loads(view[start:offset])
        records.append(request_record_of(*item) if isinstance(item, tuple) else item)
    return records


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
