"""recruiting: the timeline posts a promoted Recruiter job (and a draft), applicants arrive on
the clock, the product puts the strongest in the project's pipeline and writes to them through
`linkedin.applicant_id`, they answer, the job is closed and nobody applies after."""

from tests.scenarios.conftest import DAY, HOUR, advance, kinds

SCENARIO = "recruiting"
ACCOUNT = "recruiter"
JOBS = "/api/v1/linkedin/jobs"
REPLY = "Thanks Nadia! Yes, I'd love to hear more. Thursday afternoon works for a call."


def listed(sim, category: str) -> list[dict]:
    page = sim.get(JOBS, params={"account_id": ACCOUNT, "category": category})
    assert page.status_code == 200, page.text
    return page.json()["items"]


def applicants(sim, job_id: str) -> list[dict]:
    page = sim.get(f"{JOBS}/{job_id}/applicants", params={"account_id": ACCOUNT, "limit": 250})
    assert page.status_code == 200, page.text
    return page.json()["items"]


def project(sim, name: str) -> dict:
    projects = sim.get("/api/v1/linkedin/projects", params={"account_id": ACCOUNT}).json()
    return next(p for p in projects["items"] if p["name"] == name)


def pipeline(sim, project_id: str, candidate: dict, stage: str) -> None:
    action = {"account_id": ACCOUNT, "api": "recruiter", "action": "addCandidateToPipeline",
              "hiring_project_id": project_id, "stage": stage}  # fmt: skip
    done = sim.post(f"/api/v1/linkedin/user/{candidate['public_identifier']}", json=action)
    assert done.status_code == 200 and done.json()["success"] is True, done.text


def stages(sim, project_id: str) -> list[tuple[str, str]]:
    read = sim.get(f"/api/v1/linkedin/projects/{project_id}", params={"account_id": ACCOUNT})
    return [(c["public_identifier"], c["stage"]) for c in read.json()["candidates"]]


def test_a_posting_draws_applicants_the_best_one_is_contacted_answers_and_the_job_closes(sim):
    # The timeline's postings are made when the clock first moves, through the API's steps.
    assert listed(sim, "active") == []
    fired = advance(sim, 0)
    assert kinds(fired) == ["timeline.job_posting", "timeline.job_posting"]
    assert (fired[0]["state"], fired[0]["checkpoints"]) == ("active", ["OTP"])  # promoted
    assert (fired[1]["state"], fired[1]["checkpoints"]) == ("draft", [])
    [job] = listed(sim, "active")
    assert (job["title"], job["state"], job["applicants_counter"]) == (
        "Senior Backend Engineer", "active", 0,
    )  # fmt: skip
    assert [d["title"] for d in listed(sim, "draft")] == ["Staff Engineer"]
    read = sim.get(f"{JOBS}/{job['id']}", params={"account_id": ACCOUNT, "service": "RECRUITER"})
    assert read.status_code == 200, read.text
    assert read.json()["seniority"] == "MID_SENIOR_LEVEL"
    hiring = project(sim, "Backend hiring")
    assert hiring["job_posting"]["id"] == job["id"]

    # Two days on: about five applicants a day (behaviours.jobs); the ones with fewer than five
    # years were turned down at once by the must-match question.
    fired = advance(sim, 2 * DAY)
    arrived = applicants(sim, job["id"])
    assert kinds(fired).count("job_applicant") == len(arrived) >= 6
    for applicant in arrived:
        years = int(applicant["screening_questions"][0]["answers"][0])
        assert applicant["rating"] == ("NOT_A_FIT" if years < 5 else "UNRATED"), applicant
    passed = [a for a in arrived if all(q["success"] for q in a["screening_questions"])]
    assert passed
    best = max(passed, key=lambda a: int(a["screening_questions"][0]["answers"][0]))

    pipeline(sim, hiring["id"], best, "UNCONTACTED")
    assert stages(sim, hiring["id"]) == [(best["public_identifier"], "UNCONTACTED")]
    balance = sim.get("/api/v1/linkedin/inmail_balance", params={"account_id": ACCOUNT}).json()
    started = sim.post("/api/v1/chats", json={
        "account_id": ACCOUNT, "attendees_ids": [best["profile_id"]],
        "text": "Hi! Thanks for applying to Northwind Labs. Could we talk this week?",
        "linkedin": {"applicant_id": best["id"]},
    })  # fmt: skip
    assert started.status_code == 201, started.text
    chat_id = started.json()["chat_id"]
    after = sim.get("/api/v1/linkedin/inmail_balance", params={"account_id": ACCOUNT}).json()
    assert after == balance  # an applicant is written to without an InMail credit
    pipeline(sim, hiring["id"], best, "CONTACTED")
    assert stages(sim, hiring["id"]) == [(best["public_identifier"], "CONTACTED")]

    # They answer within four hours (behaviours.replies); the product moves them on.
    advance(sim, 4 * HOUR)
    messages = sim.get(f"/api/v1/chats/{chat_id}/messages").json()["items"]
    assert [(m["text"], m["is_sender"]) for m in messages][0] == (REPLY, 0)
    pipeline(sim, hiring["id"], best, "REPLIED")
    assert stages(sim, hiring["id"]) == [(best["public_identifier"], "REPLIED")]

    # Friday: the role is filled; the posting closes and draws nobody after.
    advance(sim, 2 * DAY - 4 * HOUR)
    closed = sim.post(f"{JOBS}/{job['id']}/close", params={"account_id": ACCOUNT, "service": "RECRUITER"})
    assert closed.status_code == 200, closed.text
    count = len(applicants(sim, job["id"]))
    assert count > len(arrived)
    assert "job_applicant" not in kinds(advance(sim, 7 * DAY))
    assert len(applicants(sim, job["id"])) == count
    assert listed(sim, "active") == []
    [done] = listed(sim, "closed")
    assert (done["id"], done["state"], done["applicants_counter"]) == (job["id"], "closed", count)
    assert done["cost"] == 4 * 40  # four days live at 40 USD a day, nothing after the close
