"""/api/v1/linkedin/jobs...: job postings (draft, edit, publish and its checkpoints, close),
their applicants and resumes; /api/v1/linkedin/projects: Recruiter hiring projects (reference
part 2 §6). Each handler reads the request, calls one method of `world.jobs`, renders."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import read_json
from simulator.api.pagination import decode_context_cursor, encode_cursor
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.job_bodies import (
    CheckpointBody,
    CreateJobBody,
    EditJobBody,
    PublishBody,
    publish_request,
)
from simulator.api.unipile.render_jobs import (
    applicant_json,
    draft_created_json,
    job_posting_json,
    project_json,
    publish_outcome_json,
)
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.jobs import CATEGORIES, SERVICES
from simulator.world.listing import Page, SortKey
from simulator.world.world import World

_JOBS, _APPLICANTS, _PROJECTS = "job_postings", "job_applicants", "hiring_projects"
MAX_LIMIT = 250
DEFAULT_LIMIT = 100


def _page(query: Query, list_name: str, context: list[Any]) -> tuple[int, SortKey | None]:
    """(limit, after): from the cursor (this list's, for this same context) or `limit`."""
    cursor = query.text("cursor")
    if cursor is None:
        return query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), None
    limit, after = decode_context_cursor(cursor, list_name, context)
    if not isinstance(after, list) or len(after) != 2:
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return limit, (after[0], after[1])


def _list(
    object_name: str, page: Page[Any], items: list[Any], list_name: str, limit: int,
    context: list[Any],
) -> dict[str, Any]:  # fmt: skip
    after = page.next_after
    cursor = encode_cursor(list_name, limit, [context, list(after)]) if after else None
    return {
        "object": object_name,
        "items": items,
        "cursor": cursor,
        "paging": {"page_count": len(items), "total_count": page.total},
    }


# -- job postings ----------------------------------------------------------------------------


async def list_jobs(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "category", "limit", "cursor"))
    account_id = query.required_text("account_id")
    category = query.choice("category", CATEGORIES) or "active"
    context = [account_id, category]
    limit, after = _page(query, _JOBS, context)
    page = world.jobs.page(account_id, category, after, limit)
    items = [job_posting_json(world.jobs, job) for job in page.items]
    return json_response(
        200, _list("LinkedinJobPostingList", page, items, _JOBS, limit, context)
    )


async def create_job(request: Request) -> Response:
    """POST /linkedin/jobs: a draft (200, as the reference says, not 201)."""
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CreateJobBody)
    job = world.jobs.create_draft(body.account_id, body.draft())
    return json_response(200, draft_created_json(job))


async def get_job(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "service"))
    account_id = query.required_text("account_id")
    service = query.choice("service", SERVICES)
    if service is None:
        raise ApiError("missing_parameters", "service: required query parameter")
    job = world.jobs.get(account_id, request.path_params["job_id"], service)
    return json_response(200, job_posting_json(world.jobs, job))


async def edit_job(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, EditJobBody)
    job = world.jobs.edit(body.account_id, request.path_params["job_id"], body.edit())
    return json_response(200, {"object": "LinkedinJobPostingEdited", "job_id": job.id})


async def publish_job(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, PublishBody)
    outcome = world.jobs.publish(
        body.account_id, request.path_params["job_id"], publish_request(body)
    )
    return json_response(200, publish_outcome_json(outcome))


async def solve_job_checkpoint(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CheckpointBody)
    outcome = world.jobs.solve_checkpoint(
        body.account_id, request.path_params["job_id"], body.input
    )
    return json_response(200, publish_outcome_json(outcome))


async def close_job(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "service"))
    account_id = query.required_text("account_id")
    service = query.choice("service", SERVICES)
    job = world.jobs.close(account_id, request.path_params["job_id"], service)
    return json_response(200, {"object": "LinkedinJobPostingClosed", "job_id": job.id})


# -- applicants ------------------------------------------------------------------------------


async def list_applicants(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "service", "ratings", "keywords", "limit", "cursor"))
    account_id = query.required_text("account_id")
    service = query.choice("service", SERVICES)
    raw_ratings = query.text("ratings")
    ratings = None
    if raw_ratings is not None:
        names = raw_ratings.split(",")
        if any(not name for name in names):
            raise invalid_parameter("ratings", "a comma-separated list of ratings, none empty")
        ratings = frozenset(names)
    keywords = query.text("keywords")
    job_id = request.path_params["job_id"]
    context = [job_id, sorted(ratings) if ratings else None, keywords]
    limit, after = _page(query, _APPLICANTS, context)
    page = world.jobs.applicants_page(
        account_id, job_id, service=service, ratings=ratings, keywords=keywords, after=after,
        limit=limit,
    )  # fmt: skip
    body = _list(
        "LinkedinJobApplicantList", page, [applicant_json(a) for a in page.items], _APPLICANTS,
        limit, context,
    )  # fmt: skip
    return json_response(200, {"object": body.pop("object"), "job_posting_id": job_id, **body})


async def get_applicant(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    applicant = world.jobs.applicant(account_id, request.path_params["applicant_id"])
    return json_response(200, applicant_json(applicant))


async def get_resume(request: Request) -> Response:
    """The applicant's resume as PDF bytes (the reference declares only JSON: OPEN)."""
    world: World = request.state.world
    query = Query(request, ("account_id", "service"))
    account_id = query.required_text("account_id")
    service = query.choice("service", SERVICES)
    resume = world.jobs.resume(account_id, request.path_params["applicant_id"], service)
    disposition = f"attachment; filename*=UTF-8''{quote(resume.file_name, safe='')}"
    return Response(
        resume.data, media_type=resume.content_type, headers={"Content-Disposition": disposition}
    )


# -- hiring projects -------------------------------------------------------------------------


async def list_projects(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    context = [account_id]
    limit, after = _page(query, _PROJECTS, context)
    page = world.jobs.projects.page(account_id, after, limit)
    items = [project_json(world.jobs, project) for project in page.items]
    body = _list("RecruiterHiringProjectList", page, items, _PROJECTS, limit, context)
    del body["paging"]  # the reference's project list has no `paging`
    return json_response(200, body)


async def get_project(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    project = world.jobs.projects.get(account_id, request.path_params["id"])
    return json_response(200, project_json(world.jobs, project))
