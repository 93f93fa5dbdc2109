import pytest

from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.loader import (
    ScenarioError,
    load_scenario,
    parse_scenario_text,
    scenario_from_mapping,
    shipped_scenarios,
)


def test_default_scenario_has_the_accounts_the_design_promises():
    scenario = load_scenario("default").scenario
    linkedin = [a for a in scenario.accounts if a.provider == "LINKEDIN"]
    assert any(a.plan == "sales_navigator" and a.status == "OK" for a in linkedin)
    assert any(a.plan == "free" and a.status == "OK" for a in linkedin)
    assert any(a.status == "CREDENTIALS" for a in linkedin)
    assert any(a.provider == "WHATSAPP" for a in scenario.accounts)


def test_every_shipped_scenario_loads():
    assert "default" in shipped_scenarios()
    for name in shipped_scenarios():
        assert load_scenario(name).scenario.name == name


def test_unknown_name_lists_the_shipped_ones():
    with pytest.raises(ScenarioError, match=r"'nope'.*default"):
        load_scenario("nope")


def test_bad_value_names_file_line_key_and_reason(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\naccounts:\n  - provider: LINKEDIN\n    plan: gold\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    message = str(caught.value)
    assert f"{path}:4: accounts.0.plan:" in message
    assert "'free', 'premium', 'sales_navigator' or 'recruiter'" in message


def test_unknown_key_is_refused_with_its_line():
    text = "name: typo\naccounts:\n  - provider: WHATSAPP\n    phone: '33600000000'\n"
    with pytest.raises(ScenarioError, match=r"typo.yaml:4: accounts.0.phone: unknown key"):
        parse_scenario_text(text, "typo.yaml")


def test_missing_required_key_is_named():
    # The account item starts on line 2: that is where the missing key belongs.
    with pytest.raises(ScenarioError, match=r"x.yaml:2: accounts.0.provider: Field required"):
        parse_scenario_text("accounts:\n  - name: Jo\nname: x\n", "x.yaml")


def test_invalid_yaml_names_the_line():
    with pytest.raises(ScenarioError, match=r"broken.yaml:3: invalid YAML: .*'\\t'"):
        parse_scenario_text("name: x\naccounts:\n\t- provider: LINKEDIN\n", "broken.yaml")


def test_a_scenario_must_be_a_mapping():
    with pytest.raises(ScenarioError, match="mapping"):
        scenario_from_mapping(["name", "x"])


def test_same_scenario_and_seed_compile_to_identical_records():
    loaded = load_scenario("default")
    first = compile_blueprint(loaded, 7)
    again = compile_blueprint(scenario_from_mapping(loaded.scenario.model_dump(mode="json", by_alias=True)), 7)
    assert [a.id for a in first.accounts] == [a.id for a in again.accounts]
    assert [a.name for a in first.accounts] == [a.name for a in again.accounts]
    other = compile_blueprint(loaded, 8)
    assert [a.id for a in other.accounts] != [a.id for a in first.accounts]


def test_plans_map_to_linkedin_premium_fields():
    blueprint = compile_blueprint(load_scenario("default"))
    by_features = {tuple(a.premium_features): a for a in blueprint.accounts if a.type == "LINKEDIN"}
    sales_nav = by_features[("premium", "sales_navigator")]
    assert sales_nav.premium_id and sales_nav.premium_contract_id
    free = by_features[()]
    assert free.premium_id is None and free.premium_contract_id is None


def test_a_huge_numeric_duration_is_refused_not_overflowed():
    scenario = {"name": "x", "behaviours": {"invitations": {"delay": {"min": 1e308, "max": 1e308}}}}
    with pytest.raises(ScenarioError, match="duration"):
        scenario_from_mapping(scenario)


def test_a_misspelt_key_gets_the_nearest_known_one():
    text = "name: typo\nseeed: 4\naccounts:\n  - provider: LINKEDIN\n    plann: premium\n"
    with pytest.raises(ScenarioError) as raised:
        parse_scenario_text(text, "typo.yaml")
    assert str(raised.value).splitlines() == [
        "typo.yaml:2: seeed: unknown key (did you mean 'seed'?)",
        "typo.yaml:5: accounts.0.plann: unknown key (did you mean 'plan'?)",
    ]
    far = "name: far\naccounts:\n  - provider: LINKEDIN\n    zzzz: 1\n"
    with pytest.raises(ScenarioError, match=r"accounts.0.zzzz: unknown key$"):
        parse_scenario_text(far, "far.yaml")


def test_problems_come_in_the_files_order():
    text = "name: order\naccounts:\n  - provider: NOPE\nlimits:\n  free: {nope: 1}\nseed: -1\nzz: 1\n"
    with pytest.raises(ScenarioError) as raised:
        parse_scenario_text(text, "order.yaml")
    lines = [int(line.split(":")[1]) for line in str(raised.value).splitlines()]
    assert len(lines) >= 3 and lines == sorted(lines)


def test_an_unquoted_impossible_date_names_its_key():
    text = "name: dates\naccounts:\n  - provider: LINKEDIN\nclock:\n  start: 2026-13-45\n"
    with pytest.raises(ScenarioError, match=r"^dates.yaml:5: clock.start: invalid YAML value: month must be in 1..12 \(quote it"):
        parse_scenario_text(text, "dates.yaml")
