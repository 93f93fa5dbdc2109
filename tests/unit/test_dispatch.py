"""The route table as a segment tree (simulator/api/dispatch.py)."""

import pytest
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from simulator.api.dispatch import OperationIndex
from simulator.api.routes import API, ROUTES
from simulator.coverage import DIALECT_PREFIXES, load_ledger


async def endpoint(request):
    return PlainTextResponse("ok")


def index(*paths, documented=()):
    return OperationIndex([Route(path, endpoint, methods=["GET"]) for path in paths], documented)


def found(tree, path):
    hit = tree.find(path)
    if hit is None:
        return None
    node, params = hit
    return sorted(node.endpoints), params


def test_a_literal_wins_over_a_parameter_whatever_the_order():
    tree = index("/users/{identifier}", "/users/me")
    assert found(tree, "/users/me") == (["GET", "HEAD"], {})
    assert found(tree, "/users/jane") == (["GET", "HEAD"], {"identifier": "jane"})


def test_a_documented_path_not_routed_claims_its_literal():
    tree = index("/users/{identifier}", documented=["/users/followers", "/users/{id}/posts"])
    assert found(tree, "/users/followers") == ([], {})  # no endpoint: a 404 naming the operation
    assert found(tree, "/users/jane/posts") == ([], {"identifier": "jane"})
    assert found(tree, "/users/jane") == (["GET", "HEAD"], {"identifier": "jane"})


def test_paths_beyond_the_tree_and_empty_segments_find_nothing():
    tree = index("/chats/{chat_id}/messages")
    assert found(tree, "/chats/c1/messages/m1") is None
    assert found(tree, "/chats//messages") is None
    assert found(tree, "/chats/c1/messages/") is None
    assert found(tree, "/nothing") is None


def test_the_same_method_and_path_twice_is_refused():
    with pytest.raises(ValueError, match="routed twice"):
        index("/accounts", "/accounts")


def test_two_names_for_one_parameter_place_are_refused():
    with pytest.raises(ValueError, match="named otherwise"):
        index("/chats/{chat_id}", "/chats/{id}/messages")


def test_the_tree_finds_every_route_of_the_table_with_its_parameters():
    for route in ROUTES:
        concrete = "/".join(
            f"v{n}" if part.startswith("{") else part
            for n, part in enumerate(route.path.split("/"))
        )
        node, params = API.find(concrete)
        assert set(route.methods) <= set(node.endpoints), route.path
        assert set(params) == set(route.param_convertors), route.path


def test_every_lazy_endpoint_loads_a_coroutine_function():
    import inspect

    import simulator.app  # noqa: F401  (every route table)
    from simulator.api.dispatch import LazyEndpoint

    for route in ROUTES:
        assert isinstance(route.endpoint, LazyEndpoint), route.path
    assert len(LazyEndpoint.made) > len(ROUTES)  # the control plane's too
    for endpoint in LazyEndpoint.made:
        assert inspect.iscoroutinefunction(endpoint.load()), endpoint


def test_each_dialect_names_body_models_that_exist():
    from simulator.api.dialects import DIALECTS

    for dialect in DIALECTS:
        assert dialect.connect_bodies is not None and dialect.reconnect_bodies is not None
        assert dialect.invitation_handling is not None


@pytest.mark.parametrize("dialect", sorted(DIALECT_PREFIXES))
def test_every_operation_the_ledger_places_in_a_dialect_is_routed_there(dialect):
    """The route table claims its siblings from its own paths (api/routes.py): that holds only
    while every documented operation is routed, with its method, at its place in the tree. An
    operation documented but not routed would need the ledger's templates passed again."""
    prefix = DIALECT_PREFIXES[dialect]
    checked = 0
    for operation in load_ledger().operations:
        template = operation.placement(dialect).path
        if not template.startswith(prefix + "/"):
            continue
        concrete = "/".join(
            "x1" if segment.startswith("{") else segment
            for segment in template.removeprefix(prefix).split("/")
        )
        hit = API.find(concrete)
        assert hit is not None and operation.method in hit[0].endpoints, (
            f"{operation.label} is documented at {template} but not routed"
        )
        checked += 1
    for extension in load_ledger().extensions:
        hit = API.find(extension.path)
        assert hit is not None and extension.method in hit[0].endpoints, extension
    assert checked >= 40
