"""The scenario's job keys (scenario/job_schema.py): `timeline[].job_posting` played through the
jobs model's own steps and checked by the API's rules when the file loads; `behaviours.jobs`."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import ScenarioError, parse_scenario_text, scenario_from_mapping
from simulator.world.jobs import JobDraft, PublishRequest, Ref
from simulator.world.world import World
from tests.unit.network_worlds import DAY_MS

JOB = {
    "job_title": {"text": "Data Engineer"},
    "company": {"text": "Contoso"},
    "workplace": "REMOTE",
    "location": "102277331",
    "description": "<p>Pipelines.</p>",
}
HEAD = """\
name: t
accounts:
  - {id: li, provider: LINKEDIN, plan: premium}
  - {id: wa, provider: WHATSAPP}
people: {listed: [{first_name: Kim, last_name: Lee, company: Fabrikam}]}
timeline:
  - at: +0m
    job_posting:
      account: li
      job:
        job_title: {text: Data Engineer}
        company: {text: Contoso}
        workplace: REMOTE
        location: "102277331"
        description: <p>Pipelines.</p>
"""


def world_of(timeline: list[dict[str, Any]], plan: str = "premium", **extra: Any) -> World:
    scenario = {
        "name": "jobs-test", "seed": 3, "people": {"generate": 60},
        "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": plan}],
        "timeline": timeline, **extra,
    }  # fmt: skip
    return build_world(scenario_from_mapping(scenario), api_key="test-key")


def test_postings_are_drafted_published_through_their_checkpoints_and_closed_as_asked():
    world = world_of([
        {"at": "+0m", "job_posting": {"account": "li", "job": JOB}},
        {"at": "+1h", "job_posting": {"account": "li", "job": JOB, "state": "closed", "publish": {
            "mode": "PROMOTED", "budget": {"monthly": {"currency": "USD", "amount": 900}}}}},
        {"at": "+1h", "job_posting": {"account": "li", "job": JOB, "state": "draft"}},
    ])  # fmt: skip
    fired = [e for e in world.advance_by(3600) if e["kind"] == "timeline.job_posting"]
    assert [(e["kind"], e["state"], e["checkpoints"]) for e in fired] == [
        ("timeline.job_posting", "active", ["EMAIL_VERIFICATION"]),  # the first Classic publish
        ("timeline.job_posting", "closed", ["OTP"]),  # promoted: OTP, the email verified already
        ("timeline.job_posting", "draft", []),
    ]
    jobs = world.jobs
    assert [job.state for job in jobs.page("li", "active", None, 10).items] == ["active"]
    closed = jobs.get("li", fired[1]["job_id"], None)
    assert (closed.mode, closed.budget.amount, closed.closed_at_ms) == (
        "PROMOTED", 900, world.now_ms()
    )


def test_a_publish_refused_when_it_falls_due_leaves_the_draft_and_says_why():
    world = world_of([{"at": "+1h", "job_posting": {"account": "li", "job": JOB}}])
    draft = JobDraft(Ref(text="Analyst"), Ref(text="Contoso"), "REMOTE", "102277331", "<p>x</p>")
    first = world.jobs.create_draft("li", draft)  # over HTTP, before the entry plays
    world.jobs.publish("li", first.id, PublishRequest("FREE"))
    world.jobs.solve_checkpoint("li", first.id, "123456")  # the account's one free slot taken
    [fired] = [e for e in world.advance_by(3600) if e["kind"] == "timeline.job_posting"]
    assert fired["state"] == "draft"
    assert fired["skipped"].startswith("errors/invalid_parameters: mode: This draft is not eligible")


def test_behaviours_jobs_sets_the_rate_and_the_screening_odds():
    quiet = world_of(
        [{"at": "+0m", "job_posting": {"account": "li", "job": JOB}}],
        behaviours={"jobs": {"monthly_applicants": {"REMOTE": 0}}},
    )
    [posted] = quiet.advance_by(0)
    job = quiet.jobs.get("li", posted["job_id"], None)
    assert job.publish_options.free_estimated_monthly_applicants == 0
    quiet.advance_by(30 * DAY_MS / 1000)
    assert quiet.jobs.applicants_count(job) == 0

    question = {"question": "Do you speak Dutch?", "answer_type": "multiple_choices",
                "choices": ["Yes", "No"], "expected_choices": ["Yes"]}  # fmt: skip
    busy = world_of(
        [{"at": "+0m", "job_posting": {"account": "li", "job": JOB | {
            "screening_questions": [question]}}}],
        behaviours={"jobs": {"monthly_applicants": {"REMOTE": 200}, "screening_match": 0}},
    )  # fmt: skip
    [posted] = busy.advance_by(0)
    job = busy.jobs.get("li", posted["job_id"], None)
    assert job.publish_options.free_estimated_monthly_applicants == 200
    busy.advance_by(7 * DAY_MS / 1000)
    arrived = busy.jobs.applicants.of_job(job.id)
    assert len(arrived) >= 20
    assert {a.screening[0].answers for a in arrived} == {("No",)}  # nobody meets it


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('location: "102277331"', "location: 102277331", "t.yaml:14: timeline.0.job_posting.job.location: Input should be a valid string"),
        ('location: "102277331"', 'location: "1"', "t.yaml:14: timeline.0.job_posting.job.location: no LOCATION parameter has id 1"),
        ("workplace: REMOTE", "workplace: MOON", "t.yaml:13: timeline.0.job_posting.job.workplace: Input should be 'ON_SITE'"),
        ("company: {text: Contoso}", 'company: {id: "1"}', "t.yaml:12: timeline.0.job_posting.job.company.id: no COMPANY parameter has "
                                                           "id 1 (a scenario gives a company's `text`, or the id of a listed company)"),
        (None, "        salary: 100", "t.yaml:16: timeline.0.job_posting.job.salary: unknown field"),
        (None, "        account_id: li", "t.yaml:16: timeline.0.job_posting.job.account_id: the account is the entry's"),
        (None, "      publish: {mode: PROMOTED}", "t.yaml:16: timeline.0.job_posting.publish.budget: required"),
        (None, "      publish: {mode: PROMOTED, budget: {daily: {currency: USD, amount: 5}}}",
         "t.yaml:16: timeline.0.job_posting.publish.budget.daily.amount: 5.0 is outside 10-500 USD"),
        (None, "      publish: {mode: FREE, service: RECRUITER}",
         "t.yaml:16: timeline.0.job_posting.publish.service: the posting is a CLASSIC posting, not RECRUITER"),
        (None, "      publish: {mode: FREE}\n      state: draft", "t.yaml:16: timeline.0.job_posting.publish: a draft is not published"),
        ("account: li", "account: wa", "t.yaml:9: timeline.0.job_posting.account: 'wa' is a WHATSAPP account, not a LINKEDIN one"),
        ("account: li", "account: nobody", "t.yaml:9: timeline.0.job_posting.account: no account has the id 'nobody'"),
    ],
)
def test_a_bad_posting_names_the_line_key_and_reason(old, new, message):
    text = HEAD.replace(old, new) if old is not None else HEAD + new + "\n"
    assert text != HEAD
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_text(text, "t.yaml")
    assert message in str(caught.value)


def test_the_accounts_seat_and_free_slots_are_checked_at_the_time_the_entry_plays():
    recruiter = {"project": {"name": "Platform"}, "functions": ["eng"], "industries": ["4"],
                 "seniority": "ASSOCIATE", "apply_method": {"type": "external", "url": "https://x.example/apply"}}
    posting = {"account": "li", "job": JOB | {"recruiter": recruiter}}
    with pytest.raises(ScenarioError, match=r"timeline.0.job_posting.job.recruiter: account 'li' has no recruiter seat"):
        scenario_from_mapping({"name": "t", "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": "premium"}],
                               "timeline": [{"at": "+1d", "job_posting": posting}]})
    upgraded = {"name": "t", "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": "premium"}],
                "timeline": [{"at": "+1d", "job_posting": posting}, {"at": "+1h", "plan": {"account": "li", "plan": "recruiter"}}]}
    scenario_from_mapping(upgraded)  # the seat comes before the posting
    seeded = posting | {"job": JOB | {"recruiter": recruiter | {"project": {"id": "123"}}}}
    with pytest.raises(ScenarioError, match=r"job.recruiter.project: name a new project"):
        scenario_from_mapping(upgraded | {"timeline": [upgraded["timeline"][1], {"at": "+1d", "job_posting": seeded}]})
    two_free = [{"at": "+0m", "job_posting": {"account": "li", "job": JOB}},
                {"at": "+1h", "job_posting": {"account": "li", "job": JOB, "state": "closed"}},
                {"at": "+2h", "job_posting": {"account": "li", "job": JOB}}]  # fmt: skip
    with pytest.raises(ScenarioError, match=r"timeline.2.job_posting.publish: account 'li' would have 2 open FREE"):
        scenario_from_mapping({"name": "t", "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": "premium"}],
                               "timeline": two_free})


def test_a_company_of_a_listed_person_is_named_by_its_id():
    world = world_of([{"at": "+0m", "job_posting": {"account": "li", "job": JOB | {"company": {"id": "10000"}}}}],
                     people={"generate": 10, "listed": [{"first_name": "Kim", "last_name": "Lee", "company": "Fabrikam"}]})
    [posted] = world.advance_by(0)
    assert world.jobs.get("li", posted["job_id"], None).company == "Fabrikam"


def test_a_scenario_without_postings_loads_without_the_jobs_model():
    code = (
        "import sys; from simulator.scenario.loader import load_scenario; "
        "from simulator.scenario.build import build_world; "
        "build_world(load_scenario('meeting-booking'), api_key='k'); "
        "print(sorted(m for m in sys.modules if 'jobs' in m or 'job_bodies' in m))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
