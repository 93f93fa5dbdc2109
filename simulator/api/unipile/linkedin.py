"""/api/v1/linkedin: people search, its filter parameters, InMail balance (reference §6)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.pagination import decode_cursor, encode_cursor
from simulator.api.params import Query, check_json_types, first_problem
from simulator.api.responses import json_response
from simulator.api.unipile.render_linkedin import (
    inmail_balance_json,
    search_json,
    search_parameters_json,
)
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.search import PARAMETER_TYPES, IdFilter, PeopleQuery
from simulator.world.world import World

_SEARCH = "linkedin_search"
ParameterId = Annotated[str, Field(pattern=r"^\d+$")]


class IncludeExclude(BaseModel):
    model_config = ConfigDict(extra="forbid")

    include: list[ParameterId] | None = Field(None, min_length=1)
    exclude: list[ParameterId] | None = Field(None, min_length=1)


IdsFilter = Annotated[list[ParameterId], Field(min_length=1)] | IncludeExclude


class AdvancedKeywords(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    company: str | None = None
    school: str | None = None


class PeopleSearchBody(BaseModel):
    """The people search of every API; filters take ids from /linkedin/search/parameters."""

    model_config = ConfigDict(extra="forbid")

    api: Literal["classic", "sales_navigator", "recruiter"]
    category: Literal["people"]
    keywords: str | None = None
    location: IdsFilter | None = None
    industry: IdsFilter | None = None
    company: IdsFilter | None = None
    school: IdsFilter | None = None
    network_distance: list[Literal[1, 2, 3]] | None = None
    advanced_keywords: AdvancedKeywords | None = None

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


class CursorBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cursor: str = Field(min_length=1)


async def search(request: Request) -> Response:
    """A new search from the body, or the next page of one from `cursor` (query or body)."""
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    cursor = query.text("cursor") or await _body_cursor(request)
    if cursor is not None:
        limit, position = decode_cursor(cursor, _SEARCH)
        body, start = _search_position(position)
    else:
        limit = query.integer("limit", 10, 0, 100)
        body, start = await _search_body(request), 0
    page = world.search.run(account_id, body.query(), start, limit)
    params = body.model_dump(mode="json", exclude_none=True)
    next_cursor = None
    if page.next_start is not None and limit > 0:
        next_cursor = encode_cursor(_SEARCH, limit, {"params": params, "start": page.next_start})
    return json_response(200, search_json(page, params, next_cursor))


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


async def _body_cursor(request: Request) -> str | None:
    """The `{cursor}` body variant: long cursors may travel in the body."""
    raw = await request.body()
    if not raw:
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # reported by _search_body, with the parse error
    if isinstance(data, dict) and set(data) == {"cursor"}:
        try:
            return CursorBody.model_validate(data).cursor
        except ValidationError as error:
            raise first_problem(error) from None
    return None


async def _search_body(request: Request) -> PeopleSearchBody:
    raw = await request.body()
    if not raw:
        raise ApiError("missing_parameters", "body: a JSON body is required")
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise invalid_parameter("body", f"not valid JSON ({error})") from None
    if isinstance(data, dict) and "url" in data:
        raise invalid_parameter(
            "url", "search URLs are not simulated: give api, category and filters"
        )
    try:
        body = PeopleSearchBody.model_validate(data)
    except ValidationError as error:
        raise first_problem(error) from None
    check_json_types(raw, PeopleSearchBody)
    return body


def _search_position(position: Any) -> tuple[PeopleSearchBody, int]:
    try:
        start = position["start"]
        body = PeopleSearchBody.model_validate(position["params"])
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
