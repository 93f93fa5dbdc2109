"""JSON shapes of Instagram posts, comments and likes (reference part 2 §4.3): built here."""

from __future__ import annotations

from typing import Any

from simulator.world.instagram_history import InstagramPost
from simulator.world.instagram_posts import InstagramCommentView, Owner

_CDN = "https://scontent.cdninstagram.com/v/t51.2885-15"


def instagram_post_json(
    post: InstagramPost, owner: Owner, counters: tuple[int, int], has_liked: bool
) -> dict[str, Any]:
    likes, comments = counters
    body: dict[str, Any] = {
        "object": "Post",
        "provider": "INSTAGRAM",
        "provider_id": post.id,
        "shortcode": post.shortcode,
        "share_url": f"https://www.instagram.com/{'reel' if post.is_reel else 'p'}/"
        f"{post.shortcode}/",
        "has_audio": post.is_reel,
        "has_liked": has_liked,
        "like_count": likes,
        "comment_count": comments,
        "like_and_view_counts_disabled": False,
        "comments_disabled": False,
        "accessibility_caption": None if post.is_reel else "Photo shared on Instagram.",
        "caption": {
            "edited": False,
            "has_translation": False,
            "created_at": post.date_ms // 1000,
            "text": post.caption,
        },
        "preview_image": {
            "url": f"{_CDN}/{post.id}_n.jpg",
            "width": post.width,
            "height": post.height,
        },
        "owner": _owner(owner),
        "location": (
            {"name": post.place.name, "lat": post.place.lat, "lng": post.place.lng}
            if post.place is not None
            else None
        ),
    }
    if post.is_reel:
        body["video"] = {
            "url": f"https://scontent.cdninstagram.com/o1/v/t16/{post.id}.mp4",
            "width": post.width,
            "height": post.height,
        }
    return body


def _owner(owner: Owner) -> dict[str, Any]:
    return {
        "id": owner.id,
        "username": owner.username,
        "profile_pic_url": f"{_CDN}/{owner.id}_profile.jpg",
        "is_verified": False,
        "is_private": owner.is_private,
    }


def instagram_comment_json(view: InstagramCommentView) -> dict[str, Any]:
    author = view.author
    return {
        "object": "Comment",
        "provider_id": view.id,
        "post_id": view.post.id,
        "author": {
            "provider_id": author.id,
            "messaging_id": author.messaging_id,
            "public_identifier": author.username,
            "pk": author.id,
            "profile_pic_url": f"{_CDN}/{author.id}_profile.jpg",
            "is_verified": False,
        },
        "text": view.text,
        "created_at": view.date_ms // 1000,
        "is_covered": False,
        "child_comment_count": view.replies,
        "restricted_status": None,
        "has_liked_comment": view.liked_by_viewer,
        "giphy_media_info": None,
        "parent_comment_id": view.parent_id,
        "comment_like_count": view.likes,
    }


def instagram_like_json(
    owner: Owner, post: InstagramPost, comment_id: str | None
) -> dict[str, Any]:
    """A like in the `PostReaction` shape (Instagram's only reaction reads as `LIKE`)."""
    body: dict[str, Any] = {"object": "PostReaction", "value": "LIKE", "post_id": post.id}
    if comment_id is not None:
        body["comment_id"] = comment_id
    body["author"] = {
        "id": owner.id,
        "type": "INDIVIDUAL",
        "name": owner.name,
        "headline": None,
        "profile_url": f"https://www.instagram.com/{owner.username}/",
    }
    return body
