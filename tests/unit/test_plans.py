"""Plans, their limits and InMail credits; the scenario keys that configure them."""

import pytest

from simulator.scenario.loader import ScenarioError, scenario_from_mapping
from simulator.scenario.network_schema import LimitsSpec
from simulator.scenario.schema import Scenario
from simulator.world.accounts import Account
from simulator.world.plans import DEFAULT_INVITATION_LIMITS, Limits, plan_of, usage_landing
from tests.unit.network_worlds import account, network_world


def linkedin(features: list[str]) -> Account:
    return Account(id="a", type="LINKEDIN", name="A B", created_at_ms=0, seq=0, premium_features=features)


@pytest.mark.parametrize(
    ("features", "plan"),
    [([], "free"), (["premium"], "premium"), (["premium", "sales_navigator"], "sales_navigator"),
     (["premium", "recruiter"], "recruiter"), (["sales_navigator", "recruiter"], "recruiter")],
)
def test_plan_is_the_richest_feature(features, plan):
    assert plan_of(linkedin(features)) == plan


def test_default_weekly_caps_are_the_consumer_apps():
    assert DEFAULT_INVITATION_LIMITS["premium"].weekly == 100
    assert DEFAULT_INVITATION_LIMITS["free"].weekly == 80
    assert DEFAULT_INVITATION_LIMITS["free"].note_max_chars == 200
    assert DEFAULT_INVITATION_LIMITS["free"].notes_per_month == 5


@pytest.mark.parametrize(
    ("before", "after", "cap", "landing"),
    [(49, 50, 100, 50), (50, 51, 100, None), (74, 75, 100, 75), (94, 95, 100, 95), (99, 100, 100, None),
     (39, 40, 80, 50), (71, 72, 80, 90), (0, 1, 1, 95), (0, 1, None, None), (0, 1, 0, None)],
)
def test_usage_landings(before, after, cap, landing):
    assert usage_landing(before, after, cap) == landing


def test_inmail_balance_per_feature_and_decrementable():
    limits = Limits()
    premium = linkedin(["premium", "sales_navigator"])
    assert limits.inmail_balance(premium) == {"premium": 5, "sales_navigator": 50, "recruiter": None}
    premium.inmail_credits["sales_navigator"] = 49  # what messaging will do
    assert limits.inmail_balance(premium)["sales_navigator"] == 49
    assert limits.inmail_balance(premium.copy())["sales_navigator"] == 49
    assert limits.inmail_balance(linkedin([])) == {"premium": None, "sales_navigator": None, "recruiter": None}


def test_scenario_limits_override_one_field_and_keep_the_other_defaults():
    world = network_world(
        "free",
        limits={"free": {"weekly_invitations": 10}, "inmail_credits": {"premium": 15}},
    )
    free = world.limits.invitations_for(account(world))
    assert (free.weekly, free.daily, free.note_max_chars, free.notes_per_month) == (10, 40, 200, 5)
    assert world.limits.invitations["premium"].weekly == 100
    assert world.limits.inmail_credits == {"premium": 15, "sales_navigator": 50, "recruiter": 100}


def test_null_means_no_cap():
    spec = Scenario(name="x", limits={"premium": {"weekly_invitations": None, "notes_per_month": None}}).limits
    assert spec.premium.weekly_invitations is None and spec.premium.daily_invitations == 50


@pytest.mark.parametrize(
    ("text", "ms"), [("90", 90_000), (90, 90_000), ("90s", 90_000), ("30m", 1_800_000), ("8h", 28_800_000),
                     ("3d", 259_200_000), ("2w", 1_209_600_000), ("1.5h", 5_400_000), ("250ms", 250)],
)
def test_durations(text, ms):
    assert LimitsSpec(withdrawn_invitation_cooldown=text).withdrawn_invitation_cooldown == ms  # type: ignore[call-arg]


def test_dumped_scenarios_read_back_the_same():
    scenario = Scenario(name="x", behaviours={"invitations": {"delay": {"min": "90s", "max": "2h"}}})
    assert Scenario.model_validate(scenario.model_dump(mode="json")) == scenario


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        ({"limits": {"free": {"weekly_invitations": -1}}}, "limits.free.weekly_invitations"),
        ({"limits": {"premium": {"note_max_chars": 301}}}, "limits.premium.note_max_chars"),
        ({"limits": {"gold": {}}}, "limits.gold: unknown key"),
        ({"limits": {"withdrawn_invitation_cooldown": "soon"}}, "a duration is seconds"),
        ({"limits": {"withdrawn_invitation_cooldown": " 2h"}}, "a duration is seconds"),
        ({"limits": {"withdrawn_invitation_cooldown": "10001w"}}, "less than or equal to 6048000000000"),
        ({"limits": {"withdrawn_invitation_cooldown": float("inf")}}, "finite"),
        ({"limits": {"inmail_credits": {"premium": 10**30}}}, "limits.inmail_credits.premium"),
        ({"behaviours": {"invitations": {"accept": 0, "decline": 0, "ignore": 0}}}, "must be positive"),
        ({"behaviours": {"invitations": {"delay": {"min": "2d", "max": "1d"}}}}, "min must not exceed max"),
        ({"behaviours": {"invitations": {"new_relation_delay": {"min": 0, "max": "9h"}}}}, "within 8h"),
        ({"relations": {"second_degree": 0.8, "third_degree": 0.3}}, "must not exceed 1"),
    ],
)
def test_bad_network_keys_name_the_key(fragment, message):
    with pytest.raises(ScenarioError, match=message):
        scenario_from_mapping({"name": "bad"} | fragment)
