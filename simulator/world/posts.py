"""LinkedIn posts, comments and reactions (reference part 2 §4.1-4.3).

The posts people and companies wrote before the world started are drawn on demand
(post_history.py) and shared; what the world's accounts do (react, comment, post) is this
world's state, kept beside them.

Rules:
- `GET /posts/{id}` takes the activity id, its `urn:li:activity:` urn, or the `urn:li:ugcPost:`
  / `urn:li:share:` urn the post was shared as; commenting and reacting take the post's
  `social_id` only (the bare activity id too when the social id is an activity urn): anything
  else is the real API's 404 "Post not found", which is what a client that confuses them gets;
- a reaction uses the write vocabulary (`like`, `celebrate`, `support`, `love`, `insightful`,
  `funny`) and reads back as LinkedIn's (`LIKE`, `PRAISE`, `APPRECIATION`, `EMPATHY`,
  `INTEREST`, `ENTERTAINMENT`); reacting again changes the account's reaction, never adds one;
- a comment is 1 to 1,250 characters; `comment_id` makes it a reply to a comment of the post;
- counters are the lengths of the lists, whatever the account did;
- a repost shares another post: a plain one (no text of its own) shows, and is commented and
  reacted on as, the shared post; one with commentary is a post of its own that carries the
  shared one. Reposting (`repost` on `POST /posts`) adds one to the shared post's
  `repost_counter`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from simulator.world.comment_threads import comment_id as comment_id_at
from simulator.world.comment_threads import find_comment
from simulator.world.companies import administered, organization_slug, slug
from simulator.world.errors import ApiError, invalid_parameter, not_found
from simulator.world.people import PeopleDirectory, Person
from simulator.world.post_history import (
    COMMENT_TEXTS,
    COMPANY_CODE_BASE,
    KIND_BIT,
    MAX_PEOPLE_WITH_POSTS,
    READ_VALUES,
    RUNTIME_CODE,
    VALUE_WEIGHTS,
    Post,
    SeededComment,
    SeededReaction,
    activity_id,
    author_code_of,
    company_code,
    draw_posts,
    person_code,
)
from simulator.world.relations import require_linkedin

if TYPE_CHECKING:
    from simulator.world.accounts import Account
    from simulator.world.people import Facet
    from simulator.world.world import World

COMMENT_MAX_CHARS = 1250
POST_MAX_CHARS = 3000  # LinkedIn's own limit for a post's text
MAX_POST_FILES = 20
_MENTION = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    profile_id: str
    is_company: bool = False


@dataclass(frozen=True, slots=True)
class NewPost:
    account_id: str
    text: str
    mentions: tuple[Mention, ...] = ()
    external_link: str | None = None
    as_organization: str | None = None
    attachments: tuple[str, ...] = ()  # the files' names
    repost: str | None = None  # any id of the post to share


def _with_mentions(text: str, mentions: tuple[Mention, ...]) -> str:
    """`{{0}}` in the text is `mentions[0]`'s name; every placeholder needs its mention (a
    mention the text does not use is ignored)."""
    used = {int(n) for n in _MENTION.findall(text)}
    for number in sorted(used):
        if number >= len(mentions):
            raise invalid_parameter(
                "mentions", f"the text uses {{{{{number}}}}} but {len(mentions)} mention(s) given"
            )
    return _MENTION.sub(lambda match: mentions[int(match.group(1))].name, text)
WRITE_VALUES = {
    "like": "LIKE",
    "celebrate": "PRAISE",
    "support": "APPRECIATION",
    "love": "EMPATHY",
    "insightful": "INTEREST",
    "funny": "ENTERTAINMENT",
}
_URN = re.compile(r"urn:li:(activity|ugcPost|share):([0-9]{1,19})")
_DIGITS = re.compile(r"[0-9]{1,19}")


class Author(NamedTuple):
    id: str  # a member's provider id, or a company's numeric id
    public_identifier: str | None
    name: str | None
    headline: str | None
    is_company: bool
    person: Person | None = None  # for a member: the record (network distance)


@dataclass(frozen=True, slots=True)
class ReactionView:
    value: str  # read vocabulary
    author: Author
    date_ms: int


@dataclass(frozen=True, slots=True)
class CommentView:
    id: str
    post: Post
    author: Author
    text: str
    date_ms: int
    parent_id: str | None
    reactions: int
    replies: int


@dataclass
class _Acts:
    """What happened to one post (or one comment of it) in this world."""

    reactions: dict[str, tuple[str, int]] = field(default_factory=dict)  # account -> (value, ms)
    comments: list[SeededComment] = field(default_factory=list)  # author -1: an account's
    people: list[SeededReaction] = field(default_factory=list)  # members', on the clock


class Posts:
    def __init__(self, world: World) -> None:
        self._world = world
        self._drawn: dict[int, tuple[Post, ...]] = {}
        self._created: dict[str, Post] = {}  # posts made in this world, by id
        self._created_by: dict[str, list[str]] = {}  # account id -> its posts, oldest first
        self._acts: dict[tuple[str, str | None], _Acts] = {}  # (post id, comment id)
        self._comment_authors: dict[str, str] = {}  # comment id -> account id (world-made)
        self._engaged: dict[tuple[str, int], int] = {}  # (account, author code) -> last ms
        self._reposts: dict[str, int] = {}  # activity id -> reposts made in this world
        self._next_number = 0

    # -- reading ------------------------------------------------------------------------------

    def author_posts(self, account_id: str, identifier: str, is_company: bool) -> list[Post]:
        """A member's or a company's posts, newest first."""
        self._viewer(account_id)
        if is_company:
            org = administered(self._world, identifier)
            if org is not None:  # what the world's accounts posted as it
                return [p for p in self._created_newest_first() if p.organization_urn == org[0]]
            index = self._company_index(identifier)
            code = company_code(index)
            return list(self._posts_of(code, True)) if code is not None else []
        own = self._world_account(identifier)
        if own is not None:
            return [
                self._created[i] for i in reversed(self._created_by.get(own.id, []))
                if self._created[i].organization_urn is None
            ]  # fmt: skip
        person = self._world.network.person(identifier)
        code = person_code(person.index)
        return list(self._posts_of(code, False)) if code is not None else []

    def post(self, account_id: str | None, reference: str) -> Post:
        """`GET /posts/{id}`: any of the post's ids."""
        if account_id is not None:
            self._viewer(account_id)
        found = self._resolve(reference)
        if found is None:
            raise not_found("Post")
        return found

    def social(self, account_id: str | None, reference: str) -> Post:
        """A comment or reaction route's post (`social_post`), read through the account."""
        if account_id is not None:
            self._viewer(account_id)
        return self.social_post(reference)

    def social_post(self, reference: str) -> Post:
        """What comment and reaction routes accept: the social id (or the bare activity id
        of a post whose social id is an activity urn)."""
        found = self._resolve(reference)
        if found is None or reference not in (found.social_id, *self._bare_id(found)):
            raise ApiError(
                "resource_not_found",
                f"Post not found (post_id {reference!r}: use the post's social_id)",
            )
        shared = self.shared(found) if found.plain_repost else None
        return shared if shared is not None else found

    def shared(self, post: Post) -> Post | None:
        """The post a repost shares."""
        return self._by_activity_id(post.repost_of) if post.repost_of is not None else None

    def repost_count(self, post: Post) -> int:
        return post.reposts + self._reposts.get(post.id, 0)

    def author(self, post: Post) -> Author:
        if post.organization_urn is not None:
            account = next(
                a for a in self._world.accounts if a.provider_user_id == post.author_provider_id
            )
            org = next(
                o for o in account.organizations if o.organization_urn == post.organization_urn
            )
            numeric = org.organization_urn.rsplit(":", 1)[-1]
            return Author(
                numeric, organization_slug(self._world, org.name, numeric), org.name, None, True
            )
        if post.author_provider_id is not None:
            account = next(
                a for a in self._world.accounts if a.provider_user_id == post.author_provider_id
            )
            return _account_author(account)
        if post.is_company:
            companies = self._directory().companies
            return _company_author(companies[post.author_code - COMPANY_CODE_BASE])
        return _person_author(self._directory().people[post.author_code - 1])

    def reactions(self, post: Post, comment_id: str | None = None) -> list[ReactionView]:
        """Newest first."""
        views: list[ReactionView] = []
        if comment_id is None:
            people = self._directory().people
            views = [ReactionView(r.value, _person_author(people[r.reactor]), r.date_ms)
                     for r in post.reactions]  # fmt: skip
        else:
            self._comment(post, comment_id)
        acts = self._acts.get((post.id, comment_id))
        if acts is not None:
            people = self._directory().people
            views += [ReactionView(r.value, _person_author(people[r.reactor]), r.date_ms)
                      for r in acts.people]  # fmt: skip
            for account_id, (value, at) in acts.reactions.items():
                account = self._world.accounts.find(account_id)
                if account is not None:
                    views.append(ReactionView(value, _account_author(account), at))
        views.sort(key=lambda view: view.date_ms, reverse=True)
        return views

    def user_reacted(self, account_id: str | None, post: Post) -> str | None:
        acts = self._acts.get((post.id, None))
        if account_id is None or acts is None or account_id not in acts.reactions:
            return None
        return acts.reactions[account_id][0]

    def comments(self, post: Post, parent_id: str | None = None) -> list[CommentView]:
        """Oldest first: the post's comments, or the replies to `parent_id`."""
        if parent_id is not None:
            self._comment(post, parent_id)
        every = self._all_comments(post)
        replies: dict[str, int] = {}
        for comment in every:
            if comment.parent_id is not None:
                replies[comment.parent_id] = replies.get(comment.parent_id, 0) + 1
        return [
            CommentView(
                c.id, post, self._comment_author(c), c.text, c.date_ms, c.parent_id,
                len(self.reactions(post, c.id)) if (post.id, c.id) in self._acts else 0,
                replies.get(c.id, 0),
            )  # fmt: skip
            for c in every
            if c.parent_id == parent_id
        ]

    def comments_by(self, account_id: str, identifier: str) -> list[CommentView]:
        """What a member or an account of the world wrote, newest first. For a world account,
        every comment it made; for a member, the comments the world saw them write (on the
        accounts' posts, through `behaviours.posts`): their other activity is not drawn."""
        self._viewer(account_id)
        writer = self._writer(identifier)
        found: list[CommentView] = []
        for (post_id, comment_id), acts in self._acts.items():
            if comment_id is not None or not acts.comments:
                continue
            post = self._by_activity_id(post_id)
            if post is None:
                continue
            mine = {c.id for c in acts.comments if self._wrote(c, writer)}
            if mine:
                found += [v for v in self._all_views(post) if v.id in mine]
        found.sort(key=lambda view: (view.date_ms, view.id), reverse=True)
        return found

    def reactions_by(
        self, account_id: str, identifier: str
    ) -> list[tuple[ReactionView, Post, str | None]]:
        """The reactions of a member or a world account, newest first (members: as for
        `comments_by`)."""
        self._viewer(account_id)
        writer = self._writer(identifier)
        found: list[tuple[ReactionView, Post, str | None]] = []
        for (post_id, comment_id), acts in self._acts.items():
            post = self._by_activity_id(post_id)
            if post is None:
                continue
            for view in self.reactions(post, comment_id):
                if view.author.id == writer:
                    found.append((view, post, comment_id))
        found.sort(key=lambda item: item[0].date_ms, reverse=True)
        return found

    def _writer(self, identifier: str) -> str:
        """The author id (member or account provider id) an identifier names."""
        own = self._world_account(identifier)
        if own is not None:
            return own.provider_user_id or own.id
        return self._world.network.person(identifier).provider_id

    def _wrote(self, comment: SeededComment, writer: str) -> bool:
        if comment.author >= 0:
            return self._directory().people[comment.author].provider_id == writer
        account = self._world.accounts.find(self._comment_authors.get(comment.id, ""))
        return account is not None and (account.provider_user_id or account.id) == writer

    def _all_views(self, post: Post) -> list[CommentView]:
        views = self.comments(post)
        for parent in [v for v in views if v.replies]:
            views += self.comments(post, parent.id)
        return views

    def counters(self, post: Post) -> tuple[int, int]:
        """(reactions, comments), as the lists have them (a plain repost's: the shared post's)."""
        shared = self.shared(post) if post.plain_repost else None
        if shared is not None:
            return self.counters(shared)
        acts = self._acts.get((post.id, None))
        reactions = len(post.reactions) + (len(acts.reactions) + len(acts.people) if acts else 0)
        return reactions, len(self._all_comments(post))

    # -- acting -------------------------------------------------------------------------------

    def react(self, account_id: str, reference: str, value: str, comment_id: str | None) -> Post:
        account = self._viewer(account_id)
        if value not in WRITE_VALUES:
            raise invalid_parameter(
                "reaction_type", f"{value!r} is not one of {', '.join(WRITE_VALUES)}"
            )
        post = self.social_post(reference)
        if comment_id is not None:
            self._comment(post, comment_id)
        self._world.daily_caps.check(account.id, "reactions")
        self._world.daily_caps.count(account.id, "reactions")
        acts = self._acts.setdefault((post.id, comment_id), _Acts())
        acts.reactions.pop(account.id, None)  # a new reaction replaces the old one
        acts.reactions[account.id] = (WRITE_VALUES[value], self._world.now_ms())
        self._engaged[(account.id, post.author_code)] = self._world.now_ms()
        return post

    def engaged(self, account_id: str, person: Person, within_ms: int) -> bool:
        """Whether the account reacted to or commented on one of the member's posts lately."""
        code = person_code(person.index)
        at = self._engaged.get((account_id, code)) if code is not None else None
        return at is not None and self._world.now_ms() - at <= within_ms

    def comment(
        self, account_id: str, reference: str, text: str, parent_id: str | None
    ) -> CommentView:
        account = self._viewer(account_id)
        if not 1 <= len(text) <= COMMENT_MAX_CHARS:
            raise ApiError(
                "too_many_characters" if text else "invalid_parameters",
                f"text: a comment has 1 to {COMMENT_MAX_CHARS} characters, got {len(text)}",
            )
        post = self.social_post(reference)
        if parent_id is not None:
            parent = self._comment(post, parent_id)
            if parent.parent_id is not None:
                parent_id = parent.parent_id  # LinkedIn threads replies one level deep
        self._world.daily_caps.check(account.id, "comments")
        self._world.daily_caps.count(account.id, "comments")
        now = self._world.now_ms()
        comment_id = comment_id_at(now, self._take_number())
        made = SeededComment(comment_id, -1, text, now, parent_id)
        self._acts.setdefault((post.id, None), _Acts()).comments.append(made)
        self._comment_authors[comment_id] = account.id
        self._engaged[(account.id, post.author_code)] = now
        return next(c for c in self.comments(post, parent_id) if c.id == comment_id)

    def create(self, new: NewPost) -> Post:
        """`POST /posts`: checked whole before it is published (text, mentions, the
        organization, the files)."""
        account = self._viewer(new.account_id)
        least = 0 if new.repost is not None else 1  # a plain repost has no text of its own
        if not least <= len(new.text) <= POST_MAX_CHARS:
            raise ApiError(
                "too_many_characters" if new.text else "invalid_parameters",
                f"text: a post has {least} to {POST_MAX_CHARS} characters, got {len(new.text)}",
            )
        shared = self._to_share(new.repost) if new.repost is not None else None
        text = _with_mentions(new.text, new.mentions)
        organization = self.organization_urn(account, new.as_organization)
        if len(new.attachments) > MAX_POST_FILES:
            raise invalid_parameter(
                "attachments", f"at most {MAX_POST_FILES} files, got {len(new.attachments)}"
            )
        now = self._world.now_ms()
        post_id = activity_id(now, RUNTIME_CODE, self._take_number())
        post = Post(
            post_id, "ugcPost" if new.attachments else "activity", RUNTIME_CODE, now, text, 0,
            0, images=tuple(f"{post_id}-{n}" for n in range(len(new.attachments))),
            author_provider_id=account.provider_user_id, organization_urn=organization,
            repost_of=shared.id if shared is not None else None, link=new.external_link,
        )  # fmt: skip
        if shared is not None:
            self._reposts[shared.id] = self._reposts.get(shared.id, 0) + 1
        self._created[post.id] = post
        self._created_by.setdefault(account.id, []).append(post.id)
        if not post.plain_repost:  # people answer the shared post, not a plain repost
            self._plan_answers(post)
        return post

    def _to_share(self, reference: str) -> Post:
        """`repost`: any of a post's ids (a plain repost shares what it shares)."""
        found = self._resolve(reference)
        if found is not None and found.plain_repost:
            found = self.shared(found)
        if found is None:
            raise ApiError("resource_not_found", f"repost: no post {reference!r}")
        return found

    def _plan_answers(self, post: Post) -> None:
        """The network reacts to and comments on the new post over time (`behaviours.posts`);
        counts of 0 draw nothing."""
        world, behaviour = self._world, self._world.blueprint.post_behaviour
        people = len(self._directory().people)
        rng = world.rng
        for kind, bounds in (("post_reaction", behaviour.reactions),
                             ("post_comment", behaviour.comments)):  # fmt: skip
            if bounds[1] == 0 or people == 0:
                continue
            members = rng.sample(range(people), min(rng.randint(*bounds), people))
            for member in members:
                delay = rng.randint(*behaviour.delay_ms)
                text_or_value = (
                    rng.choices(READ_VALUES, VALUE_WEIGHTS)[0] if kind == "post_reaction"
                    else rng.choice(COMMENT_TEXTS)
                )  # fmt: skip
                world.schedule_in(
                    delay, kind, self._answer(post.id, kind, member, text_or_value),
                    post_id=post.id,
                )  # fmt: skip

    def _answer(self, post_id: str, kind: str, member: int, content: str) -> Callable[[], None]:
        def act() -> None:
            acts = self._acts.setdefault((post_id, None), _Acts())
            now = self._world.now_ms()
            if kind == "post_reaction":
                acts.people.append(SeededReaction(member, content, now))
            else:
                comment_id = comment_id_at(now, self._take_number())
                acts.comments.append(SeededComment(comment_id, member, content, now))

        return act

    def organization_urn(self, account: Account, organization: str | None) -> str | None:
        """`as_organization`: an organization the account administers (its id or urn)."""
        if organization is None:
            return None
        for org in account.organizations:
            if organization in (org.organization_urn.rsplit(":", 1)[-1], org.organization_urn):
                return org.organization_urn
        raise invalid_parameter(
            "as_organization", f"{organization!r} is no organization this account administers"
        )

    # -- internals ----------------------------------------------------------------------------

    def every_post(self) -> list[Post]:
        """The posts of every author of the network, then those made in this world (search)."""
        directory = self._directory()
        found: list[Post] = []
        for index in range(min(len(directory.people), MAX_PEOPLE_WITH_POSTS)):
            found += self._posts_of(index + 1, False)
        for index in range(len(directory.companies)):
            code = company_code(index)
            if code is not None:
                found += self._posts_of(code, True)
        return found + list(self._created.values())

    def _directory(self) -> PeopleDirectory:
        return self._world.blueprint.people

    def _viewer(self, account_id: str) -> Account:
        account = require_linkedin(self._world.accounts.get(account_id))
        self._world.accounts.require_usable(account_id)
        return account

    def _world_account(self, identifier: str) -> Account | None:
        for account in self._world.accounts:
            if identifier in (account.provider_user_id, account.public_identifier):
                return account
        return None

    def _created_newest_first(self) -> list[Post]:
        return sorted(self._created.values(), key=lambda post: post.date_ms, reverse=True)

    def _company_index(self, identifier: str) -> int:
        companies = self._directory().companies
        for index, company in enumerate(companies):
            if identifier in (company.id, slug(company.name)):
                return index
        raise not_found("Company")

    def _posts_of(self, code: int, is_company: bool) -> tuple[Post, ...]:
        drawn = self._drawn.get(code)
        if drawn is None:
            blueprint = self._world.blueprint
            listed = not is_company and blueprint.people.people[code - 1].listed
            drawn = draw_posts(
                blueprint.seed, code, blueprint.start_ms, len(blueprint.people), is_company,
                listed, len(blueprint.people.companies),
            )  # fmt: skip
            self._drawn[code] = drawn
        return drawn

    def _resolve(self, reference: str) -> Post | None:
        kind = "activity"
        if _DIGITS.fullmatch(reference):
            number = int(reference)
        else:
            match = _URN.fullmatch(reference)
            if match is None:
                return None
            kind, number = match.group(1), int(match.group(2))
            if kind != "activity":
                if not number & KIND_BIT:
                    return None
                number &= ~KIND_BIT
        post = self._by_activity_id(str(number))
        if post is None or (kind != "activity" and post.kind != kind):
            return None
        return post

    def _by_activity_id(self, post_id: str) -> Post | None:
        if post_id in self._created:
            return self._created[post_id]
        code = author_code_of(post_id)
        directory = self._directory()
        if 1 <= code <= min(len(directory.people), MAX_PEOPLE_WITH_POSTS):
            posts = self._posts_of(code, False)
        elif 0 <= code - COMPANY_CODE_BASE < len(directory.companies):
            posts = self._posts_of(code, True)
        else:
            return None
        return next((post for post in posts if post.id == post_id), None)

    def _bare_id(self, post: Post) -> tuple[str, ...]:
        return (post.id,) if post.kind == "activity" else ()

    def _all_comments(self, post: Post) -> list[SeededComment]:
        acts = self._acts.get((post.id, None))
        return [*post.comments, *(acts.comments if acts else ())]

    def _comment(self, post: Post, comment_id: str) -> SeededComment:
        return find_comment(self._all_comments(post), comment_id)

    def _comment_author(self, comment: SeededComment) -> Author:
        if comment.author >= 0:
            return _person_author(self._directory().people[comment.author])
        account = self._world.accounts.find(self._comment_authors[comment.id])
        if account is None:
            return Author("", None, None, None, False)
        return _account_author(account)

    def _take_number(self) -> int:
        self._next_number += 1
        return self._next_number


def _person_author(person: Person) -> Author:
    return Author(person.provider_id, person.public_identifier, person.full_name,
                  person.headline, False, person)  # fmt: skip


def _company_author(company: Facet) -> Author:
    return Author(company.id, slug(company.name), company.name, None, True)


def _account_author(account: Account) -> Author:
    return Author(account.provider_user_id or account.id, account.public_identifier,
                  account.name, None, False)  # fmt: skip

