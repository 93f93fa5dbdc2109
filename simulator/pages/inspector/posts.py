"""The posts pages, per LinkedIn or Instagram account: the account's own posts (or a member's,
looked up by public identifier or username) with their counters, and one post's comments (with
their replies) and reactions or likes, with "react" and "comment as the account" (as
`POST /api/v1/posts/reaction` and `POST /api/v1/posts/{post_id}/comments`: the same functions).

Posts are read through the account, as the API reads them: a disconnected account, a private
Instagram member the account does not follow, an unknown member are the API's 4xx, on a page.
"""

from __future__ import annotations

from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.unipile.posts import CommentBody, ReactionBody, comment_as, react_as
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.paging import PAGE_SIZE, link, offset_of
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.accounts import Account
from simulator.world.errors import ApiError, invalid_parameter
from simulator.world.instagram_history import InstagramPost
from simulator.world.instagram_posts import InstagramCommentView, Owner
from simulator.world.post_history import Post
from simulator.world.posts import WRITE_VALUES, Author, CommentView
from simulator.world.world import World

POST_TYPES = ("LINKEDIN", "INSTAGRAM")


class PostRow(NamedTuple):
    id: str  # what the post's page and the API's GET /posts/{id} take
    social_id: str  # what reacting and commenting take
    date_ms: int
    author: str
    text: str
    reactions: int  # likes, on Instagram
    comments: int
    reposts: int | None  # LinkedIn only
    shares: str | None  # a repost: the shared post's author


class CommentRow(NamedTuple):
    id: str
    author: str
    text: str
    date_ms: int
    reactions: int
    replies: list[CommentRow]


class ReactionRow(NamedTuple):
    value: str
    author: str
    date_ms: int


def _author_name(author: Author | Owner) -> str:
    if isinstance(author, Owner):
        return f"{author.name} (@{author.username})" if author.username else author.name
    return author.name or author.public_identifier or author.id


def _account_of(request: Request, world: World, accounts: list[Account]) -> Account | None:
    chosen = request.query_params.get("account") or (accounts[0].id if accounts else None)
    if chosen is None:
        return None
    account = world.accounts.get(chosen)
    if account.type not in POST_TYPES:
        raise invalid_parameter("account", f"{account.id} is a {account.type} account")
    return account


def _linkedin_row(world: World, post: Post) -> PostRow:
    posts = world.posts
    shared = posts.shared(post)
    shown = shared if shared is not None and post.plain_repost else post
    reactions, comments = posts.counters(post)
    return PostRow(
        post.id, shown.social_id, post.date_ms, _author_name(posts.author(post)),
        post.text or shown.text, reactions, comments, posts.repost_count(shown),
        _author_name(posts.author(shared)) if shared is not None else None,
    )  # fmt: skip


def _instagram_row(world: World, post: InstagramPost) -> PostRow:
    likes, comments = world.instagram_posts.counters(post)
    owner = _author_name(world.instagram_posts.owner(post))
    return PostRow(post.id, post.id, post.date_ms, owner, post.caption, likes, comments, None, None)


@world_page
async def show_posts(request: Request, world: World) -> Response:
    accounts = [a for a in sorted(world.accounts, key=lambda a: a.seq) if a.type in POST_TYPES]
    account = _account_of(request, world, accounts)
    context: dict[str, object] = {"world": world, "accounts": accounts, "account": account}
    if account is not None:
        member = (request.query_params.get("member") or "").strip() or None
        start = offset_of(request)
        rows: list[PostRow]
        if account.type == "INSTAGRAM":
            media = world.instagram_posts.author_posts(account.id, member or account.id)
            rows = [_instagram_row(world, p) for p in media[start : start + PAGE_SIZE]]
            total = len(media)
        else:
            own = account.provider_user_id or account.public_identifier or account.id
            posts = world.posts.author_posts(account.id, member or own, False)
            rows = [_linkedin_row(world, p) for p in posts[start : start + PAGE_SIZE]]
            total = len(posts)
        query = {"account": account.id, "member": member}
        context |= {
            "member": member,
            "posts": rows,
            "total": total,
            "next": link("/posts", **query, **{"from": start + PAGE_SIZE})
            if start + PAGE_SIZE < total else None,
            "first": link("/posts", **query) if start else None,
        }  # fmt: skip
    return page(request, "posts.html", context)


def _linkedin_comment(world: World, view: CommentView) -> CommentRow:
    replies = world.posts.comments(view.post, view.id) if view.replies else []
    return CommentRow(
        view.id, _author_name(view.author), view.text, view.date_ms, view.reactions,
        [_linkedin_comment(world, reply) for reply in replies],
    )  # fmt: skip


