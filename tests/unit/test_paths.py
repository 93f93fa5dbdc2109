"""guard_parameters: a parameter segment never matches a literal a sibling path claims."""

from __future__ import annotations

import pytest
from starlette.responses import Response
from starlette.routing import Match, Route

from simulator.api.paths import guard_parameters


async def _endpoint(request: object) -> Response:
    return Response()


def _route(path: str, documented: tuple[str, ...] = (), *siblings: str) -> Route:
    routes = [Route(path, _endpoint)] + [Route(sibling, _endpoint) for sibling in siblings]
    return guard_parameters(routes, documented)[0]


def _matches(route: Route, path: str) -> dict[str, str] | None:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    match, child = route.matches(scope)
    if match is Match.NONE:
        return None
    return dict(child["path_params"])


def test_a_parameter_refuses_the_literal_of_a_routed_sibling() -> None:
    route = _route("/users/{identifier}", (), "/users/me", "/users/relations")
    assert _matches(route, "/users/ACoAAA") == {"identifier": "ACoAAA"}
    assert _matches(route, "/users/me") is None
    assert _matches(route, "/users/relations") is None


def test_a_parameter_refuses_the_literal_of_a_documented_operation_not_routed() -> None:
    route = _route("/users/{identifier}", ("/users/followers", "/users/following"))
    assert _matches(route, "/users/followers") is None
    assert _matches(route, "/users/following") is None
    # Only the whole segment is claimed: a member whose id starts with the word is a member.
    assert _matches(route, "/users/followersX") == {"identifier": "followersX"}


def test_deeper_siblings_claim_their_segment_for_every_route_under_the_prefix() -> None:
    route = _route("/users/{identifier}/posts", ("/users/invite/sent",))
    assert _matches(route, "/users/ACoAAA/posts") == {"identifier": "ACoAAA"}
    assert _matches(route, "/users/invite/posts") is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/linkedin/jobs/123", {"job_id": "123"}),
        ("/linkedin/jobs/applicants", None),
    ],
)
def test_the_prefix_must_agree_before_a_literal_is_claimed(
    path: str, expected: dict[str, str] | None
) -> None:
    route = _route(
        "/linkedin/jobs/{job_id}",
        ("/linkedin/jobs/applicants/{applicant_id}", "/linkedin/company/{identifier}"),
    )
    assert _matches(route, path) == expected


def test_a_literal_under_another_prefix_claims_nothing() -> None:
    route = _route("/chats/{chat_id}", ("/messages/reaction", "/posts/reaction"))
    assert _matches(route, "/chats/reaction") == {"chat_id": "reaction"}


def test_regex_metacharacters_in_literals_are_literal() -> None:
    route = _route("/users/{identifier}", ("/users/cancel-invite", "/users/a.b"))
    assert _matches(route, "/users/cancel-invite") is None
    assert _matches(route, "/users/a.b") is None
    assert _matches(route, "/users/axb") == {"identifier": "axb"}
