"""POST /api/v1/linkedin/user/{user_id}: Sales Navigator `saveLead` and Recruiter
`addCandidateToPipeline`; POST /api/v1/linkedin/profile/endorse (reference part 2 §4.4)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import BodyUnion, Omittable, RequestBody, read_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.world.world import World

NonEmpty = Annotated[str, Field(min_length=1)]


class SaveLead(RequestBody):
    account_id: NonEmpty
    api: Literal["sales_navigator"]
    action: Literal["saveLead"]
    list_id: Omittable[NonEmpty] = None


class AddCandidate(RequestBody):
    account_id: NonEmpty
    api: Literal["recruiter"]
    action: Literal["addCandidateToPipeline"]
    hiring_project_id: NonEmpty
    stage: Literal["UNCONTACTED", "CONTACTED", "REPLIED"] = "UNCONTACTED"


MemberAction = BodyUnion[SaveLead | AddCandidate](
    Annotated[SaveLead | AddCandidate, Field(discriminator="api")],
    tags={"sales_navigator", "recruiter"},
)


async def act_on_member(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, MemberAction)
    member = request.path_params["user_id"]
    if isinstance(body, SaveLead):
        success = world.member_actions.save_lead(body.account_id, member, body.list_id)
    else:
        success = world.member_actions.add_to_pipeline(
            body.account_id, member, body.hiring_project_id, body.stage
        )
    return json_response(200, {"object": "LinkedinPerformActionOnUser", "success": success})


class Endorsement(RequestBody):
    account_id: NonEmpty
    profile_id: NonEmpty
    skill_endorsement_id: Annotated[int, Field(ge=1, le=2**32)]


async def endorse_skill(request: Request) -> Response:
    """POST /api/v1/linkedin/profile/endorse: a relation's skill, by its `endorsement_id`."""
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, Endorsement)
    endorsed = world.endorsements.endorse(
        body.account_id, body.profile_id, body.skill_endorsement_id
    )
    return json_response(200, {"object": "LinkedinProfileEndorse", "endorsed": endorsed})
