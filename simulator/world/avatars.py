"""Profile pictures: a small PNG identicon per attendee or group, made from its id.

`GET /chat_attendees/{id}/picture` answers the picture's bytes. Nothing in the world stores
pictures, so each is drawn from a hash of what it shows: the same attendee gets the same
picture in every world and on every call, and two attendees almost never share one. PNG is
written here with zlib and struct (a few lines) rather than pulling an image library in for
one 5x5 grid.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

SIZE = 120  # pixels per side
_CELLS = 5  # the identicon's grid, mirrored left to right
_MARGIN = 10
_BACKGROUND = (240, 240, 240)


def identicon_png(seed: str) -> bytes:
    digest = hashlib.blake2b(seed.encode(), digest_size=16).digest()
    color = (digest[0] // 2 + 64, digest[1] // 2 + 64, digest[2] // 2 + 64)
    half = (_CELLS + 1) // 2
    bits = int.from_bytes(digest[3:7], "big")
    filled = [[bool(bits >> (row * half + col) & 1) for col in range(half)] for row in range(_CELLS)]
    cell = (SIZE - 2 * _MARGIN) // _CELLS
    rows = []
    for y in range(SIZE):
        row = bytearray(b"\x00")  # filter: none
        grid_y = (y - _MARGIN) // cell if _MARGIN <= y < _MARGIN + cell * _CELLS else None
        for x in range(SIZE):
            grid_x = (x - _MARGIN) // cell if _MARGIN <= x < _MARGIN + cell * _CELLS else None
            on = False
            if grid_x is not None and grid_y is not None:
                mirrored = grid_x if grid_x < half else _CELLS - 1 - grid_x
                on = filled[grid_y][mirrored]
            row += bytes(color if on else _BACKGROUND)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    )
