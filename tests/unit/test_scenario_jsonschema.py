import datetime
import json

import jsonschema
import pytest
import yaml

from simulator.resources import bundled_dir
from simulator.scenario.jsonschema import scenario_json_schema, scenario_json_schema_text
from simulator.scenario.loader import shipped_scenarios

SHIPPED = bundled_dir("scenarios") / "scenario.schema.json"


def as_json(value):
    """YAML reads timestamps as datetimes; editors see them as the strings they are."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def test_shipped_schema_is_the_generated_one():
    assert SHIPPED.read_text() == scenario_json_schema_text(), (
        "scenarios/scenario.schema.json is stale: run `unipile-sim schema > scenarios/scenario.schema.json`"
    )


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(scenario_json_schema())


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_validates_against_the_schema(name):
    data = as_json(yaml.safe_load(shipped_scenarios()[name].read_text()))
    jsonschema.Draft202012Validator(scenario_json_schema()).validate(data)


def test_the_schema_refuses_what_the_loader_refuses():
    validator = jsonschema.Draft202012Validator(scenario_json_schema())
    assert not validator.is_valid({"name": "x", "accounts": [{"provider": "FAX"}]})
    assert not validator.is_valid({"name": "x", "colour": "blue"})
    assert validator.is_valid(json.loads('{"name": "x", "accounts": [{"provider": "LINKEDIN", "plan": "premium"}]}'))
