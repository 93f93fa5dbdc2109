"""Ordered indexes for lists: a page is O(log n + limit), whatever the size of the world."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Hashable, TypeVar

from sortedcontainers import SortedDict

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class PageSlice:
    ids: list[str]
    next_after: Any | None  # the sort key to resume after, or None on the last page


class OrderedIndex(Generic[K]):
    """Maps a sort key (e.g. `(timestamp_ms, seq)`) to an object id."""

    def __init__(self, newest_first: bool = False) -> None:
        self._by_key: SortedDict = SortedDict()
        self._key_of: dict[str, Hashable] = {}
        self.newest_first = newest_first

    def __len__(self) -> int:
        return len(self._by_key)

    def add(self, key: Hashable, object_id: str) -> None:
        self._by_key[key] = object_id
        self._key_of[object_id] = key

    def remove(self, object_id: str) -> None:
        key = self._key_of.pop(object_id, None)
        if key is not None:
            del self._by_key[key]

    def page(self, after: Any | None, limit: int) -> PageSlice:
        if self.newest_first:
            keys = self._by_key.irange(maximum=after, inclusive=(True, False), reverse=True)
        else:
            keys = self._by_key.irange(minimum=after, inclusive=(False, True))
        taken: list[Hashable] = []
        for key in keys:
            taken.append(key)
            if len(taken) > limit:
                break
        has_more = len(taken) > limit
        taken = taken[:limit]
        return PageSlice(
            ids=[self._by_key[key] for key in taken],
            next_after=taken[-1] if has_more and taken else None,
        )
