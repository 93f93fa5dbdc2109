"""Instagram posts, as an Instagram account reads and acts on them (reference part 2 §4.2-4.3).

The members' posts come from instagram_history.py; what the world's Instagram accounts do
(post, like, comment) is this world's state. Rules:
- a post is named by its media id (`provider_id`) or the shortcode of its URL, on every route;
- a member is named by their Instagram user id, messaging id or username; a private member the
  account does not follow is the real API's 422 "Recipient cannot be reached";
- the only reaction is `like`; liking again changes nothing; a comment is 1 to 2,200
  characters and `comment_id` makes it a reply (one level deep, as on Instagram);
- a new post needs a picture or a video (Instagram has no text-only posts); `location` tags a
  place; the network likes and comments on it over time (`behaviours.posts`);
- like and comment counts are the lengths of the lists.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from simulator.world.comment_threads import comment_id as comment_id_at
from simulator.world.comment_threads import find_comment
from simulator.world.contacts import (
    INSTAGRAM,
    Contact,
    contact_of,
    follows_of,
    instagram_user,
    is_private,
)
from simulator.world.errors import ApiError, invalid_parameter, not_found
from simulator.world.instagram_history import (
    CAPTION_MAX_CHARS,
    COMMENT_TEXTS,
    MAX_PEOPLE_WITH_MEDIA,
    PLACES,
    RUNTIME_CODE,
    InstagramComment,
    InstagramPost,
    Place,
    author_code_of_media,
    draw_media,
    media_id,
    media_id_of_shortcode,
)
from simulator.world.people import Person

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.world import World

_VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm")
MAX_CAROUSEL_FILES = 10


@dataclass(frozen=True, slots=True)
class Owner:
    id: str  # the Instagram user id
    messaging_id: str
    username: str
    name: str
    is_private: bool
    person: Person | None = None


@dataclass(frozen=True, slots=True)
class InstagramCommentView:
    id: str
    post: InstagramPost
    author: Owner
    text: str
    date_ms: int
    parent_id: str | None
    likes: int
    replies: int
    liked_by_viewer: bool


@dataclass
class _Acts:
    likes: dict[str, int] = field(default_factory=dict)  # account id -> ms
    people: list[tuple[int, int]] = field(default_factory=list)  # (member index, ms)
    comments: list[InstagramComment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NewInstagramPost:
    account_id: str
    caption: str
    files: tuple[str, ...]  # the attached files' names
    location: str | None = None


class InstagramPosts:
    def __init__(self, world: World) -> None:
        self._world = world
        self._drawn: dict[int, tuple[InstagramPost, ...]] = {}
        self._created: dict[str, InstagramPost] = {}
        self._created_by: dict[str, list[str]] = {}  # account id -> media ids, oldest first
        self._acts: dict[tuple[str, str | None], _Acts] = {}  # (media id, comment id)
        self._comment_authors: dict[str, str] = {}  # comment id -> account id
        self._next_number = 0

    # -- reading ------------------------------------------------------------------------------

    def author_posts(self, account_id: str, identifier: str) -> list[InstagramPost]:
        """A member's or a world account's posts, newest first."""
        account = self.viewer(account_id)
        own = self._world_account(identifier)
        if own is not None:
            return [self._created[i] for i in reversed(self._created_by.get(own.id, []))]
        contact = self.member(identifier)
        if is_private(contact) and not follows_of(account.id, contact):
            raise ApiError(
                "invalid_recipient",
                f"identifier: @{contact.username} is private and this account does not follow it",
            )
        assert contact.person is not None
        return list(self._media_of(contact.person))

    def post(self, account_id: str, reference: str) -> InstagramPost:
        """Any route's post: its media id or its shortcode."""
        self.viewer(account_id)
        media = reference if reference.isdigit() else media_id_of_shortcode(reference)
        found = self._by_media_id(media) if media is not None else None
        if found is None:
            raise ApiError(
                "resource_not_found",
                f"Post not found (post_id {reference!r}: an Instagram media id or shortcode)",
            )
        return found

    def owner(self, post: InstagramPost) -> Owner:
        if post.owner_account_id is not None:
            account = self._world.accounts.find(post.owner_account_id)
            if account is not None:
                return _account_owner(account)
        return _member_owner(contact_of(self._people()[post.author_code - 1], INSTAGRAM))

    def counters(self, post: InstagramPost) -> tuple[int, int]:
        """(likes, comments), as the lists have them."""
        acts = self._acts.get((post.id, None))
        likes = len(post.likers) + (len(acts.likes) + len(acts.people) if acts else 0)
        return likes, len(self._all_comments(post))

    def has_liked(
        self, account_id: str, post: InstagramPost, comment_id: str | None = None
    ) -> bool:
        acts = self._acts.get((post.id, comment_id))
        return acts is not None and account_id in acts.likes

    def likes(self, post: InstagramPost, comment_id: str | None = None) -> list[tuple[Owner, int]]:
        """Who liked the post (or one of its comments), newest first: (who, when in ms)."""
        found: list[tuple[Owner, int]] = []
        people = self._people()
        if comment_id is None:
            found = [(_member_owner(contact_of(people[i], INSTAGRAM)), post.date_ms)
                     for i in post.likers]  # fmt: skip
        else:
            self._comment(post, comment_id)
        acts = self._acts.get((post.id, comment_id))
        if acts is not None:
            found += [(_member_owner(contact_of(people[i], INSTAGRAM)), at)
                      for i, at in acts.people]  # fmt: skip
            for account_id, at in acts.likes.items():
                account = self._world.accounts.find(account_id)
                if account is not None:
                    found.append((_account_owner(account), at))
        found.sort(key=lambda item: item[1], reverse=True)
        return found

    def comments(
        self, account_id: str, post: InstagramPost, parent_id: str | None = None
    ) -> list[InstagramCommentView]:
        """Oldest first: the post's comments, or the replies to `parent_id`."""
        if parent_id is not None:
            self._comment(post, parent_id)
        every = self._all_comments(post)
        replies: dict[str, int] = {}
        for comment in every:
            if comment.parent_id is not None:
                replies[comment.parent_id] = replies.get(comment.parent_id, 0) + 1
        views = []
        for c in every:
            if c.parent_id != parent_id:
                continue
            acts = self._acts.get((post.id, c.id))
            likes = len(acts.likes) + len(acts.people) if acts else 0
            liked = acts is not None and account_id in acts.likes
            views.append(
                InstagramCommentView(
                    c.id,
                    post,
                    self._comment_author(c),
                    c.text,
                    c.date_ms,
                    c.parent_id,
                    likes,
                    replies.get(c.id, 0),
                    liked,
                )  # fmt: skip
            )
        return views

    # -- acting -------------------------------------------------------------------------------

    def like(self, account_id: str, reference: str, comment_id: str | None) -> InstagramPost:
        account = self.viewer(account_id)
        post = self.post(account_id, reference)
        if comment_id is not None:
            self._comment(post, comment_id)
        acts = self._acts.setdefault((post.id, comment_id), _Acts())
        if account.id in acts.likes:
            return post  # a like is a like: liking again changes nothing
        self._world.daily_caps.check(account.id, "reactions")
        self._world.daily_caps.count(account.id, "reactions")
        acts.likes[account.id] = self._world.now_ms()
        return post

    def comment(
        self, account_id: str, reference: str, text: str, parent_id: str | None
    ) -> InstagramCommentView:
        account = self.viewer(account_id)
        if not 1 <= len(text) <= CAPTION_MAX_CHARS:
            raise ApiError(
                "too_many_characters" if text else "invalid_parameters",
                f"text: an Instagram comment has 1 to {CAPTION_MAX_CHARS} characters, "
                f"got {len(text)}",
            )
        post = self.post(account_id, reference)
        if parent_id is not None:
            parent = self._comment(post, parent_id)
            parent_id = parent.parent_id or parent.id  # replies thread one level deep
        self._world.daily_caps.check(account.id, "comments")
        self._world.daily_caps.count(account.id, "comments")
        now = self._world.now_ms()
        comment_id = comment_id_at(now, self._take_number())
        self._acts.setdefault((post.id, None), _Acts()).comments.append(
            InstagramComment(comment_id, -1, text, now, parent_id)
        )
        self._comment_authors[comment_id] = account.id
        return next(c for c in self.comments(account.id, post, parent_id) if c.id == comment_id)

    def create(self, new: NewInstagramPost) -> InstagramPost:
        """`POST /posts` from an Instagram account: checked whole before it is published."""
        account = self.viewer(new.account_id)
        if not 1 <= len(new.caption) <= CAPTION_MAX_CHARS:
            raise ApiError(
                "too_many_characters" if new.caption else "invalid_parameters",
                f"text: an Instagram caption has 1 to {CAPTION_MAX_CHARS} characters, "
                f"got {len(new.caption)}",
            )
        if not new.files:
            raise invalid_parameter(
                "attachments", "an Instagram post needs a picture or a video (none given)"
            )
        if len(new.files) > MAX_CAROUSEL_FILES:
            raise invalid_parameter(
                "attachments", f"at most {MAX_CAROUSEL_FILES} files, got {len(new.files)}"
            )
        if new.location is not None and not new.location.strip():
            raise invalid_parameter("location", "a place's name, e.g. 'Paris, France'")
        now = self._world.now_ms()
        is_reel = new.files[0].lower().endswith(_VIDEO_SUFFIXES)
        width, height = (1080, 1920) if is_reel else (1080, 1080)
        post = InstagramPost(
            media_id(now, RUNTIME_CODE, self._take_number()), RUNTIME_CODE, now, new.caption,
            is_reel, width, height,
            place=_place(new.location) if new.location is not None else None,
            owner_account_id=account.id,
        )  # fmt: skip
        self._created[post.id] = post
        self._created_by.setdefault(account.id, []).append(post.id)
        self._plan_answers(post)
        return post

    def _plan_answers(self, post: InstagramPost) -> None:
        """The network likes and comments on a new post over time (`behaviours.posts`: its
        reaction bounds are likes here)."""
        world, behaviour = self._world, self._world.blueprint.post_behaviour
        people = len(self._people())
        rng = world.rng
        for kind, bounds in (("post_like", behaviour.reactions),
                             ("post_comment", behaviour.comments)):  # fmt: skip
            if bounds[1] == 0 or people == 0:
                continue
            for member in rng.sample(range(people), min(rng.randint(*bounds), people)):
                delay = rng.randint(*behaviour.delay_ms)
                text = rng.choice(COMMENT_TEXTS) if kind == "post_comment" else ""
                world.schedule_in(delay, kind, self._answer(post.id, member, text), post_id=post.id)

    def _answer(self, post_id: str, member: int, text: str) -> Callable[[], None]:
        def act() -> None:
            acts = self._acts.setdefault((post_id, None), _Acts())
            now = self._world.now_ms()
            if not text:
                acts.people.append((member, now))
            else:
                comment_id = comment_id_at(now, self._take_number())
                acts.comments.append(InstagramComment(comment_id, member, text, now))

        return act

    # -- internals ----------------------------------------------------------------------------

    def viewer(self, account_id: str) -> Account:
        account = self._world.accounts.get(account_id)
        if account.type != INSTAGRAM:
            raise ApiError(
                "invalid_account", f"account_id: account {account.id} is not an Instagram account"
            )
        self._world.accounts.require_usable(account.id)
        return account

    def member(self, identifier: str) -> Contact:
        """A member by Instagram user id, messaging id or username; 404 otherwise."""
        contact = instagram_user(self._world.blueprint.people, identifier)
        if contact is None or contact.person is None:
            raise not_found("User")
        return contact

    def _world_account(self, identifier: str) -> Account | None:
        for account in self._world.accounts:
            if account.type == INSTAGRAM and identifier in (
                account.id, account.provider_user_id, account.username
            ):  # fmt: skip
                return account
        return None

    def _people(self) -> tuple[Person, ...] | list[Person]:
        return self._world.blueprint.people.people

    def _media_of(self, person: Person) -> tuple[InstagramPost, ...]:
        code = person.index + 1
        if code > MAX_PEOPLE_WITH_MEDIA:
            return ()
        drawn = self._drawn.get(code)
        if drawn is None:
            blueprint = self._world.blueprint
            drawn = draw_media(blueprint.seed, code, blueprint.start_ms, len(blueprint.people),
                               person.listed)  # fmt: skip
            self._drawn[code] = drawn
        return drawn

    def _by_media_id(self, media: str) -> InstagramPost | None:
        if media in self._created:
            return self._created[media]
        if len(media) > 20:
            return None
        code = author_code_of_media(media)
        people = self._people()
        if not 1 <= code <= min(len(people), MAX_PEOPLE_WITH_MEDIA):
            return None
        return next((p for p in self._media_of(people[code - 1]) if p.id == media), None)

    def _all_comments(self, post: InstagramPost) -> list[InstagramComment]:
        acts = self._acts.get((post.id, None))
        return [*post.comments, *(acts.comments if acts else ())]

    def _comment(self, post: InstagramPost, comment_id: str) -> InstagramComment:
        return find_comment(self._all_comments(post), comment_id)

    def _comment_author(self, comment: InstagramComment) -> Owner:
        if comment.author >= 0:
            return _member_owner(contact_of(self._people()[comment.author], INSTAGRAM))
        account = self._world.accounts.find(self._comment_authors[comment.id])
        if account is None:
            return Owner("", "", "", "", False)
        return _account_owner(account)

    def _take_number(self) -> int:
        self._next_number += 1
        return self._next_number


def _member_owner(contact: Contact) -> Owner:
    return Owner(contact.public_id or contact.provider_id, contact.provider_id,
                 contact.username or "", contact.name, is_private(contact),
                 contact.person)  # fmt: skip


def _account_owner(account: Account) -> Owner:
    own_id = account.provider_user_id or account.id
    handle = account.username or account.name
    if " " in handle:  # the account shows its name where it has no handle
        handle = handle.lower().replace(" ", ".")
    return Owner(own_id, own_id, handle, account.name, False)


def _place(name: str) -> Place:
    """A tagged place: the table's coordinates, or a stable spot for a name it lacks."""
    if name in PLACES:
        return Place(name, *PLACES[name])
    spot = zlib.crc32(name.encode())
    lat = (spot % 12_000) / 100 - 60
    lng = (spot // 12_000 % 36_000) / 100 - 180
    return Place(name, round(lat, 4), round(lng, 4))
