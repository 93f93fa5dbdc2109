"""The state log: an append-only file of records (framing.py), named (`serve --state-file`) or
an unnamed temporary file (so `GET /_sim/state` can export any world).

Each record is one `write()` to the file before the world applies it, so the operating system
has every acknowledged write: it survives `kill -9` of the simulator. `fsync=True` also flushes
each record to the disk (a machine crash), at the cost of a disk flush per write.

The log is compacted when a server starts on it: dropped worlds and what came before a world's
last reset are left out, and the new file replaces the old one atomically (`os.replace`).
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

from simulator.persistence import framing
from simulator.persistence.records import live_keys, world_history

_READ_CHUNK = 1 << 20


class StateLog:
    def __init__(self, path: Path | None, secret: bytes, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        self.secret = secret
        # True while a restart replays the file's own records: they are in it already.
        self.paused = False
        self._fd: int | None = None
        self.records_on_open: list[dict[str, Any]] = []
        self.torn_bytes = 0  # a torn last record found (and dropped) on open
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
        fd = self._fd if self._fd is not None else self._start()
        _write_all(fd, framing.encode(record))
        if self.fsync:
            os.fsync(fd)

    def _start(self) -> int:
        """Open the file for appending, writing it anew from what it keeps (compaction)."""
        kept = self.compacted(self.records_on_open)
        content = b"".join(framing.encode(r) for r in [framing.header(self.secret), *kept])
        if self.path is None:
            handle = tempfile.TemporaryFile(prefix="unipile-sim-state-")
            self._fd = os.dup(handle.fileno())
            handle.close()
            _write_all(self._fd, content)
        else:
            self._fd = _replace_atomically(self.path, content)
        self.records_on_open = []
        # An application dropped without closing its log (a test's) gives the descriptor back.
        weakref.finalize(self, os.close, self._fd)
        return self._fd

    def start(self) -> None:
        """Write the compacted file now (a server does it as it starts, not on a first write)."""
        if self._fd is None:
            self._start()


    # -- reading ---------------------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        if self._fd is None:
            return list(self.records_on_open)
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
    return os.open(path, os.O_WRONLY | os.O_APPEND)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
