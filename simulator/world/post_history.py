"""The posts the network's people and companies have written before the world starts, drawn on
demand: an author's posts, with their reactions and comments, come from a stream of their own
(`{seed}/posts/{author code}`), so reading one profile's posts never draws anyone else's and a
10,000-person network costs nothing until it is read.

Ids are LinkedIn's: an activity id is a snowflake, the post's time in ms shifted left 22 bits,
with the author's code (bits 5-20) and the post's number (bits 0-4) below it, so an id alone
names its author and `GET /posts/{id}` finds a post nobody listed. A post shared as a ugcPost or
a share has that urn's id too: the activity id with bit 21 set.

One member's post in seven is a repost of a company's post (a company's posts are drawn the
same way, from the company's own stream, so the original exists and is found by its id): a plain
repost (no text of its own) or a repost with the member's commentary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
KIND_BIT = 1 << 21
AUTHOR_BITS = 16
MAX_PEOPLE_WITH_POSTS = 60_000  # author codes 1..60000 are people, above are companies
COMPANY_CODE_BASE = MAX_PEOPLE_WITH_POSTS + 1
MAX_CODE = (1 << AUTHOR_BITS) - 1
RUNTIME_CODE = 0  # posts made in a world (POST /posts)
READ_VALUES = ("LIKE", "PRAISE", "APPRECIATION", "EMPATHY", "INTEREST", "ENTERTAINMENT")
VALUE_WEIGHTS = (60, 10, 5, 10, 10, 5)
_TOPICS = (
    "pipeline reviews", "onboarding new reps", "pricing pages", "cold email", "hiring SDRs",
    "customer interviews", "our Series A", "remote teams", "quarterly planning", "churn",
)  # fmt: skip
_OPENERS = (
    "Three things I learned about {topic} this quarter:",
    "Hot take on {topic}:",
    "We just shipped something for {topic}.",
    "What nobody tells you about {topic}.",
    "Proud of the team: {topic} went better than planned.",
)
_BODIES = (
    "Start small, measure everything, and talk to customers every week.",
    "The playbook that worked last year does not work anymore. Adapt.",
    "Happy to share our notes with anyone working on the same problem.",
    "Curious how others handle this. What works for you?",
)
COMMENT_TEXTS = (
    "Great insights, thanks for sharing!",
    "Couldn't agree more.",
    "We saw the same thing at our company.",
    "Interesting. How long did it take to see results?",
    "Congrats to the whole team!",
    "Saving this for later.",
)


@dataclass(frozen=True, slots=True)
class SeededReaction:
    reactor: int  # a person's index in the directory
    value: str  # read vocabulary: LIKE, PRAISE...
    date_ms: int


@dataclass(frozen=True, slots=True)
class SeededComment:
    id: str
    author: int  # a person's index
    text: str
    date_ms: int
    parent_id: str | None = None  # a reply's comment


@dataclass(frozen=True, slots=True)
class PollOption:
    text: str
    votes: int


@dataclass(frozen=True, slots=True)
class Poll:
    id: str
    question: str
    options: tuple[PollOption, ...]
    is_open: bool


@dataclass(frozen=True, slots=True)
class Post:
    id: str  # the activity id (19 digits)
    kind: str  # "activity" | "ugcPost" | "share": the urn its social_id has
    author_code: int
    date_ms: int
    text: str
    impressions: int
    reposts: int
    reactions: tuple[SeededReaction, ...] = ()
    comments: tuple[SeededComment, ...] = ()
    images: tuple[str, ...] = ()  # attached pictures' ids
    poll: Poll | None = None
    author_provider_id: str | None = None  # posts made in a world: the account's member id
    organization_urn: str | None = None  # ...or the organization it posted as
    repost_of: str | None = None  # the shared post's activity id (text: the commentary, if any)
    link: str | None = None  # the external link its card shows

    @property
    def social_id(self) -> str:
        if self.kind == "activity":
            return f"urn:li:activity:{self.id}"
        return f"urn:li:{self.kind}:{int(self.id) | KIND_BIT}"

    @property
    def is_company(self) -> bool:
        return self.author_code >= COMPANY_CODE_BASE

    @property
    def plain_repost(self) -> bool:
        """A repost without commentary: it shows, and is acted on as, the shared post."""
        return self.repost_of is not None and not self.text


def activity_id(date_ms: int, author_code: int, number: int) -> str:
    return str((date_ms << 22) | (author_code << 5) | (number & 31))


def author_code_of(post_id: str) -> int:
    return (int(post_id) >> 5) & MAX_CODE


def person_code(index: int) -> int | None:
    return index + 1 if index < MAX_PEOPLE_WITH_POSTS else None


def company_code(index: int) -> int | None:
    code = COMPANY_CODE_BASE + index
    return code if code <= MAX_CODE else None


def draw_posts(
    seed: int, code: int, start_ms: int, people_count: int, is_company: bool, listed: bool = False,
    companies_count: int = 0,
) -> tuple[Post, ...]:  # fmt: skip
    """An author's posts, newest first, with what the network did with them (a company, and a
    member the scenario lists, always has some)."""
    rng = random.Random(f"{seed}/posts/{code}")
    if is_company:
        count = rng.randint(3, 8)
    else:
        count = rng.randint(2, 5) if listed else rng.choice((0, 0, 1, 2, 3, 4, 5))
    self_index = code - 1 if not is_company else -1
    drawn: list[Post] = []
    for number in range(count):
        date_ms = start_ms - rng.randint(HOUR_MS, 90 * DAY_MS)
        post_id = activity_id(date_ms, code, number)
        topic = rng.choice(_TOPICS)
        text = f"{rng.choice(_OPENERS).format(topic=topic)} {rng.choice(_BODIES)}"
        kind = rng.choices(("activity", "ugcPost", "share"), (70, 20, 10))[0]
        reactors = _others(rng, people_count, self_index, rng.randint(0, 30))
        reactions = tuple(
            SeededReaction(
                reactor, rng.choices(READ_VALUES, VALUE_WEIGHTS)[0],
                rng.randint(date_ms, start_ms - 1),
            )  # fmt: skip
            for reactor in reactors
        )
        comments = _comments(rng, post_id, date_ms, start_ms, people_count, self_index)
        poll = None
        if rng.random() < 0.05:
            votes = [rng.randint(0, 200) for _ in range(3)]
            poll = Poll(
                f"{post_id}-poll", f"How does your team handle {topic}?",
                tuple(PollOption(t, v) for t, v in zip(("In-house", "Agency", "Not yet"), votes)),
                date_ms > start_ms - 14 * DAY_MS,
            )  # fmt: skip
        images = (f"{post_id}-image",) if rng.random() < 0.2 else ()
        post = Post(post_id, kind, code, date_ms, text, rng.randint(200, 20_000),
                    rng.randint(0, 20), reactions, comments, images, poll)  # fmt: skip
        if not is_company and companies_count and rng.random() < 1 / 7:
            post = _repost(rng, post, seed, start_ms, people_count, companies_count)
        drawn.append(post)
    drawn.sort(key=lambda post: post.date_ms, reverse=True)
    return tuple(drawn)


def _repost(
    rng: random.Random, post: Post, seed: int, start_ms: int, people_count: int,
    companies_count: int,
) -> Post:  # fmt: skip
    """`post` made a repost of one of a company's posts, after it (plain, or with the text as
    commentary), without its own poll or pictures."""
    company = company_code(rng.randrange(companies_count))
    shared = draw_posts(seed, company, start_ms, people_count, True) if company else ()
    earlier = [p for p in shared if p.date_ms < post.date_ms]
    if not earlier:
        return post
    original = rng.choice(earlier)
    commentary = post.text if rng.random() < 0.5 else ""
    return Post(post.id, "activity", post.author_code, post.date_ms, commentary,
                post.impressions, 0, post.reactions if commentary else (),
                post.comments if commentary else (), repost_of=original.id)  # fmt: skip


def _others(rng: random.Random, people_count: int, self_index: int, count: int) -> list[int]:
    pool = people_count - (1 if 0 <= self_index < people_count else 0)
    chosen = rng.sample(range(pool), min(count, max(pool, 0)))
    return [i + 1 if 0 <= self_index <= i else i for i in chosen]


def _comments(
    rng: random.Random, post_id: str, date_ms: int, start_ms: int, people_count: int,
    self_index: int,
) -> tuple[SeededComment, ...]:  # fmt: skip
    comments: list[SeededComment] = []
    authors = _others(rng, people_count, self_index, rng.randint(0, 4))
    for position, author in enumerate(authors):
        at = rng.randint(date_ms, start_ms - 1)
        comment_id = f"{(at << 22) | (position << 8)}"
        comment = SeededComment(comment_id, author, rng.choice(COMMENT_TEXTS), at)
        comments.append(comment)
        if rng.random() < 0.3 and people_count > 1:
            replier = rng.randrange(people_count)
            reply_at = rng.randint(at, start_ms - 1)
            comments.append(
                SeededComment(f"{(reply_at << 22) | (position << 8) | 1}", replier,
                              "Thanks, appreciated!", reply_at, comment.id)  # fmt: skip
            )
    comments.sort(key=lambda c: (c.date_ms, c.id))
    return tuple(comments)
