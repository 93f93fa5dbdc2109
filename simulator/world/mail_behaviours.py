"""How the people an account emails act on their own: they open, click, reply, answer with an
out-of-office note, or their server bounces the mail.

One plan per recipient is drawn from the world's RNG when the account sends, in a fixed order
(out-of-office, open, click, reply); a draw whose probability is 0 is not made, so a scenario
that does not use email behaviours keeps the story it had. Recipients of some domains may act
otherwise (`populations`: an agency's clients answer more than cold prospects). A bounce is the
scenario's data (`email.bounces`), not a draw: a bounced recipient does nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import random

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
DEFAULT_REPLY_TEXTS = (
    "Thanks for your email. Happy to find a time to talk, what does next week look like?",
    "Hi, thanks for reaching out. Could you send more details?",
    "Not a priority for us right now, but thank you.",
    "Please take me off your list.",
    "Interesting. Let me loop in my colleague who handles this.",
)
OUT_OF_OFFICE_TEXT = (
    "I am out of the office with limited access to email and will reply when I am back."
)
# What a reader's mail client says it is (opens and clicks carry `ip` and `user_agent`).
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Microsoft Outlook 16.0.17928; ms-office)",
)


def _happens(rng: random.Random, probability: float) -> bool:
    return probability > 0 and rng.random() < probability


@dataclass(frozen=True, slots=True)
class EmailBehaviour:
    opens: float = 0.0  # odds a recipient opens a tracked email
    open_delay_ms: tuple[int, int] = (5 * MINUTE_MS, DAY_MS)
    clicks: float = 0.0  # odds a recipient who opened clicks one of its tracked links
    click_delay_ms: tuple[int, int] = (10_000, HOUR_MS)  # after the open
    replies: float = 0.0
    reply_delay_ms: tuple[int, int] = (HOUR_MS, 2 * DAY_MS)
    texts: tuple[str, ...] = DEFAULT_REPLY_TEXTS
    out_of_office: float = 0.0  # an automatic answer within minutes
    bounce_delay_ms: tuple[int, int] = (30_000, 5 * MINUTE_MS)
    # Recipients at these domains act otherwise: (domains, their behaviour), first match wins.
    populations: tuple[tuple[frozenset[str], EmailBehaviour], ...] = ()

    def for_address(self, address: str) -> EmailBehaviour:
        domain = address.rsplit("@", 1)[-1].lower()
        for domains, behaviour in self.populations:
            if domain in domains:
                return behaviour
        return self


@dataclass(frozen=True, slots=True)
class Reader:
    ip: str
    user_agent: str


@dataclass(frozen=True, slots=True)
class RecipientPlan:
    """What one recipient does, in ms after the send (None: never)."""

    bounce_ms: int | None = None
    auto_reply_ms: int | None = None
    open_ms: int | None = None
    click: tuple[int, int] | None = None  # (ms, which tracked link)
    reply: tuple[int, str] | None = None  # (ms, text)
    reader: Reader | None = None


def plan_recipient(
    behaviour: EmailBehaviour,
    rng: random.Random,
    bounces: bool,
    trackable_opens: bool,
    tracked_links: int,
) -> RecipientPlan:
    if bounces:
        return RecipientPlan(bounce_ms=rng.randint(*behaviour.bounce_delay_ms))
    auto_reply_ms = rng.randint(MINUTE_MS, 5 * MINUTE_MS) if _happens(
        rng, behaviour.out_of_office
    ) else None
    open_ms = click = reply = reader = None
    if trackable_opens or tracked_links:
        if _happens(rng, behaviour.opens):
            open_ms = rng.randint(*behaviour.open_delay_ms)
            reader = Reader(f"203.0.113.{rng.randint(1, 254)}", rng.choice(USER_AGENTS))
            if tracked_links and _happens(rng, behaviour.clicks):
                click = (open_ms + rng.randint(*behaviour.click_delay_ms),
                         rng.randrange(tracked_links))  # fmt: skip
    if _happens(rng, behaviour.replies):
        reply = (rng.randint(*behaviour.reply_delay_ms), rng.choice(behaviour.texts))
    return RecipientPlan(None, auto_reply_ms, open_ms, click, reply, reader)
