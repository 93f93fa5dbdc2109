"""/api/v1/linkedin: search (people, companies, posts, jobs), its filter parameters, InMail
balance (reference §6)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationError, model_validator
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import BodyUnion, Omittable, RequestBody, read_json
from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.posts import post_body
from simulator.api.unipile.render_linkedin import (
    inmail_balance_json,
    search_json,
    search_parameters_json,
)
from simulator.world.errors import invalid_parameter
from simulator.world.search import PARAMETER_TYPES, IdFilter, PeopleQuery
from simulator.world.search_categories import CompanyQuery, HeadcountRange, JobQuery, PostQuery
from simulator.world.world import World

_SEARCH = "linkedin_search"
ParameterId = Annotated[str, Field(pattern=r"^[0-9]+$")]  # ASCII digits, not \d


class IncludeExclude(RequestBody):
    include: Omittable[list[ParameterId]] = Field(None, min_length=1)
    exclude: Omittable[list[ParameterId]] = Field(None, min_length=1)


IdsFilter = Annotated[list[ParameterId], Field(min_length=1)] | IncludeExclude


class AdvancedKeywords(RequestBody):
    first_name: Omittable[str] = None
    last_name: Omittable[str] = None
    title: Omittable[str] = None
    company: Omittable[str] = None
    school: Omittable[str] = None


class PeopleSearchBody(RequestBody):
    """The people search of every API; filters take ids from /linkedin/search/parameters."""

    api: Literal["classic", "sales_navigator", "recruiter"]
    category: Literal["people"]
    keywords: Omittable[str] = None
    location: Omittable[IdsFilter] = None
    industry: Omittable[IdsFilter] = None
    company: Omittable[IdsFilter] = None
    school: Omittable[IdsFilter] = None
    network_distance: Omittable[list[Literal[1, 2, 3]]] = None
    advanced_keywords: Omittable[AdvancedKeywords] = None

    @model_validator(mode="before")
    @classmethod
    def no_search_url(cls, data: Any) -> Any:
        if isinstance(data, dict) and "url" in data:
            raise ValueError("url: search URLs are not simulated: give api, category and filters")
        if isinstance(data, dict) and data.get("category", "people") not in _CATEGORY_TAGS:
            raise ValueError(f"category: must be one of {', '.join(_CATEGORY_TAGS)}")
        return data

    def query(self) -> PeopleQuery:
        advanced = self.advanced_keywords or AdvancedKeywords()
        return PeopleQuery(
            api=self.api,
            keywords=self.keywords,
            location=_id_filter(self.location),
            industry=_id_filter(self.industry),
            company=_id_filter(self.company),
            school=_id_filter(self.school),
            network_distance=frozenset(self.network_distance or ()),
            first_name=advanced.first_name,
            last_name=advanced.last_name,
            title=advanced.title,
            company_keywords=advanced.company,
            school_keywords=advanced.school,
        )


class CursorBody(RequestBody):
    """The next page of a search: long cursors may travel in the body."""

    cursor: str = Field(min_length=1)


class Headcount(RequestBody):
    min: Omittable[Literal[1, 11, 51, 201, 501, 1001, 5001, 10001]] = None
    max: Omittable[Literal[10, 50, 200, 500, 1000, 5000, 10000]] = None


class CompanySearchBody(RequestBody):
    """Companies of the network (Classic or Sales Navigator); `location`: the headquarters."""

    api: Literal["classic", "sales_navigator"]
    category: Literal["companies"]
    keywords: Omittable[str] = None
    industry: Omittable[IdsFilter] = None
    location: Omittable[IdsFilter] = None
    has_job_offers: Omittable[bool] = None
    headcount: Omittable[list[Headcount]] = Field(None, min_length=1)

    def query(self) -> CompanyQuery:
        return CompanyQuery(
            api=self.api,
            industry=_id_filter(self.industry),
            location=_id_filter(self.location),
            keywords=self.keywords,
            has_job_offers=self.has_job_offers,
            headcount=tuple(HeadcountRange(r.min, r.max) for r in self.headcount or ()),
        )


class PostSearchBody(RequestBody):
    """Posts of the network's members and companies, and those made in the world."""

    api: Literal["classic"]
    category: Literal["posts"]
    keywords: Omittable[str] = None
    sort_by: Omittable[Literal["relevance", "date"]] = None
    date_posted: Omittable[Literal["past_day", "past_week", "past_month"]] = None

    def query(self) -> PostQuery:
        return PostQuery(self.api, self.keywords, self.sort_by or "relevance", self.date_posted)