def _instagram_comment(world: World, account: Account, view: InstagramCommentView) -> CommentRow:
    replies = (
        world.instagram_posts.comments(account.id, view.post, view.id) if view.replies else []
    )
    return CommentRow(
        view.id, _author_name(view.author), view.text, view.date_ms, view.likes,
        [_instagram_comment(world, account, reply) for reply in replies],
    )  # fmt: skip


@world_page
async def show_post(request: Request, world: World) -> Response:
    """One post: its comments oldest first (replies under each), reactions newest first."""
    chosen = request.query_params.get("account")
    if not chosen:
        raise ApiError("missing_parameters", "account: the account that reads the post")
    account = world.accounts.get(chosen)
    if account.type not in POST_TYPES:
        raise invalid_parameter("account", f"{account.id} is a {account.type} account")
    start, reactions_start = offset_of(request, "from"), offset_of(request, "reactions")
    reference = request.path_params["post_id"]
    comments: list[CommentRow]
    reactions: list[ReactionRow]
    if account.type == "INSTAGRAM":
        media = world.instagram_posts.post(account.id, reference)
        row = _instagram_row(world, media)
        top = world.instagram_posts.comments(account.id, media)
        comments = [_instagram_comment(world, account, c) for c in top[start : start + PAGE_SIZE]]
        comments_total = len(top)
        likes = world.instagram_posts.likes(media)
        shown_likes = likes[reactions_start : reactions_start + PAGE_SIZE]
        reactions = [ReactionRow("LIKE", _author_name(who), at) for who, at in shown_likes]
        reacted = "LIKE" if world.instagram_posts.has_liked(account.id, media) else None
        total_reactions = len(likes)
    else:
        post = world.posts.post(account.id, reference)
        row = _linkedin_row(world, post)
        shown = world.posts.social_post(row.social_id)
        threads = world.posts.comments(shown)
        comments = [_linkedin_comment(world, c) for c in threads[start : start + PAGE_SIZE]]
        comments_total = len(threads)
        views = world.posts.reactions(shown)
        reactions = [ReactionRow(v.value, _author_name(v.author), v.date_ms)
                     for v in views[reactions_start : reactions_start + PAGE_SIZE]]  # fmt: skip
        reacted = world.posts.user_reacted(account.id, shown)
        total_reactions = len(views)
    path = f"/posts/{row.id}"
    return page(
        request,
        "post.html",
        {
            "world": world,
            "account": account,
            "post": row,
            "comments": comments,
            "comments_total": comments_total,
            "reactions": reactions,
            "reactions_total": total_reactions,
            "reacted": reacted,
            "write_values": list(WRITE_VALUES) if account.type == "LINKEDIN" else ["like"],
            "next": link(path, account=account.id, **{"from": start + PAGE_SIZE})
            if start + PAGE_SIZE < comments_total else None,
            "first": link(path, account=account.id) if start else None,
            "reactions_next": link(path, account=account.id, reactions=reactions_start + PAGE_SIZE)
            if reactions_start + PAGE_SIZE < total_reactions else None,
            "reactions_first": link(path, account=account.id) if reactions_start else None,
        },
    )  # fmt: skip


def _given(fields: dict[str, str | None]) -> dict[str, str]:
    return {name: value for name, value in fields.items() if value is not None}


@world_action
async def react(request: Request, world: World) -> Response:
    """As POST /api/v1/posts/reaction: the account reacts to the post (or to a comment)."""
    form = await form_of(request)
    fields = {
        "account_id": text_field(form, "account_id"),
        "post_id": request.path_params["post_id"],
        "reaction_type": text_field(form, "reaction_type"),
        "comment_id": text_field(form, "comment_id"),
    }
    body = validated(ReactionBody, _given(fields))
    post_id = react_as(world, body)
    value = body.reaction_type or "like"
    return redirect(f"/posts/{post_id}", f"The account reacted: {value}", account=body.account_id)


@world_action
async def comment(request: Request, world: World) -> Response:
    """As POST /api/v1/posts/{post_id}/comments: the account comments (or replies)."""
    form = await form_of(request)
    fields = {
        "account_id": text_field(form, "account_id"),
        "text": text_field(form, "text"),
        "comment_id": text_field(form, "comment_id"),
    }
    body = validated(CommentBody, _given(fields))
    post_id = comment_as(world, request.path_params["post_id"], body)
    said = "replied" if body.comment_id else "commented"
    return redirect(f"/posts/{post_id}", f"The account {said}", account=body.account_id)
