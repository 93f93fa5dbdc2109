"""How the other side of a chat acts on its own: replies, reads, reactions, edits, deletes.

Everything is drawn from the world's RNG when the account sends, in a fixed order, so one seed
tells one story. A draw whose probability is 0 is not made at all: a scenario that does not use
a kind of behaviour keeps the same story it had before that kind existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
DELIVERED_AFTER_MS = 2_000  # off LinkedIn, a sent message reaches the other side's phone
DEFAULT_REPLY_TEXTS = (
    "Thanks for reaching out!",
    "Happy to chat, what did you have in mind?",
    "Sounds interesting, tell me more.",
    "Thanks, I'll take a look and get back to you.",
    "Not the right time for us, but thanks.",
    "Sure, does Thursday work for a quick call?",
)
# What an edited reply says instead (the provider marks it edited; the text does not).
DEFAULT_EDIT_TEXTS = (
    "Sorry, I meant next week.",
    "Correction: Thursday afternoon works better.",
    "Actually, let me check with my team first.",
)
DEFAULT_REACTIONS = ("👍", "❤️", "😂", "😮", "🙏")
REPLY_FORMS = ("text", "voice_note", "sticker")


def _happens(rng: random.Random, probability: float) -> bool:
    """A draw that is not made when it cannot succeed (see the module's docstring)."""
    return probability > 0 and rng.random() < probability


@dataclass(frozen=True, slots=True)
class LaterChange:
    """The other side changes its reply afterwards: the odds, the delay after the reply, and
    (for an edit) the texts it may say instead."""

    probability: float
    delay_ms: tuple[int, int] = (60_000, HOUR_MS)
    texts: tuple[str, ...] = DEFAULT_EDIT_TEXTS

    def draw(self, rng: random.Random) -> int | None:
        return rng.randint(*self.delay_ms) if _happens(rng, self.probability) else None


@dataclass(frozen=True, slots=True)
class PlannedReply:
    """A reply the behaviours decided on when the account sent."""

    text: str
    delay_ms: int
    form: str = "text"  # text | voice_note | sticker (REPLY_FORMS)
    quotes: bool = False  # it quotes the message it answers
    edit: tuple[str, int] | None = None  # (the new text, ms after the reply)
    delete_after_ms: int | None = None


@dataclass(frozen=True, slots=True)
class ReplyBehaviour:
    """How the other side answers what an account sends: odds, delay, texts, and how often a
    reply is a voice note or a sticker, quotes, is edited or deleted later."""

    probability: float = 0.3
    delay_ms: tuple[int, int] = (10 * 60_000, DAY_MS)
    texts: tuple[str, ...] = DEFAULT_REPLY_TEXTS
    quote: float = 0.0
    voice_notes: float = 0.0
    stickers: float = 0.0  # never on LinkedIn, which has no stickers
    edit: LaterChange | None = None
    delete: LaterChange | None = None

    def draw(self, rng: random.Random, stickers: bool = True) -> PlannedReply | None:
        """The reply, or None when the person stays silent."""
        if rng.random() >= self.probability or not self.texts:
            return None
        text, delay_ms = rng.choice(self.texts), rng.randint(*self.delay_ms)
        form = "text"
        if _happens(rng, self.voice_notes):
            form = "voice_note"
        elif stickers and _happens(rng, self.stickers):
            form = "sticker"
        quotes = _happens(rng, self.quote)
        edit = None
        if form == "text" and self.edit is not None:
            edit_after = self.edit.draw(rng)
            if edit_after is not None and self.edit.texts:
                edit = (rng.choice(self.edit.texts), edit_after)
        delete_after = self.delete.draw(rng) if self.delete is not None else None
        return PlannedReply(text, delay_ms, form, quotes, edit, delete_after)


@dataclass(frozen=True, slots=True)
class ReadBehaviour:
    """Off LinkedIn, when the other side reads what an account sends (world.rng)."""

    probability: float = 0.8
    delay_ms: tuple[int, int] = (60_000, 6 * HOUR_MS)

    def draw(self, rng: random.Random) -> int | None:
        """The delay before the read receipt, or None when it never comes."""
        if rng.random() >= self.probability:
            return None
        return rng.randint(*self.delay_ms)


@dataclass(frozen=True, slots=True)
class ReactionBehaviour:
    """How often the other side reacts to a message the account sends, when, and with what."""

    probability: float = 0.0
    delay_ms: tuple[int, int] = (60_000, 6 * HOUR_MS)
    values: tuple[str, ...] = DEFAULT_REACTIONS

    def draw(self, rng: random.Random) -> tuple[str, int] | None:
        if not self.values or not _happens(rng, self.probability):
            return None
        return rng.choice(self.values), rng.randint(*self.delay_ms)
