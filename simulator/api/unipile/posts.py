"""/api/v1/users/{identifier}/posts, /posts/{id}, its comments and reactions, and acting on
them: commenting, reacting, posting (reference part 2 §4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import orjson
from pydantic import Field
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import Omittable, RequestBody, read_json, validate_fields
from simulator.api.forms import read_form
from simulator.api.pagination import decode_context_cursor, encode_cursor
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.messaging_bodies import media_type, only_fields, text_field
from simulator.api.unipile.render_instagram_posts import (
    instagram_comment_json,
    instagram_like_json,
    instagram_post_json,
)
from simulator.api.unipile.render_posts import (
    comment_json,
    post_json,
    reaction_json,
    repost_json,
)
from simulator.world.errors import invalid_parameter
from simulator.world.instagram_history import InstagramPost
from simulator.world.instagram_posts import NewInstagramPost
from simulator.world.people import Person
from simulator.world.post_history import Post
from simulator.world.posts import WRITE_VALUES, Author, NewPost
from simulator.world.posts import Mention as WorldMention
from simulator.world.world import World

NonEmpty = Annotated[str, Field(min_length=1)]
_POSTS, _COMMENTS, _REACTIONS = "posts", "post_comments", "post_reactions"


def _page(query: Query, list_name: str, context: list[Any]) -> tuple[int, int]:
    """(limit, start): from the cursor (which must be this list's, for this same context), or
    from `limit` and the start."""
    cursor = query.text("cursor")
    if cursor is None:
        return query.integer("limit", 100, 1, 100), 0
    limit, start = decode_context_cursor(cursor, list_name, context)
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise invalid_parameter("cursor", "not a cursor returned by this list")
    return limit, start


def _next(list_name: str, limit: int, context: list[Any], start: int, total: int) -> str | None:
    end = start + limit
    return encode_cursor(list_name, limit, [context, end]) if end < total else None


async def list_user_posts(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor", "is_company"))
    account_id = query.required_text("account_id")
    is_company = query.choice("is_company", ("true", "false")) == "true"
    identifier = request.path_params["identifier"]
    context = [identifier, is_company]
    limit, start = _page(query, _POSTS, context)
    items: list[dict[str, Any]]
    total: int
    if _instagram(world, account_id):
        if is_company:
            raise invalid_parameter("is_company", "companies are LinkedIn's; this is Instagram")
        media = world.instagram_posts.author_posts(account_id, identifier)
        items = [_media(world, account_id, post) for post in media[start : start + limit]]
        total = len(media)
    else:
        posts = world.posts.author_posts(account_id, identifier, is_company)
        items = [post_body(world, account_id, post) for post in posts[start : start + limit]]
        total = len(posts)
    return json_response(
        200,
        {
            "object": "PostList",
            "items": items,
            "cursor": _next(_POSTS, limit, context, start, total),
            "paging": {"page_count": len(items)},
        },
    )


async def get_post(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id",))
    account_id = query.required_text("account_id")
    if _instagram(world, account_id):
        media = world.instagram_posts.post(account_id, request.path_params["post_id"])
        return json_response(200, _media(world, account_id, media))
    post = world.posts.post(account_id, request.path_params["post_id"])
    return json_response(200, post_body(world, account_id, post))


def _instagram(world: World, account_id: str | None) -> bool:
    """Whether the reading or acting account is an Instagram one (its posts are Instagram's)."""
    account = world.accounts.find(account_id) if account_id is not None else None
    return account is not None and account.type == "INSTAGRAM"


def _media(world: World, account_id: str, post: InstagramPost) -> dict[str, Any]:
    posts = world.instagram_posts
    return instagram_post_json(
        post, posts.owner(post), posts.counters(post), posts.has_liked(account_id, post)
    )


def post_body(world: World, account_id: str | None, post: Post) -> dict[str, Any]:
    posts, now = world.posts, world.now_ms()
    shared = posts.shared(post)
    shown = shared if shared is not None and post.plain_repost else post
    body = post_json(
        shown, posts.author(shown), (*posts.counters(shown), posts.repost_count(shown)), now,
        posts.user_reacted(account_id, shown),
    )  # fmt: skip
    if shared is None:
        return body
    return repost_json(body, post, posts.author(post), shared, posts.author(shared), now)


async def list_comments(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor", "comment_id"))
    account_id = query.required_text("account_id")
    parent = query.text("comment_id")
    items: list[dict[str, Any]]
    if _instagram(world, account_id):
        media = world.instagram_posts.post(account_id, request.path_params["post_id"])
        context = [media.id, parent]
        limit, start = _page(query, _COMMENTS, context)
        views = world.instagram_posts.comments(account_id, media, parent)
        total, items = len(views), [instagram_comment_json(c) for c in views[start : start + limit]]
    else:
        post = world.posts.social(account_id, request.path_params["post_id"])
        context = [post.id, parent]
        limit, start = _page(query, _COMMENTS, context)
        comments = world.posts.comments(post, parent)
        total = len(comments)
        items = [
            comment_json(c, _distance(world, account_id, c.author))
            for c in comments[start : start + limit]
        ]
    return json_response(
        200,
        {
            "object": "CommentList",
            "items": items,
            "cursor": _next(_COMMENTS, limit, context, start, total),
            "total_items": total,
            "paging": {"start": start, "page_count": len(items), "total_count": total},
        },
    )


async def list_reactions(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor", "comment_id"))
    account_id = query.text("account_id")
    comment_id = query.text("comment_id")
    items: list[dict[str, Any]]
    if account_id is not None and _instagram(world, account_id):
        media = world.instagram_posts.post(account_id, request.path_params["post_id"])
        context = [media.id, comment_id]
        limit, start = _page(query, _REACTIONS, context)
        likes = world.instagram_posts.likes(media, comment_id)
        total = len(likes)
        items = [
            instagram_like_json(who, media, comment_id) for who, _ in likes[start : start + limit]
        ]
    else:
        post = world.posts.social(account_id, request.path_params["post_id"])
        context = [post.id, comment_id]
        limit, start = _page(query, _REACTIONS, context)
        reactions = world.posts.reactions(post, comment_id)
        total = len(reactions)
        items = [
            reaction_json(r, post, comment_id, _distance(world, account_id, r.author))
            for r in reactions[start : start + limit]
        ]
    return json_response(
        200,
        {
            "object": "PostReactionList",
            "items": items,
            "paging": {
                "cursor": _next(_REACTIONS, limit, context, start, total),
                "start": start,
                "page_count": len(items),
                "total_count": total,
            },
        },
    )


def _distance(world: World, account_id: str | None, author: Author) -> int | None:
    """How far the author is from the account reading (a member of the network only)."""
    if account_id is None or not isinstance(author.person, Person):
        return None
    return world.network.distance(world.accounts.get(account_id), author.person)


class Mention(RequestBody):
    name: NonEmpty
    profile_id: NonEmpty
    is_company: Omittable[bool] = None


class CommentBody(RequestBody):
    account_id: NonEmpty
    text: Annotated[str, Field(min_length=1)]
    comment_id: Omittable[NonEmpty] = None
    mentions: Omittable[Annotated[list[Mention], Field(max_length=50)]] = None
    external_link: Omittable[Annotated[str, Field(pattern=r"^https?://")]] = None
    as_organization: Omittable[NonEmpty] = None


async def send_comment(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, CommentBody)
    comment_as(world, request.path_params["post_id"], body)
    return json_response(201, {"object": "CommentSent"})


def comment_as(world: World, post_id: str, body: CommentBody) -> str:
    """The account comments (Instagram's or LinkedIn's way, by its type); the id of the post
    commented on. The inspector's form does the same."""
    if _instagram(world, body.account_id):
        _linkedin_only(body, ("mentions", "external_link", "as_organization"))
        made = world.instagram_posts.comment(body.account_id, post_id, body.text, body.comment_id)
        return made.post.id
    _organization(world, body.account_id, body.as_organization)
    return world.posts.comment(body.account_id, post_id, body.text, body.comment_id).post.id


ReactionType = Literal["like", "celebrate", "support", "love", "insightful", "funny"]


class ReactionBody(RequestBody):
    account_id: NonEmpty
    post_id: NonEmpty
    comment_id: Omittable[NonEmpty] = None
    reaction_type: Omittable[ReactionType] = None
    as_organization: Omittable[NonEmpty] = None


async def add_reaction(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, ReactionBody)
    react_as(world, body)
    return json_response(201, {"object": "ReactionAdded"})


def react_as(world: World, body: ReactionBody) -> str:
    """The account reacts (an Instagram like, or a LinkedIn reaction); the id of the post
    reacted on. The inspector's form does the same."""
    if _instagram(world, body.account_id):
        _linkedin_only(body, ("as_organization",))
        if body.reaction_type not in (None, "like"):
            raise invalid_parameter(
                "reaction_type", f"Instagram has only 'like', got {body.reaction_type!r}"
            )
        return world.instagram_posts.like(body.account_id, body.post_id, body.comment_id).id
    _organization(world, body.account_id, body.as_organization)
    value = body.reaction_type or "like"
    return world.posts.react(body.account_id, body.post_id, value, body.comment_id).id


def _linkedin_only(body: RequestBody, names: tuple[str, ...]) -> None:
    for name in names:
        if getattr(body, name) is not None:
            raise invalid_parameter(name, "LinkedIn only; this is an Instagram account")


def _organization(world: World, account_id: str, organization: str | None) -> None:
    world.posts.organization_urn(world.accounts.get(account_id), organization)


class NewPostBody(RequestBody):
    account_id: NonEmpty
    text: str
    mentions: Omittable[Annotated[list[Mention], Field(max_length=50)]] = None
    external_link: Omittable[Annotated[str, Field(pattern=r"^https?://")]] = None
    as_organization: Omittable[NonEmpty] = None
    location: Omittable[NonEmpty] = None  # Instagram only: the place to tag
    repost: Omittable[NonEmpty] = None  # any id of a post to share (Postpress documents it)


_POST_TEXT_FIELDS = (
    "account_id", "text", "external_link", "as_organization", "location", "repost",
)  # fmt: skip


async def create_post(request: Request) -> Response:
    """Multipart as the SDK sends it (`mentions` JSON-encoded, files under `attachments`), or
    JSON without files."""
    world: World = request.state.world
    Query(request, ())
    names: tuple[str, ...] = ()
    if media_type(request) == "multipart/form-data":
        form = await read_form(request)
        only_fields(form, (*_POST_TEXT_FIELDS, "mentions", "attachments"))
        fields: dict[str, Any] = {}
        for name in _POST_TEXT_FIELDS:
            value = text_field(form, name)
            if value is not None:
                fields[name] = value
        raw = text_field(form, "mentions")
        if raw is not None:
            try:
                fields["mentions"] = orjson.loads(raw)
            except orjson.JSONDecodeError:
                raise invalid_parameter("mentions", "expected JSON text") from None
        body = validate_fields(NewPostBody, fields)
        files = form.getlist("attachments")
        for position, part in enumerate(files):
            if not isinstance(part, UploadFile):
                raise invalid_parameter(f"attachments[{position}]", "expected a file")
        names = tuple(part.filename or "file" for part in files)  # type: ignore[union-attr]
    else:
        body = await read_json(request, NewPostBody)
    if _instagram(world, body.account_id):
        _linkedin_only(body, ("mentions", "external_link", "as_organization", "repost"))
        media = world.instagram_posts.create(
            NewInstagramPost(body.account_id, body.text, names, body.location)
        )
        return json_response(201, {"object": "PostCreated", "post_id": media.id})
    if body.location is not None:
        raise invalid_parameter("location", "Instagram only; this is a LinkedIn account")
    post = world.posts.create(
        NewPost(
            account_id=body.account_id,
            text=body.text,
            mentions=tuple(
                WorldMention(m.name, m.profile_id, bool(m.is_company)) for m in body.mentions or ()
            ),
            external_link=body.external_link,
            as_organization=body.as_organization,
            attachments=names,
            repost=body.repost,
        )
    )
    return json_response(201, {"object": "PostCreated", "post_id": post.id})


assert set(WRITE_VALUES) == set(ReactionType.__args__)  # type: ignore[attr-defined]


_USER_COMMENTS, _USER_REACTIONS = "user_comments", "user_reactions"


async def list_user_comments(request: Request) -> Response:
    return await _user_list(
        request, _USER_COMMENTS, "CommentList",
        lambda world, account_id, identifier: [
            comment_json(c, _distance(world, account_id, c.author))
            for c in world.posts.comments_by(account_id, identifier)
        ],
    )  # fmt: skip


async def list_user_reactions(request: Request) -> Response:
    return await _user_list(
        request, _USER_REACTIONS, "PostReactionList",
        lambda world, account_id, identifier: [
            reaction_json(view, post, comment_id, _distance(world, account_id, view.author))
            for view, post, comment_id in world.posts.reactions_by(account_id, identifier)
        ],
    )  # fmt: skip


async def _user_list(
    request: Request,
    list_name: str,
    object_name: str,
    items_of: Callable[[World, str, str], list[dict[str, Any]]],
) -> Response:
    """A member's or an account's comments or reactions, one page of them."""
    world: World = request.state.world
    query = Query(request, ("account_id", "limit", "cursor"))
    account_id = query.required_text("account_id")
    identifier = request.path_params["identifier"]
    limit, start = _page(query, list_name, [identifier])
    items = items_of(world, account_id, identifier)
    page = items[start : start + limit]
    return json_response(
        200,
        {
            "object": object_name,
            "items": page,
            "cursor": _next(list_name, limit, [identifier], start, len(items)),
            "paging": {"page_count": len(page)},
        },
    )
