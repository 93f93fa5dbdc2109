"""JSON shapes of the LinkedIn-specific routes (reference §6): search, its parameters, InMail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.clock import iso_ms
from simulator.world.companies import employee_range, slug
from simulator.world.jobs import JobPosting
from simulator.world.people import OUT_OF_NETWORK, Facet, Person
from simulator.world.post_history import Post
from simulator.world.search import SearchHit, SearchPage
from simulator.world.search_categories import CompanyHit


def search_json(
    page: SearchPage,
    params: dict[str, Any],
    cursor: str | None,
    render_post: Callable[[Post], dict[str, Any]],
) -> dict[str, Any]:
    """`render_post`: a post as `GET /posts/{id}` shows it (a result adds its type)."""
    items = []
    for hit in page.hits:
        if isinstance(hit, SearchHit):
            items.append(search_result_json(hit))
        elif isinstance(hit, CompanyHit):
            items.append(company_result_json(hit))
        elif isinstance(hit, JobPosting):
            items.append(job_result_json(hit))
        else:
            items.append({**render_post(hit), "object": "SearchResult", "type": "POST"})
    return {
        "object": "LinkedinSearch",
        "items": items,
        "config": {"params": params},
        "paging": {"start": page.start, "page_count": len(page.hits), "total_count": page.total},
        "cursor": cursor,
    }


def search_result_json(hit: SearchHit) -> dict[str, Any]:
    person = hit.person
    return {
        "object": "SearchResult",
        "type": "PEOPLE",
        "id": person.provider_id,
        "name": person.full_name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "public_identifier": person.public_identifier,
        "public_profile_url": person.profile_url,
        "profile_url": f"https://www.linkedin.com/in/{person.provider_id}",
        "profile_picture_url": person.picture_url,
        "profile_picture_url_large": (
            person.picture_url.replace("shrink_400_400", "shrink_800_800")
            if person.picture_url
            else None
        ),
        "member_urn": f"urn:li:member:{person.member_urn}",
        # Search names distances DISTANCE_n, unlike profiles (FIRST_DEGREE…).
        "network_distance": "OUT_OF_NETWORK"
        if hit.distance == OUT_OF_NETWORK
        else f"DISTANCE_{hit.distance}",
        "location": person.location.name,
        "industry": person.industry.name,
        "headline": person.headline,
        "current_positions": [current_position_json(person)],
        "pending_invitation": hit.pending_invitation,
        "premium": person.is_premium,
        "open_profile": person.is_open_profile,
    }


def company_result_json(hit: CompanyHit) -> dict[str, Any]:
    page = hit.page
    low, high = employee_range(page.employees)
    return {
        "object": "SearchResult",
        "type": "COMPANY",
        "id": page.id,
        "name": page.name,
        "location": page.headquarters,
        "profile_url": f"https://www.linkedin.com/company/{page.public_identifier}/",
        # Unipile's document makes `industry` a string; a company nobody works at has none.
        "industry": page.industry or "",
        "summary": page.tagline,
        "followers_count": page.followers,
        "job_offers_count": hit.job_offers,
        "headcount": f"{low}-{high}" if high is not None else f"{low}+",
    }


def job_result_json(job: JobPosting) -> dict[str, Any]:
    company_slug = slug(job.company)
    return {
        "object": "SearchResult",
        "type": "JOB",
        "id": job.id,
        "reference_id": job.id,
        "title": job.title,
        "location": job.location,
        "posted_at": iso_ms(job.published_at_ms) if job.published_at_ms is not None else None,
        "reposted": False,
        "url": f"https://www.linkedin.com/jobs/view/{job.id}/",
        "promoted": job.mode in ("PROMOTED", "PROMOTED_PLUS"),
        "benefits": [],
        "easy_apply": job.takes_applicants_on_linkedin,
        "company": {
            "id": job.company_id,
            "public_identifier": company_slug if job.company_id else None,
            "name": job.company,
            "profile_url": (
                f"https://www.linkedin.com/company/{company_slug}/" if job.company_id else None
            ),
            "profile_picture_url": None,
        },
    }


def current_position_json(person: Person) -> dict[str, Any]:
    """A search result's current position, with the fields Unipile's document requires
    (`description`, `location` nullable, `industry`, `skills` nullable)."""
    current = next(
        (p for p in person.experience if p.end is None and p.company.id == person.company.id),
        None,
    )
    body: dict[str, Any] = {
        "company": person.company.name,
        "company_id": person.company.id,
        "description": current.description if current else None,
        "role": person.title,
        "location": current.location if current else person.location.name,
        "industry": [person.industry.name],
        "skills": [],  # a search result does not list a position's endorsed skills
    }
    month, _, year = current.start.partition("/") if current else ("", "", "")
    if month.isdigit() and year.isdigit():
        body["start"] = {"year": int(year), "month": int(month)}
    return body


def search_parameters_json(values: list[Facet]) -> dict[str, Any]:
    return {
        "object": "LinkedinSearchParametersList",
        "items": [
            {"object": "LinkedinSearchParameter", "id": f.id, "title": f.name} for f in values
        ],
        "paging": {"page_count": len(values)},
    }


def inmail_balance_json(balance: dict[str, int | None]) -> dict[str, Any]:
    return {"object": "LinkedinInmailBalance", **balance}
