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
    templates = [_shape(route.path) for route in routes] + [_shape(path) for path in documented]
    claimed: dict[tuple[str, ...], set[str]] = {}  # literal segments, by the shape before them
    for shape in templates:
        for index, segment in enumerate(shape):
            if segment != _ANY:
                claimed.setdefault(shape[:index], set()).add(segment)
    for route in routes:
        route.path_regex = _guarded_regex(route.path, claimed)
    return list(routes)


_ANY = "{}"  # a parameter, whatever its name: no literal segment contains a brace


def _shape(path: str) -> tuple[str, ...]:
    """The path's segments, each parameter as `_ANY`: two paths share a prefix when their
    shapes do (a parameter stands only for a parameter)."""
    return tuple(
        _ANY if _PARAMETER.match(segment) else segment for segment in path.strip("/").split("/")
    )


def _guarded_regex(path: str, claimed: dict[tuple[str, ...], set[str]]) -> re.Pattern[str]:
    shape = _shape(path)
    pattern = "^"
    for index, segment in enumerate(path.strip("/").split("/")):
        pattern += "/"
        parameter = _PARAMETER.match(segment)
        if parameter is None:
            pattern += re.escape(segment)
            continue
        guard = ""
        literals = sorted(claimed.get(shape[:index], ()))
        if literals:
            alternatives = "|".join(re.escape(literal) for literal in literals)
            guard = f"(?!(?:{alternatives})(?:/|$))"
        pattern += f"(?P<{parameter.group(1)}>{guard}[^/]+)"
    return re.compile(pattern + "$")
