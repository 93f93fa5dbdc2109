"""How the network answers what an account posts (`behaviours.posts`), apart from the posts
model (posts.py) so that a blueprint holds it without importing that model."""

from __future__ import annotations

from dataclasses import dataclass

MINUTE_MS = 60_000
DAY_MS = 24 * 60 * MINUTE_MS


@dataclass(frozen=True, slots=True)
class PostBehaviour:
    """How many members react and comment (drawn between the bounds), and when."""

    reactions: tuple[int, int] = (0, 0)
    comments: tuple[int, int] = (0, 0)
    delay_ms: tuple[int, int] = (10 * MINUTE_MS, 2 * DAY_MS)
