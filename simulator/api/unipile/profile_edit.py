"""PATCH /api/v1/users/me/edit: multipart with bracketed keys (`location[id]`,
`experience[seniority][start_date][year]`), arrays by repeating a key (`skills`), files under
`picture` and `cover_picture` (reference part 2 §4.4)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, validate_fields
from simulator.api.forms import read_form
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.messaging_bodies import media_type
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.profile_edits import ProfileEdit
from simulator.world.world import World

NonEmpty = Annotated[str, Field(min_length=1)]
_KEY = re.compile(r"^([A-Za-z_]+)((?:\[[A-Za-z_]+\])*)$")
_FILES = ("picture", "cover_picture")
_LISTS = ("skills", "experience.skills", "education.skills")


class Location(RequestBody):
    id: NonEmpty
    postal_code: Omittable[Annotated[str, Field(min_length=5, max_length=5)]] = None


class Experience(RequestBody):
    role: NonEmpty
    company: NonEmpty
    employment_type: Omittable[str] = None
    location: Omittable[str] = None
    presence: Omittable[Literal["ON_SITE", "HYBRID", "REMOTE"]] = None
    seniority: Omittable[dict[str, Any]] = None
    description: Omittable[str] = None
    source_of_hire: Omittable[str] = None
    skills: Omittable[list[NonEmpty]] = None
    attachment: Omittable[dict[str, Any]] = None
    notify_network: Omittable[Literal["true", "false"]] = None


class Education(RequestBody):
    school: NonEmpty
    degree: Omittable[str] = None
    grade: Omittable[str] = None
    field_of_study: Omittable[str] = None
    activities: Omittable[str] = None
    description: Omittable[str] = None
    start_date: Omittable[dict[str, Any]] = None
    end_date: Omittable[dict[str, Any]] = None
    skills: Omittable[list[NonEmpty]] = None


class EditBody(RequestBody):
    type: Literal["LINKEDIN"]
    account_id: NonEmpty
    location: Omittable[Location] = None
    headline: Omittable[Annotated[str, Field(max_length=220)]] = None
    summary: Omittable[Annotated[str, Field(max_length=2600)]] = None
    picture_settings: Omittable[dict[str, Any]] = None
    cover_picture_settings: Omittable[dict[str, Any]] = None
    experience: Omittable[Experience] = None
    education: Omittable[Education] = None
    skills: Omittable[list[NonEmpty]] = None
    skills_follow: Omittable[Literal["true", "false"]] = None


async def edit_own_profile(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    if media_type(request) != "multipart/form-data":
        raise ApiError("unsupported_media_type", "content-type: send multipart/form-data")
    form = await read_form(request)
    fields: dict[str, Any] = {}
    files = {name: False for name in _FILES}
    for key, value in form.multi_items():
        if key in _FILES:
            if not isinstance(value, UploadFile):
                raise invalid_parameter(key, "expected a file")
            files[key] = True
            continue
        if not isinstance(value, str):
            raise invalid_parameter(key, "expected a text field, got a file")
        _put(fields, key, value)
    body = validate_fields(EditBody, fields)
    world.profile_edits.edit(
        body.account_id,
        ProfileEdit(
            headline=body.headline,
            summary=body.summary,
            location_id=body.location.id if body.location else None,
            picture=files["picture"],
            cover_picture=files["cover_picture"],
            skills=tuple(body.skills or ()),
            experience=body.experience.model_dump(exclude_none=True) if body.experience else None,
            education=body.education.model_dump(exclude_none=True) if body.education else None,
        ),
    )
    return json_response(200, {"object": "ProfileEdited"})


def _put(fields: dict[str, Any], key: str, value: str) -> None:
    """`a[b][c]=v` into `{"a": {"b": {"c": v}}}`; a repeated list key appends."""
    match = _KEY.fullmatch(key)
    if match is None:
        raise invalid_parameter(key, "not a field name (use brackets for nested keys: a[b])")
    path = [match.group(1), *re.findall(r"\[([A-Za-z_]+)\]", match.group(2))]
    node = fields
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise invalid_parameter(key, "given both as a value and as nested keys")
        node = child
    last = path[-1]
    if ".".join(path) in _LISTS:
        node.setdefault(last, []).append(value)
    elif last in node:
        raise invalid_parameter(key, "given more than once")
    else:
        node[last] = value
