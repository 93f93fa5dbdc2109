"""/api/v1/users: profiles, relations and invitations (reference §4).

Seed 004's `POST /users/cancel-invite` is served beside the real
`DELETE /users/invite/sent/{invitation_id}`; both withdraw a pending invitation.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json
from simulator.api.dialects import INVITATION_LIMIT, Dialect, PageLimit
from simulator.api.pagination import decode_cursor, encode_cursor, list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.render_users import (
    SECTIONS,
    follower_json,
    instagram_relation_json,
    invitation_json,
    invitation_sent_json,
    owner_profile_json,
    relation_json,
    user_profile_json,
)
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.invitations import RECEIVED, SENT
from simulator.world.world import World

_RELATIONS = "relations"
_INVITATION_LISTS = {SENT: "invitations_sent", RECEIVED: "invitations_received"}


class InviteRequest(RequestBody):
    account_id: str = Field(min_length=1)
    provider_id: str = Field(min_length=1)
    # Length rules (300 for everyone, less on free plans) are the world's: 400 too_many_characters.
    message: Omittable[str] = None
    user_email: Omittable[str] = None


class CancelInviteRequest(RequestBody):
    account_id: str = Field(min_length=1)
    invitation_id: str = Field(min_length=1)


async def own_profile(request: Request) -> Response:
    world: World = request.state.world
    account_id = Query(request, ("account_id",)).required_text("account_id")
    account = world.network.owner(account_id)
    return json_response(200, owner_profile_json(account, world.profile_edits.of(account.id)))


async def get_profile(request: Request) -> Response:
    world: World = request.state.world
    query = Query(
        request,
        ("account_id", "linkedin_sections", "linkedin_api", "notify"),
        arrays=("linkedin_sections",),
    )
    account_id = query.required_text("account_id")
    sections = _sections(query.text("linkedin_sections"))
    api = query.choice("linkedin_api", ("recruiter", "sales_navigator"))
    query.choice("notify", ("true", "false"))  # a simulated visit notifies nobody
    identifier = request.path_params["identifier"]
    if world.accounts.get(account_id).type == "WHATSAPP":  # is this number on WhatsApp?
        contact = world.messaging.whatsapp_user(account_id, identifier)
        return json_response(
            200, {"object": "UserProfile", "provider": "WHATSAPP", "id": contact.provider_id}
        )
    view = world.network.profile(account_id, identifier, api)
    return json_response(200, user_profile_json(view, sections))


async def list_relations(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor", "filter"))
    account_id = query.required_text("account_id")
    cursor = query.text("cursor")
    if cursor is not None:
        limit, after = decode_cursor(cursor, _RELATIONS)
        key, name_filter = _relations_position(after)
    else:
        limit, key, name_filter = query.integer("limit", 100, 1, 1000), None, query.text("filter")
    relations, next_key = world.network.relations_page(account_id, key, limit, name_filter)
    next_cursor = (
        encode_cursor(_RELATIONS, limit, [*next_key, name_filter]) if next_key is not None else None
    )
    items = [relation_json(relation) for relation in relations]
    return json_response(200, list_body("UserRelationsList", items, next_cursor))


async def send_invitation(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, InviteRequest)
    sent = world.invitations.send(body.account_id, body.provider_id, note=body.message)
    dialect: Dialect = request.state.dialect
    return json_response(dialect.invitation_sent_status, invitation_sent_json(sent))


async def list_sent_invitations(request: Request) -> Response:
    dialect: Dialect = request.state.dialect
    return _invitation_list(request, SENT, dialect.sent_invitations_limit)


async def list_received_invitations(request: Request) -> Response:
    return _invitation_list(request, RECEIVED, INVITATION_LIMIT)


async def cancel_invitation(request: Request) -> Response:
    world: World = request.state.world
    account_id = Query(request, ("account_id",)).required_text("account_id")
    world.invitations.withdraw(account_id, request.path_params["invitation_id"])
    return json_response(200, {"object": "InvitationCanceled"})


async def cancel_invite_seed_004(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CancelInviteRequest)
    world.invitations.withdraw(body.account_id, body.invitation_id)
    return json_response(200, {"object": "InvitationCanceled"})


async def handle_received_invitation(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    dialect: Dialect = request.state.dialect
    body = await read_json(request, dialect.invitation_handling)
    invitation = world.invitations.handle_received(
        body.account_id,
        request.path_params["invitation_id"],
        body.action,
        provider=body.provider,
        shared_secret=getattr(body, "shared_secret", None),
    )
    return json_response(200, {"object": "UserInvitationHandled", "status": invitation.status})


def _invitation_list(request: Request, direction: str, limits: PageLimit) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    list_name = _INVITATION_LISTS[direction]
    cursor = query.text("cursor")
    if cursor is not None:
        limit, after = decode_cursor(cursor, list_name)
        key = _sort_key(after)
    else:
        limit, key = query.integer("limit", limits.default, limits.low, limits.high), None
    invitations, next_key = world.invitations.page(account_id, direction, key, limit)
    account = world.accounts.get(account_id)
    now = world.now_ms()
    items = [invitation_json(invitation, account, now) for invitation in invitations]
    next_cursor = encode_cursor(list_name, limit, next_key) if next_key is not None else None
    return json_response(200, list_body("InvitationList", items, next_cursor))


def _sections(raw: str | None) -> frozenset[str]:
    """`*`, one section, or a list: comma-separated (the SDK joins arrays with commas) or
    repeated keys (OpenAPI 3.0's form for an array in the query; Query joins them)."""
    if raw is None:
        return frozenset()
    if raw == "*":
        return frozenset(SECTIONS)
    names = [name.strip() for name in raw.split(",")]
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise invalid_parameter(
            "linkedin_sections", f"unknown section {unknown[0]!r} (known: *, {', '.join(SECTIONS)})"
        )
    return frozenset(names)


def _sort_key(after: Any) -> tuple[int, int]:
    if (
        isinstance(after, tuple)
        and len(after) == 2
        and all(isinstance(part, int) and not isinstance(part, bool) for part in after)
    ):
        return after  # type: ignore[return-value]
    raise invalid_parameter("cursor", "not a cursor returned by this list")


def _relations_position(after: Any) -> tuple[tuple[int, int], str | None]:
    """A relations cursor carries the sort key and the name filter it was made with."""
    if isinstance(after, tuple) and len(after) == 3 and isinstance(after[2], (str, type(None))):
        return _sort_key(after[:2]), after[2]
    raise invalid_parameter("cursor", "not a cursor returned by this list")


_FOLLOWERS = "followers"


async def list_followers(request: Request) -> Response:
    """GET /users/followers: the account's followers (LinkedIn or Instagram shapes)."""
    world: World = request.state.world
    query = Query(request, ("account_id", "user_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    limit, start, user_id = _follow_position(query, _FOLLOWERS)
    account, followers, next_start = world.followers.page(account_id, user_id, start, limit)
    next_cursor = (
        encode_cursor(_FOLLOWERS, limit, [user_id, next_start]) if next_start is not None else None
    )
    items = [follower_json(follower) for follower in followers]
    return json_response(200, list_body("UserFollowersList", items, next_cursor))


async def list_following(request: Request) -> Response:
    """GET /users/following: on LinkedIn, the account follows its relations (connections
    follow each other): the relations list, in the relations' shape."""
    world: World = request.state.world
    query = Query(request, ("account_id", "user_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    user_id = query.text("user_id")
    account = world.accounts.get(account_id)
    if account.type == "INSTAGRAM":
        return _instagram_following(world, query, account_id)
    if account.type != "LINKEDIN":
        raise ApiError(
            "feature_not_implemented",
            "account_id: following is simulated for LinkedIn and Instagram",
        )
    if user_id is not None and user_id not in (account.id, account.provider_user_id,
                                               account.public_identifier):  # fmt: skip
        raise ApiError(
            "feature_not_implemented", "user_id: only the account's own following is simulated"
        )
    cursor = query.text("cursor")
    if cursor is not None:
        limit, after = decode_cursor(cursor, _FOLLOWING)
        key, _ = _relations_position(after)
    else:
        limit, key = query.integer("limit", 100, 1, 1000), None
    relations, next_key = world.network.relations_page(account_id, key, limit, None)
    following = [*next_key, None] if next_key is not None else None
    next_cursor = encode_cursor(_FOLLOWING, limit, following) if following else None
    items = [relation_json(relation) for relation in relations]
    return json_response(200, list_body("UserRelationsList", items, next_cursor))


_FOLLOWING = "following"
_INSTAGRAM_FOLLOWING = "instagram_following"


def _follow_position(query: Query, list_name: str) -> tuple[int, int, str | None]:
    """(limit, directory index to scan from, whose list): a cursor carries the `user_id` it
    was made for, and a `user_id` sent with it must be the same."""
    user_id = query.text("user_id")
    cursor = query.text("cursor")
    if cursor is None:
        return query.integer("limit", 100, 1, 1000), 0, user_id
    limit, position = decode_cursor(cursor, list_name)
    if (
        not isinstance(position, tuple) or len(position) != 2
        or not isinstance(position[0], (str, type(None)))
        or (user_id is not None and position[0] != user_id)
        or not isinstance(position[1], int) or isinstance(position[1], bool) or position[1] < 0
    ):  # fmt: skip
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return limit, position[1], position[0]


def _instagram_following(world: World, query: Query, account_id: str) -> Response:
    """Who an Instagram account (or the user `user_id`) follows, as `UserRelation`s."""
    limit, start, user_id = _follow_position(query, _INSTAGRAM_FOLLOWING)
    followed, next_start = world.followers.following_page(account_id, user_id, start, limit)
    next_cursor = (
        encode_cursor(_INSTAGRAM_FOLLOWING, limit, [user_id, next_start])
        if next_start is not None
        else None
    )
    items = [instagram_relation_json(contact, since_ms) for contact, since_ms in followed]
    return json_response(200, list_body("UserRelationsList", items, next_cursor))
