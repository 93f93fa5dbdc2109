"""LinkedIn search of companies, posts and jobs (§6.1): the world's own objects, so that what a
search finds opens with the routes that read it (`GET /linkedin/company/{id}`, `GET
/posts/{id}`, `GET /linkedin/jobs/{id}` for the posting's account).

Like people search, results come in a stable order, so a cursor is an offset into the query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.world.companies import CompanyPage
from simulator.world.people import search_words

if TYPE_CHECKING:
    from simulator.world.jobs import JobPosting
    from simulator.world.post_history import Post
    from simulator.world.search import IdFilter
    from simulator.world.world import World

_DAY_MS = 86_400_000
DATE_POSTED_MS = {"past_day": _DAY_MS, "past_week": 7 * _DAY_MS, "past_month": 30 * _DAY_MS}
HEADCOUNT_MINS = (1, 11, 51, 201, 501, 1001, 5001, 10001)
HEADCOUNT_MAXES = (10, 50, 200, 500, 1000, 5000, 10000)
_OPERATORS = frozenset({"and", "or", "not"})


def starts_words(wanted: str, words: tuple[str, ...]) -> bool:
    """Every wanted word starts one of `words`; LinkedIn's boolean operators read as "and"."""
    return all(
        any(word.startswith(token) for word in words)
        for token in search_words(wanted)
        if token not in _OPERATORS
    )


@dataclass(frozen=True, slots=True)
class HeadcountRange:
    low: int | None = None
    high: int | None = None

    def admits(self, employees: int) -> bool:
        return (self.low is None or employees >= self.low) and (
            self.high is None or employees <= self.high
        )


@dataclass(frozen=True, slots=True)
class CompanyHit:
    page: CompanyPage
    job_offers: int


@dataclass(frozen=True, slots=True)
class CompanyQuery:
    api: str
    industry: IdFilter
    location: IdFilter
    keywords: str | None = None
    has_job_offers: bool | None = None
    headcount: tuple[HeadcountRange, ...] = ()

    def search(self, world: World) -> list[CompanyHit]:
        """Companies in the directory's order; `location` matches the headquarters' id."""
        directory = world.network.directory
        location_ids = {facet.name: facet.id for facet in directory.locations}
        industry_ids = {facet.name: facet.id for facet in directory.industries}
        offers = Counter(job.company_id for job in world.jobs.published() if job.company_id)
        hits = []
        for page in world.companies.network_pages():
            hit = CompanyHit(page, offers.get(page.id, 0))
            if self._admits(hit, location_ids, industry_ids):
                hits.append(hit)
        return hits

    def _admits(
        self, hit: CompanyHit, location_ids: dict[str, str], industry_ids: dict[str, str]
    ) -> bool:
        page = hit.page
        if not (
            self.industry.admits(industry_ids.get(page.industry or "", ""))
            and self.location.admits(location_ids.get(page.headquarters or "", ""))
        ):
            return False
        if self.has_job_offers is not None and (hit.job_offers > 0) != self.has_job_offers:
            return False
        if self.headcount and not any(r.admits(page.employees) for r in self.headcount):
            return False
        words = search_words(" ".join((page.name, page.industry or "", page.tagline)))
        return not self.keywords or starts_words(self.keywords, words)


@dataclass(frozen=True, slots=True)
class PostQuery:
    api: str = "classic"
    keywords: str | None = None
    sort_by: str = "relevance"  # relevance: the most reacted to first; date: newest first
    date_posted: str | None = None

    def search(self, world: World) -> list[Post]:
        posts = world.posts
        since = world.now_ms() - DATE_POSTED_MS[self.date_posted] if self.date_posted else None
        found = []
        for post in posts.every_post():
            if post.plain_repost:
                continue  # a plain repost: the shared post is the result
            if since is not None and post.date_ms < since:
                continue
            if self.keywords:
                author = posts.author(post).name or ""
                if not starts_words(self.keywords, search_words(f"{post.text} {author}")):
                    continue
            found.append(post)
        if self.sort_by == "date":
            found.sort(key=lambda post: (-post.date_ms, post.id))
        else:
            found.sort(key=lambda post: (-sum(posts.counters(post)), -post.date_ms, post.id))
        return found


@dataclass(frozen=True, slots=True)
class JobQuery:
    api: str
    company: IdFilter
    location: IdFilter
    keywords: str | None = None
    sort_by: str = "relevance"  # relevance: the directory's order of postings; date: newest

    def search(self, world: World) -> list[JobPosting]:
        found = [
            job
            for job in world.jobs.published()
            if self.company.admits(job.company_id or "")
            and self.location.admits(job.location_id)
            and (
                not self.keywords
                or starts_words(
                    self.keywords, search_words(f"{job.title} {job.company} {job.location}")
                )
            )
        ]
        if self.sort_by == "date":
            found.sort(key=lambda job: (-(job.published_at_ms or 0), job.id))
        return found
