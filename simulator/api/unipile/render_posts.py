"""JSON shapes of the post routes (reference part 2 §4.3): built here and only here."""

from __future__ import annotations

from typing import Any

from simulator.clock import iso_ms
from simulator.world.people import DISTANCE_NAMES
from simulator.world.post_history import Post
from simulator.world.posts import Author, CommentView, ReactionView

_DAY_MS = 86_400_000


def post_json(
    post: Post, author: Author, counters: tuple[int, int, int], now_ms: int,
    user_reacted: str | None,
) -> dict[str, Any]:  # fmt: skip
    reactions, comments, reposts = counters
    body: dict[str, Any] = {
        "object": "Post",
        "provider": "LINKEDIN",
        "id": post.id,
        "social_id": post.social_id,
        "share_url": f"https://www.linkedin.com/feed/update/{post.social_id}/",
        "text": post.text,
        "date": relative_date(now_ms - post.date_ms),
        "parsed_datetime": iso_ms(post.date_ms),
        "reaction_counter": reactions,
        "comment_counter": comments,
        "repost_counter": reposts,
        "impressions_counter": post.impressions,
        "author": author_json(author),
        "permissions": {"can_react": True, "can_share": True, "can_post_comments": True},
        "is_repost": False,
        "attachments": [_image(image) for image in post.images],
    }
    if post.link is not None:  # the link card: its page's title, and (ours) its address
        body["title"] = link_title(post.link)
        body["external_link"] = post.link
    if user_reacted is not None:
        body["user_reacted"] = user_reacted
    if post.poll is not None:
        poll = post.poll
        total = sum(option.votes for option in poll.options)
        top = max(option.votes for option in poll.options)
        body["poll"] = {
            "id": poll.id,
            "total_votes_count": total,
            "question": poll.question,
            "is_open": poll.is_open,
            "options": [
                {
                    "id": f"{poll.id}-{number}",
                    "text": o.text,
                    "win": not poll.is_open and o.votes == top,
                    "votes_count": o.votes,
                }
                for number, o in enumerate(poll.options)
            ],
        }
    return body


def author_json(author: Author) -> dict[str, Any]:
    return {
        "public_identifier": author.public_identifier,
        "id": author.id,
        "name": author.name,
        "is_company": author.is_company,
        **({"headline": author.headline} if author.headline else {}),
    }


def repost_json(
    body: dict[str, Any], repost: Post, reposted_by: Author, shared: Post, shared_author: Author,
    now_ms: int,
) -> dict[str, Any]:  # fmt: skip
    """A repost: `body` is the shared post's JSON for a plain repost (it shows the shared post,
    `reposted_by` its reposter), or the repost's own JSON for one with commentary (the shared
    post in `repost_content`)."""
    body = body | {"is_repost": True, "repost_id": repost.id}
    if repost.plain_repost:
        body["reposted_by"] = author_json(reposted_by)
    else:
        body["repost_content"] = {
            "id": shared.id,
            "date": relative_date(now_ms - shared.date_ms),
            "parsed_datetime": iso_ms(shared.date_ms),
            "author": author_json(shared_author),
            "text": shared.text,
        }
    return body


def link_title(url: str) -> str:
    """The card's title: the page's host and path, as a page without a <title> shows."""
    rest = url.split("://", 1)[-1].rstrip("/")
    return rest.removeprefix("www.") or url


def relative_date(elapsed_ms: int) -> str:
    """LinkedIn's short form: `5h`, `2d`, `3w`, `4mo`, `1yr`."""
    minutes = max(elapsed_ms, 0) // 60_000
    if minutes < 60:
        return f"{max(minutes, 1)}m"
    if minutes < 24 * 60:
        return f"{minutes // 60}h"
    days = minutes // (24 * 60)
    for size, unit in ((365, "yr"), (30, "mo"), (7, "w")):
        if days >= size:
            return f"{days // size}{unit}"
    return f"{days}d"


def _image(image_id: str) -> dict[str, Any]:
    return {
        "id": image_id,
        "type": "img",
        "url": f"https://media.licdn.com/dms/image/{image_id}/feedshare-shrink_800/0/",
        "unavailable": False,
        "size": {"width": 800, "height": 450},
        "sticker": False,
    }


def comment_json(view: CommentView, distance: int | None) -> dict[str, Any]:
    author = view.author
    return {
        "object": "Comment",
        "id": view.id,
        "post_id": view.post.id,
        "post_urn": view.post.social_id,
        "author": author.name,
        "author_details": {
            "id": author.id or None,
            "headline": author.headline,
            "profile_url": _profile_url(author),
            "network_distance": DISTANCE_NAMES[distance] if distance is not None else None,
        },
        "date": iso_ms(view.date_ms),
        "text": view.text,
        "reaction_counter": view.reactions,
        "reply_counter": view.replies,
    }


def reaction_json(
    view: ReactionView, post: Post, comment_id: str | None, distance: int | None
) -> dict[str, Any]:
    author = view.author
    body: dict[str, Any] = {
        "object": "PostReaction",
        "value": view.value,
        "post_id": post.id,
    }
    if comment_id is not None:
        body["comment_id"] = comment_id
    body["author"] = {
        "id": author.id,
        "type": "COMPANY" if author.is_company else "INDIVIDUAL",
        "name": author.name,
        "headline": author.headline,
        "profile_url": _profile_url(author),
    }
    if distance is not None:
        body["author"]["network_distance"] = DISTANCE_NAMES[distance]
    return body


def _profile_url(author: Author) -> str | None:
    if author.public_identifier is None:
        return None
    kind = "company" if author.is_company else "in"
    return f"https://www.linkedin.com/{kind}/{author.public_identifier}/"
