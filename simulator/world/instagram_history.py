"""The Instagram posts the network's people made before the world starts, drawn on demand from
a stream per author (`{seed}/instagram/{code}`), as post_history.py does for LinkedIn.

Media ids are snowflakes as Instagram's are: the post's time in ms shifted left 22 bits, the
author's code (bits 5-20) and the post's number (bits 0-4) below it; the shortcode of a
`instagram.com/p/...` or `/reel/...` URL is the same number in Instagram's 64-letter alphabet,
so either form finds the post and names its author without an index.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.world.post_history import DAY_MS, HOUR_MS, activity_id, author_code_of

SHORTCODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_LETTER_VALUES = {letter: value for value, letter in enumerate(SHORTCODE_ALPHABET)}
CAPTION_MAX_CHARS = 2200  # Instagram's limit for a caption and for a comment
MAX_PEOPLE_WITH_MEDIA = 60_000
RUNTIME_CODE = 0  # posts an account of the world made

_SCENES = (
    "Sunday coffee", "Team offsite", "New desk setup", "Conference day", "Golden hour",
    "Launch week", "Morning run", "Behind the scenes", "Weekend hike", "Studio session",
)  # fmt: skip
_TAGS = ("#worklife", "#startup", "#travel", "#coffee", "#teamwork", "#weekend", "#design")
COMMENT_TEXTS = ("🔥🔥", "Love this!", "Where is this?", "So good 👏", "Congrats!", "Amazing shot")
# Places a post can be tagged with; a name the table lacks is placed by a hash (instagram_posts).
PLACES: dict[str, tuple[float, float]] = {
    "Paris, France": (48.8566, 2.3522),
    "London, United Kingdom": (51.5072, -0.1276),
    "New York, New York": (40.7128, -74.006),
    "Berlin, Germany": (52.52, 13.405),
    "Lisbon, Portugal": (38.7223, -9.1393),
    "San Francisco, California": (37.7749, -122.4194),
}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lng: float


@dataclass(frozen=True, slots=True)
class InstagramComment:
    id: str
    author: int  # a person's index; -1 for an account of the world (see InstagramPosts)
    text: str
    date_ms: int
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class InstagramPost:
    id: str  # the media id
    author_code: int  # a person's index + 1, or RUNTIME_CODE
    date_ms: int
    caption: str
    is_reel: bool
    width: int
    height: int
    likers: tuple[int, ...] = ()  # people's indexes, before the world started
    comments: tuple[InstagramComment, ...] = ()
    place: Place | None = None
    owner_account_id: str | None = None  # a post made in this world: its account

    @property
    def shortcode(self) -> str:
        return shortcode_of(int(self.id))


def shortcode_of(number: int) -> str:
    letters = []
    while number:
        number, value = divmod(number, 64)
        letters.append(SHORTCODE_ALPHABET[value])
    return "".join(reversed(letters)) or SHORTCODE_ALPHABET[0]


def media_id_of_shortcode(shortcode: str) -> str | None:
    """The media id a shortcode spells, or None when it is not one (at most 11 letters)."""
    if not 1 <= len(shortcode) <= 11 or any(c not in _LETTER_VALUES for c in shortcode):
        return None
    number = 0
    for letter in shortcode:
        number = number * 64 + _LETTER_VALUES[letter]
    return str(number)


def media_id(date_ms: int, code: int, number: int) -> str:
    return activity_id(date_ms, code, number)


def author_code_of_media(media: str) -> int:
    return author_code_of(media)


def draw_media(seed: int, code: int, start_ms: int, people_count: int, listed: bool) -> tuple[
    InstagramPost, ...
]:  # fmt: skip
    """A member's posts, newest first, with who liked and commented (listed people always
    have some)."""
    rng = random.Random(f"{seed}/instagram/{code}")
    count = rng.randint(2, 6) if listed else rng.choice((0, 0, 1, 2, 3, 5, 8))
    self_index = code - 1
    drawn: list[InstagramPost] = []
    for number in range(count):
        date_ms = start_ms - rng.randint(HOUR_MS, 120 * DAY_MS)
        post_id = media_id(date_ms, code, number)
        caption = " ".join((rng.choice(_SCENES), *rng.sample(_TAGS, 2)))
        is_reel = rng.random() < 0.3
        width, height = (1080, 1920) if is_reel else rng.choice(((1080, 1080), (1080, 1350)))
        likers = tuple(_others(rng, people_count, self_index, rng.randint(0, 60)))
        comments = _comments(rng, date_ms, start_ms, people_count, self_index)
        place = None
        if rng.random() < 0.3:
            name = rng.choice(tuple(PLACES))
            place = Place(name, *PLACES[name])
        drawn.append(
            InstagramPost(
                post_id, code, date_ms, caption, is_reel, width, height, likers, comments, place
            )  # fmt: skip
        )
    drawn.sort(key=lambda post: post.date_ms, reverse=True)
    return tuple(drawn)


def _others(rng: random.Random, people_count: int, self_index: int, count: int) -> list[int]:
    pool = people_count - (1 if 0 <= self_index < people_count else 0)
    chosen = rng.sample(range(pool), min(count, max(pool, 0)))
    return [i + 1 if 0 <= self_index <= i else i for i in chosen]


def _comments(
    rng: random.Random, date_ms: int, start_ms: int, people_count: int, self_index: int
) -> tuple[InstagramComment, ...]:
    comments: list[InstagramComment] = []
    for position, author in enumerate(_others(rng, people_count, self_index, rng.randint(0, 5))):
        at = rng.randint(date_ms, start_ms - 1)
        comment = InstagramComment(str((at << 22) | (position << 8)), author,
                                   rng.choice(COMMENT_TEXTS), at)  # fmt: skip
        comments.append(comment)
        if rng.random() < 0.25 and 0 <= self_index < people_count:
            reply_at = rng.randint(at, start_ms - 1)
            comments.append(
                InstagramComment(
                    str((reply_at << 22) | (position << 8) | 1),
                    self_index,
                    "Thank you! 🙏",
                    reply_at,
                    comment.id,
                )  # fmt: skip
            )
    comments.sort(key=lambda c: (c.date_ms, c.id))
    return tuple(comments)
