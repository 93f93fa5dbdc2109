"""Which files LinkedIn messages carry, and what they become."""

import struct

import pytest

from simulator.world.media import attachment_kind, image_size, media_type


@pytest.mark.parametrize(
    ("declared", "file_name", "expected"),
    [
        ("image/png", "whatever.bin", "image/png"),  # a declared type wins
        ("IMAGE/JPEG; charset=binary", "x", "image/jpeg"),
        ("application/octet-stream", "deck.pdf", "application/pdf"),  # the SDK's Blob: by name
        (None, "clip.mp4", "video/mp4"),
        (None, "no-extension", "application/octet-stream"),
    ],
)
def test_media_type_is_the_declared_one_or_the_name_s(declared, file_name, expected):
    assert media_type(declared, file_name) == expected


@pytest.mark.parametrize(
    ("mimetype", "kind"),
    [
        ("image/gif", "img"),
        ("video/quicktime", "video"),
        ("audio/mpeg", "audio"),
        ("application/pdf", "file"),
        ("application/octet-stream", "file"),
        ("image/svg+xml", None),
        ("text/html", None),
        ("application/x-msdownload", None),
    ],
)
def test_attachment_kinds(mimetype, kind):
    assert attachment_kind(mimetype) == kind


def test_image_sizes_come_from_the_headers():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480)
    gif = b"GIF89a" + struct.pack("<HH", 32, 16)
    sof = b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 600, 800)  # height 600, width 800
    jpeg = b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 4) + b"JF" + sof
    assert image_size(png) == (640, 480)
    assert image_size(gif) == (32, 16)
    assert image_size(jpeg) == (800, 600)
    assert image_size(b"not an image") == (0, 0)
    assert image_size(b"\xff\xd8\x00garbage") == (0, 0)


@pytest.mark.parametrize("file_name", ["setup.exe", "RUN.BAT", "tool.sh", "app.js"])
def test_programs_and_scripts_are_refused_by_name_whatever_their_declared_type(file_name):
    for declared in (None, "application/octet-stream", "application/pdf"):
        assert attachment_kind(media_type(declared, file_name)) is None


def test_common_office_and_audio_files_are_known_by_name():
    assert media_type(None, "plan.docx").endswith("wordprocessingml.document")
    assert media_type(None, "voice.m4a") == "audio/mp4"
