"""Ordered indexes for lists: a page is O(log n + limit), whatever the size of the world."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Callable, Generic, Hashable, TypeVar

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

    def id_at(self, key: Hashable) -> str:
        return self._by_key[key]  # type: ignore[no-any-return]

    def key_of(self, object_id: str) -> Hashable | None:
        return self._key_of.get(object_id)

    def remove(self, object_id: str) -> None:
        key = self._key_of.pop(object_id, None)
        if key is not None:
            del self._by_key[key]

    def page(
        self,
        after: Any | None,
        limit: int,
        keep: Callable[[str], bool] | None = None,
        bound: Any | None = None,
    ) -> PageSlice:
        """Up to `limit` ids after the key `after`; `keep(id)`, when given, filters them (a
        filtered page walks past what it skips, so it costs more than O(limit)). `bound`, when
        given, is where the walk ends (exclusive): the oldest key a newest-first page may
        reach, the newest key of an oldest-first one."""
        if self.newest_first:
            keys = self._by_key.irange(
                minimum=bound, maximum=after, inclusive=(False, False), reverse=True
            )
        else:
            keys = self._by_key.irange(minimum=after, maximum=bound, inclusive=(False, False))
        by_key = self._by_key
        taken: list[tuple[Any, str]] = []
        for key in keys:
            object_id = by_key[key]
            if keep is not None and not keep(object_id):
                continue
            taken.append((key, object_id))
            if len(taken) > limit:
                break
        return _sliced(taken, limit)


class AppendIndex:
    """`OrderedIndex`'s interface over two plain lists, for keys that mostly arrive in
    ascending order (the world's clock and a sequence number): adding the newest key is an
    append, where a SortedDict hashes and bisects. A removed entry leaves a hole (its id None)
    that pages step over; the lists are rebuilt without holes once they are half holes. A key
    older than the newest is inserted in place, which moves the entries after it."""

    __slots__ = ("_keys", "_ids", "_key_of", "_holes", "newest_first")

    def __init__(self, newest_first: bool = False) -> None:
        self._keys: list[Any] = []  # ascending, holes' keys included
        self._ids: list[str | None] = []  # None: a hole
        self._key_of: dict[str, Any] = {}
        self._holes = 0
        self.newest_first = newest_first

    def __len__(self) -> int:
        return len(self._key_of)

    def add(self, key: Hashable, object_id: str) -> None:
        keys = self._keys
        if not keys or key > keys[-1]:
            keys.append(key)
            self._ids.append(object_id)
        else:
            at = bisect.bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:  # the key's entry changes hands
                replaced = self._ids[at]
                if replaced is None:
                    self._holes -= 1
                else:
                    del self._key_of[replaced]
                self._ids[at] = object_id
            else:
                keys.insert(at, key)
                self._ids.insert(at, object_id)
        self._key_of[object_id] = key

    def id_at(self, key: Hashable) -> str:
        at = bisect.bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key and self._ids[at] is not None:
            return self._ids[at]  # type: ignore[return-value]
        raise KeyError(key)

    def key_of(self, object_id: str) -> Hashable | None:
        return self._key_of.get(object_id)  # type: ignore[no-any-return]

    def remove(self, object_id: str) -> None:
        key = self._key_of.pop(object_id, None)
        if key is None:
            return
        self._ids[bisect.bisect_left(self._keys, key)] = None
        self._holes += 1
        if self._holes * 2 > len(self._keys):
            kept = [(k, i) for k, i in zip(self._keys, self._ids) if i is not None]
            self._keys = [k for k, _ in kept]
            self._ids = [i for _, i in kept]
            self._holes = 0

    def page(
        self,
        after: Any | None,
        limit: int,
        keep: Callable[[str], bool] | None = None,
        bound: Any | None = None,
    ) -> PageSlice:
        """As `OrderedIndex.page`."""
        keys, ids = self._keys, self._ids
        if self.newest_first:
            start = len(keys) if after is None else bisect.bisect_left(keys, after)
            stop = -1 if bound is None else bisect.bisect_right(keys, bound) - 1
            positions = range(start - 1, stop, -1)
        else:
            start = 0 if after is None else bisect.bisect_right(keys, after)
            stop = len(keys) if bound is None else bisect.bisect_left(keys, bound)
            positions = range(start, stop)
        taken: list[tuple[Any, str]] = []
        for at in positions:
            object_id = ids[at]
            if object_id is None or (keep is not None and not keep(object_id)):
                continue
            taken.append((keys[at], object_id))
            if len(taken) > limit:
                break
        return _sliced(taken, limit)


class SmallIndex:
    """`OrderedIndex`'s interface over a sorted list, for the many small lists of a big world
    (an email thread holds a few emails): a few dozen bytes per entry instead of a SortedDict
    and a dict each. Lookups by id scan the list: keep it for lists that stay short."""

    __slots__ = ("_entries", "newest_first")

    def __init__(self, newest_first: bool = False) -> None:
        self._entries: list[tuple[Any, str]] = []  # ascending by key
        self.newest_first = newest_first

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: Hashable, object_id: str) -> None:
        bisect.insort(self._entries, (key, object_id))

    def id_at(self, key: Hashable) -> str:
        for entry_key, object_id in self._entries:
            if entry_key == key:
                return object_id
        raise KeyError(key)

    def key_of(self, object_id: str) -> Hashable | None:
        for key, entry_id in self._entries:
            if entry_id == object_id:
                return key  # type: ignore[no-any-return]
        return None

    def remove(self, object_id: str) -> None:
        self._entries = [entry for entry in self._entries if entry[1] != object_id]

    def page(
        self,
        after: Any | None,
        limit: int,
        keep: Callable[[str], bool] | None = None,
        bound: Any | None = None,
    ) -> PageSlice:
        """As `OrderedIndex.page`."""
        entries = reversed(self._entries) if self.newest_first else iter(self._entries)
        taken: list[tuple[Any, str]] = []
        for key, object_id in entries:
            if not self._inside(key, after, bound) or (keep is not None and not keep(object_id)):
                continue
            taken.append((key, object_id))
            if len(taken) > limit:
                break
        return _sliced(taken, limit)

    def _inside(self, key: Any, after: Any | None, bound: Any | None) -> bool:
        """Past `after` and before `bound`, both exclusive, in the index's direction."""
        if self.newest_first:
            return (after is None or key < after) and (bound is None or key > bound)
        return (after is None or key > after) and (bound is None or key < bound)


def _sliced(taken: list[tuple[Any, str]], limit: int) -> PageSlice:
    """A page of the (key, id) pairs an index walked to, in page order: `limit` and one more,
    when there are that many, which says another page follows from the last one kept."""
    kept = taken[:limit]
    return PageSlice(
        ids=[object_id for _, object_id in kept],
        next_after=kept[-1][0] if len(taken) > limit and kept else None,
    )


def page_across(
    indexes: list[OrderedIndex[Any]],
    after: Any | None,
    limit: int,
    keep: Callable[[str], bool] | None = None,
    bound: Any | None = None,
) -> PageSlice:
    """One page over several indexes of the same order, as if they were one (e.g. the chats of
    a few accounts). Keys must be unique across them. Costs O(len(indexes) * limit)."""
    if len(indexes) == 1:
        return indexes[0].page(after, limit, keep, bound)
    newest_first = bool(indexes) and indexes[0].newest_first
    candidates: list[tuple[Any, str]] = []
    more = False
    for index in indexes:
        sliced = index.page(after, limit, keep, bound)
        more = more or sliced.next_after is not None
        candidates.extend((index.key_of(object_id), object_id) for object_id in sliced.ids)
    candidates.sort(reverse=newest_first)
    more = more or len(candidates) > limit
    taken = candidates[:limit]
    return PageSlice(
        ids=[object_id for _, object_id in taken],
        next_after=taken[-1][0] if more and taken else None,
    )
