"""The state log's records on disk: one line each, `<crc32 hex> <json>\\n`.

A record is written with a single `write()` of the whole line, so a process killed mid-write
leaves at most a last line without its newline (a torn record: a write that was never
answered, dropped on recovery). A checksum that fails anywhere before the last line is damage,
and the file is refused rather than half-loaded.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Iterator

import orjson

from simulator import __version__

FORMAT = "unipile-sim-state"
VERSION = 1


class StateFileError(Exception):
    """A state file or export that cannot be loaded; `str()` says why and what to do."""


def encode(record: dict[str, Any]) -> bytes:
    payload = orjson.dumps(record)
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def header(secret: bytes) -> dict[str, Any]:
    return {
        "t": "header",
        "format": FORMAT,
        "version": VERSION,
        "simulator": __version__,
        "secret": secret.hex(),
    }


def check_origin(record: dict[str, Any], where: str) -> None:
    """Refuse a header (or export) from another format, or from another simulator version:
    the same records could make a different world there."""
    if record.get("format") != FORMAT:
        raise StateFileError(f"{where}: not a unipile-sim state (format {record.get('format')!r})")
    if record.get("version") != VERSION:
        raise StateFileError(
            f"{where}: state format version {record.get('version')!r}; this simulator reads "
            f"version {VERSION} only"
        )
    if record.get("simulator") != __version__:
        raise StateFileError(
            f"{where}: written by unipile-sim {record.get('simulator')}, this is {__version__}: "
            "the same requests may make a different world here. Start with a new state file, "
            "or load the worlds with the version that wrote them."
        )


@dataclass(frozen=True)
class Parsed:
    records: list[dict[str, Any]]
    good_bytes: int  # the length of the file up to the end of the last whole record
    torn_bytes: int  # what follows it: a torn last record, dropped on recovery


def parse(data: bytes, where: str) -> Parsed:
    records: list[dict[str, Any]] = []
    offset = 0
    for number, (line, end) in enumerate(_lines(data), start=1):
        record = _decode(line)
        if record is None:
            if end == len(data):  # the last line: a write cut short by the process's end
                return Parsed(records, offset, len(data) - offset)
            raise StateFileError(
                f"{where}: record {number} (byte {offset}) fails its checksum: the file is "
                "damaged. Restore a copy, or start from an export (GET /_sim/state)."
            )
        records.append(record)
        offset = end
    return Parsed(records, offset, 0)


def _lines(data: bytes) -> Iterator[tuple[bytes, int]]:
    start = 0
    while start < len(data):
        newline = data.find(b"\n", start)
        end = len(data) if newline < 0 else newline + 1
        yield data[start:end], end
        start = end


def _decode(line: bytes) -> dict[str, Any] | None:
    if not line.endswith(b"\n") or len(line) < 11 or line[8:9] != b" ":
        return None
    payload = line[9:-1]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        record = orjson.loads(payload)
    except ValueError:
        return None
    return record if isinstance(record, dict) and isinstance(record.get("t"), str) else None
