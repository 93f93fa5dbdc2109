"""The state log: an append-only file of records (framing.py), named (`serve --state-file`) or
an unnamed temporary file (so `GET /_sim/state` can export any world).

Each record of a named file is one `write()` to it before the world applies it, so the operating
system has every acknowledged write: it survives `kill -9` of the simulator. `fsync=True` also
flushes each record to the disk (a machine crash), at the cost of a disk flush per write. The
unnamed temporary file dies with the process anyway: its records are gathered in memory and
written 64 KiB at a time, or when they are read (an export), which spares a system call per write.
Its requests' records are even made in batches (`append_request`): made one at a time, between
the rest of each request's work, a record cost several times what it costs in a loop.

The log is compacted when a server starts on it, and while it serves once at least 16 MiB of
it are dead and outweigh the rest: dropped worlds and what came before a world's last reset
are left out, and the new file replaces the old one atomically (`os.replace`).
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

from simulator.persistence import framing
from simulator.persistence.records import (
    DROP,
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
_UNMADE_REQUESTS = 128  # the temporary file's request records made at a time
COMPACT_AT_BYTES = 16 << 20


class StateLog:
    def __init__(self, path: Path | None, secret: bytes, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        self.secret = secret
        # True while a restart replays the file's own records: they are in it already.
        self.paused = False
        self._fd: int | None = None
        self._pending: list[bytes] = []  # the temporary file's records not written yet
        self._pending_bytes = 0
        self._unmade: list[RequestParts] = []  # the temporary file's requests, in order
        self._unmade_bytes = 0  # their bodies' sizes: large bodies are not held by the batch
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
        if self._unmade:
            self._make_unmade()
        self._add(record)

    def append_request(
        self, api_key: str, at_ms: int, scope: dict[str, Any], body: bytes
    ) -> None:
        """A request as it arrived. The temporary file keeps what the record is made of
        (`records.request_parts`) and makes it with the next batch, before any other record."""
        if self.paused:
            return
        parts = request_parts(api_key, at_ms, scope, body)
        if self.path is not None:
            self._add(request_record_of(*parts))
            return
        if self._fd is None:
            self._start()  # `records()` reads an unstarted log's records_on_open only
        self._unmade.append(parts)
        self._unmade_bytes += len(body)
        if len(self._unmade) >= _UNMADE_REQUESTS or self._unmade_bytes >= _TEMPORARY_BUFFER_BYTES:
            self._make_unmade()

    def _make_unmade(self) -> None:
        unmade, self._unmade = self._unmade, []
        self._unmade_bytes = 0
        for parts in unmade:
            self._add(request_record_of(*parts))

    def _add(self, record: dict[str, Any]) -> None:
        fd = self._fd if self._fd is not None else self._start()
        line = framing.encode(record)
        if self.path is None:
            self._pending.append(line)
            self._pending_bytes += len(line)
            if self._pending_bytes >= _TEMPORARY_BUFFER_BYTES:
                self._flush()
        else:
            _write_all(fd, line)
            if self.fsync:
                os.fsync(fd)
        self._sizes.add(record, len(line))
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
        lines = [framing.encode(r) for r in [framing.header(self.secret), *kept]]
        self._sizes = _Sizes()
        for record, line in zip(kept, lines[1:]):
            self._sizes.add(record, len(line))
        content = b"".join(lines)
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
        if self._unmade:
            self._make_unmade()
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
        parsed = framing.parse(b"".join(chunks), str(self.path or "state log"))
        return parsed.records[1:]

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

    def add(self, record: dict[str, Any], size: int) -> None:
        key, kind = record["w"], record["t"]
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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