class JobSearchBody(RequestBody):
    """The live job postings of the world's accounts."""

    api: Literal["classic"]
    category: Literal["jobs"]
    keywords: Omittable[str] = None
    sort_by: Omittable[Literal["relevance", "date"]] = None
    company: Omittable[Annotated[list[ParameterId], Field(min_length=1)]] = None
    location: Omittable[Annotated[list[ParameterId], Field(min_length=1)]] = None

    def query(self) -> JobQuery:
        return JobQuery(
            api=self.api,
            company=_id_filter(self.company),
            location=_id_filter(self.location),
            keywords=self.keywords,
            sort_by=self.sort_by or "relevance",
        )


NewSearchBody = PeopleSearchBody | CompanySearchBody | PostSearchBody | JobSearchBody
_CATEGORY_TAGS = ("people", "companies", "posts", "jobs")


def _category(data: Any) -> str:
    """The body model of the category; an unknown category is read as people's (a 400 there)."""
    category = data.get("category") if isinstance(data, dict) else None
    return category if category in _CATEGORY_TAGS else "people"


_NEW_SEARCH = Annotated[
    Annotated[PeopleSearchBody, Tag("people")]
    | Annotated[CompanySearchBody, Tag("companies")]
    | Annotated[PostSearchBody, Tag("posts")]
    | Annotated[JobSearchBody, Tag("jobs")],
    Discriminator(_category),
]
NEW_SEARCH_BODY = BodyUnion[NewSearchBody](_NEW_SEARCH, tags=set(_CATEGORY_TAGS))


def _search_kind(data: Any) -> str:
    if isinstance(data, dict) and set(data) == {"cursor"}:
        return "next_page"
    return _category(data)


SEARCH_BODY = BodyUnion[NewSearchBody | CursorBody](
    Annotated[
        Annotated[PeopleSearchBody, Tag("people")]
        | Annotated[CompanySearchBody, Tag("companies")]
        | Annotated[PostSearchBody, Tag("posts")]
        | Annotated[JobSearchBody, Tag("jobs")]
        | Annotated[CursorBody, Tag("next_page")],
        Discriminator(_search_kind),
    ],
    tags={*_CATEGORY_TAGS, "next_page"},
)


async def search(request: Request) -> Response:
    """A new search from the body, or the next page of one from `cursor` (query or body)."""
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    cursor = query.text("cursor")
    if cursor is None:
        limit = query.integer("limit", 10, 0, 100)
        read = await read_json(request, SEARCH_BODY)
        if isinstance(read, CursorBody):
            cursor = read.cursor
        else:
            body, start = read, 0
    if cursor is not None:
        limit, position = decode_cursor(cursor, _SEARCH)
        body, start = _search_position(position)
    page = world.search.run(account_id, body.query(), start, limit)
    params = body.model_dump(mode="json", exclude_none=True)
    next_cursor = None
    if page.next_start is not None and limit > 0:
        next_cursor = encode_cursor(_SEARCH, limit, {"params": params, "start": page.next_start})
    body_json = search_json(
        page, params, next_cursor, lambda post: post_body(world, account_id, post)
    )
    return json_response(200, body_json)


async def search_parameters(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "type", "keywords", "limit", "service"))
    account_id = query.required_text("account_id")
    kind = query.required_text("type")
    if kind not in PARAMETER_TYPES:
        raise invalid_parameter(
            "type", f"must be one of {', '.join(PARAMETER_TYPES)}, got {kind!r}"
        )
    keywords = query.text("keywords")
    limit = query.integer("limit", 10, 1, 100)
    query.choice("service", ("CLASSIC", "SALES_NAVIGATOR", "RECRUITER"))
    values = world.search.parameters(account_id, kind, keywords, limit)
    return json_response(200, search_parameters_json(values))


async def inmail_balance(request: Request) -> Response:
    world: World = request.state.world
    account_id = Query(request, ("account_id",)).required_text("account_id")
    account = world.network.owner(account_id)
    return json_response(200, inmail_balance_json(world.limits.inmail_balance(account)))


def _search_position(position: Any) -> tuple[NewSearchBody, int]:
    try:
        start = position["start"]
        body = NEW_SEARCH_BODY.adapter.validate_python(position["params"])
    except (TypeError, KeyError, ValidationError):
        raise invalid_parameter("cursor", "not a cursor returned by this list") from None
    if not isinstance(start, int) or start < 0:
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return body, start


def _id_filter(value: list[str] | IncludeExclude | None) -> IdFilter:
    if value is None:
        return IdFilter()
    if isinstance(value, IncludeExclude):
        return IdFilter(frozenset(value.include or ()), frozenset(value.exclude or ()))
    return IdFilter(frozenset(value))
