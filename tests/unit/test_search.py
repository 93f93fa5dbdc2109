"""People search over the simulated network: filters, order, ceilings, seats."""

import pytest

from simulator.world.errors import ApiError
from simulator.world.people import FIRST, OUT_OF_NETWORK, SECOND, THIRD
from simulator.world.search import IdFilter, PeopleQuery
from tests.unit.network_worlds import account, network_world


@pytest.fixture(scope="module")
def world():
    return network_world("sales_navigator", generate=400)


def everyone(world, query: PeopleQuery):
    page = world.search.run("acct", query, 0, 50)
    hits = list(page.hits)
    while page.next_start is not None:
        page = world.search.run("acct", query, page.next_start, 50)
        hits += page.hits
    return hits


def test_results_are_closest_first_then_directory_order_and_complete(world):
    hits = everyone(world, PeopleQuery())
    assert len(hits) == len(world.network.directory)
    order = [(h.distance, h.person.index) for h in hits]
    assert order == sorted(order)
    assert {h.distance for h in hits} == {FIRST, SECOND, THIRD, OUT_OF_NETWORK}


def test_keywords_match_the_start_of_words_in_name_headline_company_location(world):
    directory = world.network.directory
    someone = directory.people[42]
    first, last = someone.first_name.lower(), someone.last_name[:3].lower()
    hits = everyone(world, PeopleQuery(keywords=f"{someone.first_name} {someone.last_name[:3]}"))
    assert someone in [h.person for h in hits]
    for hit in hits:
        words = directory.words_of(hit.person)
        assert any(w.startswith(first) for w in words) and any(w.startswith(last) for w in words)
    ctos = {h.person for h in everyone(world, PeopleQuery(keywords="cto"))}
    directors = {h.person for h in everyone(world, PeopleQuery(keywords="director"))}
    assert directors - ctos  # "cto" inside "Director" is not a match
    assert all(any(w.startswith("cto") for w in directory.words_of(p)) for p in ctos)


def test_id_filters_and_network_distance(world):
    paris = "105072130"
    hits = everyone(world, PeopleQuery(location=IdFilter(frozenset({paris})), network_distance=frozenset({2})))
    assert hits and all(h.person.location.id == paris and h.distance == SECOND for h in hits)
    third_plus = everyone(world, PeopleQuery(network_distance=frozenset({3})))
    assert {h.distance for h in third_plus} == {THIRD, OUT_OF_NETWORK}  # "3" is 3rd and beyond
    software = everyone(world, PeopleQuery(industry=IdFilter(exclude=frozenset({"4"}))))
    assert software and all(h.person.industry.id != "4" for h in software)


def test_advanced_keywords(world):
    target = world.network.directory.people[10]
    hits = everyone(world, PeopleQuery(first_name=target.first_name, last_name=target.last_name))
    assert target in [h.person for h in hits]
    assert all(h.person.last_name == target.last_name for h in hits)


def test_classic_pages_stop_at_50_and_queries_at_1000():
    world = network_world("premium", generate=1200)
    with pytest.raises(ApiError, match="at most 50"):
        world.search.run("acct", PeopleQuery(api="classic"), 0, 51)
    page = world.search.run("acct", PeopleQuery(api="classic"), 0, 50)
    assert page.total == 1000 and len(page.hits) == 50
    last = world.search.run("acct", PeopleQuery(api="classic"), 990, 50)
    assert len(last.hits) == 10 and last.next_start is None


@pytest.mark.parametrize(("plan", "api"), [("premium", "sales_navigator"), ("sales_navigator", "recruiter")])
def test_paid_search_without_the_seat_is_feature_not_subscribed(plan, api):
    world = network_world(plan, generate=20)
    with pytest.raises(ApiError) as caught:
        world.search.run("acct", PeopleQuery(api=api), 0, 10)
    assert caught.value.error.name == "feature_not_subscribed" and caught.value.status == 403


def test_pending_invitations_show_in_results(world):
    target = next(h.person for h in everyone(world, PeopleQuery(network_distance=frozenset({2}))))
    world.invitations.send("acct", target.provider_id, note=None)
    hit = next(h for h in everyone(world, PeopleQuery()) if h.person is target)
    assert hit.pending_invitation is True


def test_parameters_list_ids_the_filters_take(world):
    locations = world.search.parameters("acct", "LOCATION", "paris", 10)
    assert [f.name for f in locations] == ["Paris, Ile-de-France, France"]
    connections = world.search.parameters("acct", "CONNECTIONS", None, 100)
    graph = world.network.graph(account(world))
    assert len(connections) == 50 and all(graph.relation(f.id) for f in connections)
    assert world.search.parameters("acct", "GROUPS", None, 10) == []
    assert len(world.search.parameters("acct", "PEOPLE", None, 7)) == 7
