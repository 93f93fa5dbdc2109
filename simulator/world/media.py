"""Which files LinkedIn messages carry, and what kind of attachment each becomes.

A file's media type is the one its part declared, or, when the client declared none or the
generic `application/octet-stream` (the official SDK sends every file that way), the one its
name implies. Anything else than images, videos, audio, documents and archives is refused with
415 `errors/unsupported_media_type`, and so are programs and scripts, by their name. Image sizes
are read from the file's header.
"""

from __future__ import annotations

import mimetypes
import struct
from pathlib import PurePosixPath

GENERIC_BINARY = "application/octet-stream"
IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/heic"}
)
DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/rtf",
        "application/zip",
        "text/plain",
        "text/csv",
        GENERIC_BINARY,
    }
)
# Programs and scripts LinkedIn refuses, whatever type the client gave them.
EXECUTABLE = "application/x-executable"
_EXECUTABLE_SUFFIXES = frozenset(
    {".exe", ".msi", ".bat", ".cmd", ".com", ".scr", ".dll", ".vbs", ".js", ".jar", ".sh",
     ".ps1", ".apk", ".app"}
)  # fmt: skip
# Python's built-in table only: the host's /etc/mime.types would make answers differ by machine.
_BUILT_IN_TYPES = mimetypes.MimeTypes()
for _type, _suffix in (
    ("audio/mp4", ".m4a"),
    ("audio/ogg", ".ogg"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
):  # common files Python's table does not know
    _BUILT_IN_TYPES.add_type(_type, _suffix)


def media_type(declared: str | None, file_name: str) -> str:
    """The media type a file is treated as (lower case, parameters dropped)."""
    if PurePosixPath(file_name.lower()).suffix in _EXECUTABLE_SUFFIXES:
        return EXECUTABLE
    if declared:
        declared = declared.split(";", 1)[0].strip().lower()
    if declared and declared != GENERIC_BINARY:
        return declared
    guessed, _ = _BUILT_IN_TYPES.guess_type(file_name, strict=False)
    return guessed or GENERIC_BINARY


def attachment_kind(mimetype: str) -> str | None:
    """`img`, `video`, `audio` or `file`; None for a type LinkedIn does not carry."""
    if mimetype in IMAGE_TYPES:
        return "img"
    if mimetype.startswith("video/"):
        return "video"
    if mimetype.startswith("audio/"):
        return "audio"
    if mimetype in DOCUMENT_TYPES:
        return "file"
    return None


def image_size(content: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, GIF or JPEG from its header; (0, 0) when unknown."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        return struct.unpack(">II", content[16:24])
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return struct.unpack("<HH", content[6:10])
    if content[:2] == b"\xff\xd8":
        return _jpeg_size(content)
    return (0, 0)


def _jpeg_size(content: bytes) -> tuple[int, int]:
    position = 2
    while position + 9 <= len(content):
        if content[position] != 0xFF:
            return (0, 0)
        marker = content[position + 1]
        length = struct.unpack(">H", content[position + 2 : position + 4])[0]
        # SOF0-SOF15 hold the frame size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[position + 5 : position + 9])
            return (width, height)
        position += 2 + length
    return (0, 0)
