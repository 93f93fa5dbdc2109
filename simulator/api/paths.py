"""Path parameters that never swallow a fixed path beside them.

`/users/{identifier}` must not answer `GET /users/followers` as the profile of a member called
"followers", whether or not `/users/followers` is served yet: it is another operation, and a
client calling it deserves that operation's answer or a 404 that names it, never somebody's
profile. So a parameter segment refuses every literal segment that a sibling path (one of the
routes, or an operation of the real API) has at the same place after the same prefix.
Route order then stops mattering, and a route added later cannot be shadowed by an older one.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from starlette.routing import Route

_PARAMETER = re.compile(r"^\{(\w+)(?::\w+)?\}$")


def guard_parameters(routes: Sequence[Route], documented: Iterable[str] = ()) -> list[Route]:
    """The routes, each matching only what no sibling literal path claims.

    `documented` adds the path templates of operations that are not routed (yet): they are
    siblings all the same.
    """
    templates = [_segments(route.path) for route in routes]
    templates += [_segments(path) for path in documented]
    for route in routes:
        route.path_regex = _guarded_regex(_segments(route.path), templates)
    return list(routes)


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_parameter(segment: str) -> bool:
    return _PARAMETER.match(segment) is not None


def _same_prefix(left: list[str], right: list[str], length: int) -> bool:
    """Equal up to `length`, a parameter standing only for a parameter."""
    if len(left) <= length or len(right) <= length:
        return False
    return all(
        a == b or (_is_parameter(a) and _is_parameter(b))
        for a, b in zip(left[:length], right[:length])
    )


def _guarded_regex(segments: list[str], templates: list[list[str]]) -> re.Pattern[str]:
    pattern = "^"
    for index, segment in enumerate(segments):
        pattern += "/"
        parameter = _PARAMETER.match(segment)
        if parameter is None:
            pattern += re.escape(segment)
            continue
        claimed = sorted(
            {
                other[index]
                for other in templates
                if _same_prefix(other, segments, index) and not _is_parameter(other[index])
            }
        )
        guard = ""
        if claimed:
            alternatives = "|".join(re.escape(literal) for literal in claimed)
            guard = f"(?!(?:{alternatives})(?:/|$))"
        pattern += f"(?P<{parameter.group(1)}>{guard}[^/]+)"
    return re.compile(pattern + "$")
