"""POST /api/v1/linkedin: the raw proxy to LinkedIn's own URLs (reference part 2 §4.4).

A handful of URLs answer data drawn from the world, the same the simulator's own routes show:
a member's profile (`/in/{public_identifier}/`, `/voyager/api/identity/profiles/{id}...`) and a
company page (`/company/{slug}/`, `/voyager/api/organization/companies?universalName=...`).
Any other LinkedIn URL answers an empty `data` (what a write to an endpoint the simulator does
not model gives back); a URL outside `https://www.linkedin.com/` is 400 `errors/invalid_url`.
"""

from __future__ import annotations

import re
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.companies import company_json
from simulator.api.unipile.render_users import user_profile_json
from simulator.world.errors import ApiError
from simulator.world.world import World

_LINKEDIN = re.compile(r"^https://www\.linkedin\.com/.*$")
_PROFILE = re.compile(r"^/(?:in|voyager/api/identity/profiles)/([^/?#]+)(?:/.*)?$")
_COMPANY = re.compile(r"^/company/([^/?#]+)/?$")
_COMPANIES = "/voyager/api/organization/companies"


class RawRequest(RequestBody):
    account_id: str = Field(min_length=1)
    request_url: str = Field(min_length=1)
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    headers: Omittable[dict[str, str]] = None
    body: Omittable[dict[str, Any]] = None
    query_params: Omittable[dict[str, Any]] = None
    encoding: bool = True


async def raw_request(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, RawRequest)
    if not _LINKEDIN.fullmatch(body.request_url):
        raise ApiError(
            "invalid_url",
            f"request_url: {body.request_url!r} is not a https://www.linkedin.com/ URL",
        )
    account = world.network.owner(body.account_id)  # a LinkedIn account...
    world.accounts.require_usable(account.id)  # ...connected: the proxy is a live call
    data = _data(world, account.id, body) if body.method == "GET" else {}
    return json_response(200, {"object": "LinkedinRawData", "data": data})


def _data(world: World, account_id: str, body: RawRequest) -> Any:
    url = urlsplit(body.request_url)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    query.update({k: str(v) for k, v in (body.query_params or {}).items()})
    if (profile := _PROFILE.fullmatch(url.path)) is not None:
        view = world.network.profile(account_id, profile.group(1))
        return user_profile_json(view, frozenset())
    if (company := _COMPANY.fullmatch(url.path)) is not None:
        return company_json(world.companies.page(account_id, company.group(1)))
    if url.path.rstrip("/") == _COMPANIES and "universalName" in query:
        page = world.companies.page(account_id, query["universalName"])
        return {"elements": [company_json(page)]}
    return {}
