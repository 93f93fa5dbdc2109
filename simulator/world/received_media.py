"""The files the other side sends on its own: voice notes and stickers.

A voice note is a WAV of silence of the drawn length (8 kHz, 8-bit mono, written with the
standard library's `wave`): a real file any player opens, made without an audio codec. The
providers send Ogg/Opus or M4A; the simulator says `audio/wav` rather than label bytes as what
they are not. A sticker is the sender's identicon as a PNG (`image/png`; WhatsApp's are WebP).
Bytes are shared per length and per sender: a world with many voice notes keeps a few buffers.
"""

from __future__ import annotations

import io
import wave
from functools import lru_cache

from simulator.world.avatars import SIZE, identicon_png

VOICE_NOTE_RATE = 8_000  # samples per second
VOICE_NOTE_SECONDS = (2, 15)  # the range a voice note's length is drawn from
VOICE_NOTE_TYPE = "audio/wav"
STICKER_TYPE = "image/png"
STICKER_SIZE = SIZE  # pixels per side


@lru_cache(maxsize=32)
def voice_note_wav(seconds: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(VOICE_NOTE_RATE)
        out.writeframes(b"\x80" * (VOICE_NOTE_RATE * seconds))  # 8-bit silence is 128
    return buffer.getvalue()


@lru_cache(maxsize=256)
def sticker_png(sender_key: str) -> bytes:
    return identicon_png(f"sticker/{sender_key}")
