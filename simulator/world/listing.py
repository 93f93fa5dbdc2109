"""Pages over the small per-account lists of the jobs area (job postings, applicants, hiring
projects): the items of one page and the sort key the next page starts after.

A page resumes *after a key*, never at an offset, so an applicant arriving between two calls
does not shift the next page (newest-first lists grow at their head). The HTTP layer turns
`next_after` into the opaque `cursor` of the reference's envelope (`api/pagination.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
SortKey = tuple[int, int]  # (epoch ms, sequence number): unique within one list


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_after: SortKey | None  # where the next page starts (exclusive); None on the last page
    total: int  # how many items the whole (filtered) list holds: `paging.total_count`


def newest_first_page(
    items: Iterable[T], key: Callable[[T], SortKey], after: SortKey | None, limit: int
) -> Page[T]:
    """`items` (any order) sorted by `key` descending; up to `limit` of those strictly older
    than `after`. `total` counts every item, whatever page is asked for."""
    ordered = sorted(items, key=key, reverse=True)
    rest = ordered if after is None else [item for item in ordered if key(item) < after]
    taken = rest[:limit]
    more = len(rest) > limit and bool(taken)
    return Page(taken, key(taken[-1]) if more else None, len(ordered))
