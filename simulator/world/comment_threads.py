"""What LinkedIn's and Instagram's comments share (posts.py, instagram_posts.py): the ids of
comments made in a world, and finding one among a post's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from simulator.world.errors import ApiError


class _Comment(Protocol):
    @property
    def id(self) -> str: ...


C = TypeVar("C", bound=_Comment)


def comment_id(now_ms: int, number: int) -> str:
    """A snowflake like the provider's: the time in ms, then the world's running number."""
    return str((now_ms << 22) | (number & 0x3FFFFF))


def find_comment(comments: Iterable[C], wanted: str) -> C:
    for comment in comments:
        if comment.id == wanted:
            return comment
    raise ApiError("resource_not_found", f"comment_id: no comment {wanted!r} on this post")
