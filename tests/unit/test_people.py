"""The network's members and each account's place among them: compiled once, shared, seeded."""

import re
from collections import Counter

import pytest

from simulator.registry import TenantRegistry
from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.loader import load_scenario, scenario_from_mapping
from simulator.scenario.network_schema import PeopleSpec
from simulator.scenario.population import compile_population
from simulator.world.people import FIRST, OUT_OF_NETWORK, SECOND, THIRD
from tests.unit.network_worlds import account, default_world, network_world, strangers

MEMBER_ID = re.compile(r"^ACoAA[A-Za-z0-9_-]{34}$")
SLUG = re.compile(r"^[a-z0-9-]+-[0-9a-f]{7}$")


def test_default_scenario_gives_each_ok_linkedin_account_50_relations_and_200_reachable():
    world = default_world()
    ok_linkedin = [a for a in world.accounts if a.type == "LINKEDIN" and a.status == "OK"]
    assert len(ok_linkedin) == 2
    for linkedin in ok_linkedin:
        graph = world.network.graph(linkedin)
        distances = Counter(graph.distance(p) for p in world.network.directory.people)
        assert len(graph) == distances[FIRST] >= 50
        assert distances[SECOND] + distances[THIRD] >= 200
        assert distances[OUT_OF_NETWORK] > 0


def test_generated_people_have_linkedin_shaped_ids_and_are_all_distinct():
    directory = default_world().network.directory
    people = directory.people
    assert len(people) == 503
    assert all(MEMBER_ID.match(p.provider_id) for p in people)
    assert all(SLUG.match(p.public_identifier) for p in people[3:])
    assert len({p.provider_id for p in people}) == len({p.public_identifier for p in people}) == 503
    assert all(p.headline and p.company.id.isdigit() and p.location.id.isdigit() for p in people)
    assert directory.find("JANE-DOE") is directory.find("ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg")


def test_listed_people_keep_what_the_scenario_says():
    world = default_world()
    jane = world.network.person("jane-doe")
    assert (jane.first_name, jane.last_name, jane.title, jane.company.name) == ("Jane", "Doe", "CTO", "Acme Robotics")
    assert jane.headline == "CTO at Acme Robotics" and jane.answer == "accept"
    ana = world.network.person("ana-silva")
    for linkedin in world.accounts:
        if linkedin.type == "LINKEDIN":
            graph = world.network.graph(linkedin)
            assert graph.distance(jane) == SECOND
            assert graph.distance(world.network.person("marcus-lee")) == THIRD
            assert graph.relation(ana.provider_id).created_at_ms == 1763634600000  # 2025-11-20T10:30Z


def test_same_seed_same_people_other_seed_other_people():
    spec = PeopleSpec(generate=50)
    first = compile_population(spec, 7, 0).directory.people
    assert compile_population(spec, 7, 0).directory.people == first
    other = compile_population(spec, 8, 0).directory.people
    assert [p.provider_id for p in other] != [p.provider_id for p in first]


def test_worlds_share_the_blueprints_people_and_never_copy_them():
    loaded = load_scenario("default")
    registry = TenantRegistry()
    one, two = registry.create(loaded), registry.create(loaded)
    assert one.network.directory is two.network.directory
    linkedin = next(a for a in one.accounts if a.type == "LINKEDIN")
    person = strangers(one, linkedin.id)[0]
    one.network.connect(linkedin, person)
    assert one.network.distance(linkedin, person) == FIRST
    assert two.network.distance(two.accounts.get(linkedin.id), person) != FIRST
    assert registry.reset(one.api_key).network.distance(linkedin, person) != FIRST


def test_relations_are_newest_first_and_filter_by_name():
    world = network_world()
    graph = world.network.graph(account(world))
    relations, _ = graph.page(None, 1000, None)
    assert len(relations) == 50
    keys = [r.sort_key for r in relations]
    assert keys == sorted(keys, reverse=True)
    needle = relations[7].person.last_name
    matching, _ = graph.page(None, 1000, needle.upper())
    assert relations[7] in matching
    assert all(needle.casefold() in r.person.full_name.casefold() for r in matching)


def test_an_account_connected_at_run_time_gets_a_seeded_network():
    def fresh():
        world = network_world()
        extra = account(world).copy()
        extra.id, extra.seq = "later", 99
        world.accounts.add(extra)
        graph = world.network.graph(extra)
        return [(p.provider_id, graph.distance(p)) for p in world.network.directory.people]

    drawn = fresh()
    assert drawn == fresh()
    assert Counter(d for _, d in drawn)[FIRST] == 50


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ({"generate": -1}, "people.generate"),
        ({"listed": [{"first_name": "A"}]}, "people.listed.0.last_name"),
        ({"listed": [{"first_name": "A", "last_name": "B", "distance": "FOURTH"}]}, "people.listed.0.distance"),
        ({"listed": [{"first_name": "A", "last_name": "B", "connected_at": "2025-01-01T00:00:00Z"}]}, "FIRST_DEGREE"),
        ({"listed": [{"first_name": "A", "last_name": "B", "public_identifier": "a-b"},
                     {"first_name": "C", "last_name": "D", "public_identifier": "a-b"}]}, "'a-b'"),
    ],
)
def test_bad_people_are_named_by_key(people, message):
    from simulator.scenario.loader import ScenarioError

    with pytest.raises(ScenarioError, match=re.escape(message)):
        scenario_from_mapping({"name": "bad", "people": people})


def test_blueprint_networks_exist_for_linkedin_accounts_only():
    blueprint = compile_blueprint(load_scenario("default"))
    linkedin = {a.id for a in blueprint.accounts if a.type == "LINKEDIN"}
    assert set(blueprint.networks) == linkedin
