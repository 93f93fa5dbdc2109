"""LinkedIn job postings, applicants and Recruiter hiring projects over HTTP (in-process, strict
mode: every answer is checked against the contract): the whole state machine, its refusals
(the field named, nothing changed), applicants on the world clock, resumes, pipelines."""

from tests.api.conftest import assert_envelope

ACCOUNT = "pd4XTSp1_e7ME6t9hf3Kqg"  # the default world's Sales Navigator account (1 free slot)
JOBS = "/api/v1/linkedin/jobs"
WEEK_S = 7 * 86_400


def location_id(client, account_id=ACCOUNT, headers=None):
    params = {"account_id": account_id, "type": "LOCATION", "limit": 1}
    return client.get("/api/v1/linkedin/search/parameters", params=params, headers=headers).json()["items"][0]["id"]


def draft_body(client, account_id=ACCOUNT, headers=None, **changes):
    return {
        "account_id": account_id,
        "job_title": {"text": "Robotics Engineer"},
        "company": {"text": "Acme Robotics"},
        "workplace": "REMOTE",
        "location": location_id(client, account_id, headers),
        "description": "<p>Build the robots of tomorrow with us.</p>",
        "screening_questions": [
            {"question": "How many years of experience do you have?", "answer_type": "numeric", "min_expectation": 2},
        ],
    } | changes


def create(client, account_id=ACCOUNT, headers=None, **changes):
    created = client.post(JOBS, json=draft_body(client, account_id, headers, **changes), headers=headers)
    assert created.status_code == 200, created.text
    return created.json()


def get_job(client, job_id, account_id=ACCOUNT, service="CLASSIC", headers=None):
    return client.get(f"{JOBS}/{job_id}", params={"account_id": account_id, "service": service}, headers=headers)


def publish_free(client, job_id, account_id=ACCOUNT, headers=None):
    """Publish for free through the email verification of a first Classic publish."""
    outcome = client.post(f"{JOBS}/{job_id}/publish", json={"account_id": account_id, "mode": "FREE"}, headers=headers).json()
    if outcome["object"] == "LinkedinJobPostingPublishCheckpoint":
        assert outcome["type"] == "EMAIL_VERIFICATION"
        outcome = client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": account_id, "input": "123456"}, headers=headers).json()
    assert outcome["object"] == "LinkedinJobPostingPublished", outcome
    return outcome


def advance(client, seconds, headers=None):
    assert client.post("/_sim/clock/advance", json={"seconds": seconds}, headers=headers).status_code == 200


def test_a_draft_is_published_through_its_checkpoint_gets_applicants_and_closes(client):
    draft = create(client)
    assert draft["object"] == "LinkedinJobPostingDraftCreated"
    assert draft["publish_options"]["free"] == {"eligible": True, "ineligible_reason": None, "estimated_monthly_applicants": 40}
    job_id = draft["job_id"]
    assert get_job(client, job_id).json()["state"] == "draft"
    listed = client.get(JOBS, params={"account_id": ACCOUNT, "category": "draft"}).json()
    assert [j["id"] for j in listed["items"]] == [job_id] and listed["paging"] == {"page_count": 1, "total_count": 1}

    first = client.post(f"{JOBS}/{job_id}/publish", json={"account_id": ACCOUNT, "mode": "FREE"}).json()
    assert first == {"object": "LinkedinJobPostingPublishCheckpoint", "type": "EMAIL_VERIFICATION", "job_id": job_id}
    wrong = client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "000000"})
    assert_envelope(wrong, 401, "errors/invalid_checkpoint_solution", "input")
    assert get_job(client, job_id).json()["state"] == "draft"  # still waiting on the checkpoint
    solved = client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "123456"}).json()
    assert solved == {"object": "LinkedinJobPostingPublished", "job_state": "active", "job_id": job_id}
    again = client.post(f"{JOBS}/{job_id}/publish", json={"account_id": ACCOUNT, "mode": "FREE"})
    assert_envelope(again, 422, "errors/action_already_performed", "draft_id")

    job = get_job(client, job_id).json()
    assert job["state"] == "active" and job["applicants_counter"] == 0 and job["published_at"] == job["created_at"]
    assert job["screening_questions"] == [{"question": "How many years of experience do you have?", "favorableAnswers": ["2+"]}]
    assert job["hiring_team"][0]["can_send_free_inmail"] is True

    advance(client, WEEK_S)
    job = get_job(client, job_id).json()
    assert job["applicants_counter"] > 0 and job["views_counter"] >= 7 * job["applicants_counter"]

    closed = client.post(f"{JOBS}/{job_id}/close", params={"account_id": ACCOUNT})
    assert closed.json() == {"object": "LinkedinJobPostingClosed", "job_id": job_id}
    count = get_job(client, job_id).json()["applicants_counter"]
    advance(client, WEEK_S)
    job = get_job(client, job_id).json()
    assert job["state"] == "closed" and job["applicants_counter"] == count and "closed_at" in job
    assert_envelope(client.post(f"{JOBS}/{job_id}/close", params={"account_id": ACCOUNT}), 422, "errors/action_already_performed")
    assert [j["id"] for j in client.get(JOBS, params={"account_id": ACCOUNT, "category": "closed"}).json()["items"]] == [job_id]


def test_a_second_free_posting_is_the_documented_502_and_stays_a_draft(client):
    publish_free(client, create(client)["job_id"])
    second = create(client)
    assert second["publish_options"]["free"]["eligible"] is False
    refused = client.post(f"{JOBS}/{second['job_id']}/publish", json={"account_id": ACCOUNT, "mode": "FREE"})
    body = assert_envelope(refused, 502, "errors/invalid_parameters", "This draft is not eligible to free posting.")
    assert body["detail"].startswith("mode:")
    assert get_job(client, second["job_id"]).json()["state"] == "draft"


def test_a_promoted_publish_needs_a_budget_and_an_otp(client):
    job_id = create(client)["job_id"]
    no_budget = client.post(f"{JOBS}/{job_id}/publish", json={"account_id": ACCOUNT, "mode": "PROMOTED"})
    assert_envelope(no_budget, 400, "errors/missing_parameters", "budget")
    too_much = {"account_id": ACCOUNT, "mode": "PROMOTED", "budget": {"daily": {"currency": "USD", "amount": 9000}}}
    assert_envelope(client.post(f"{JOBS}/{job_id}/publish", json=too_much), 400, "errors/invalid_parameters", "budget.daily.amount")
    assert get_job(client, job_id).json()["state"] == "draft"
    body = {"account_id": ACCOUNT, "mode": "PROMOTED", "budget": {"daily": {"currency": "USD", "amount": 50}}}
    outcome = client.post(f"{JOBS}/{job_id}/publish", json=body).json()
    assert outcome["type"] == "EMAIL_VERIFICATION"
    outcome = client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "123456"}).json()
    assert outcome["type"] == "OTP"
    assert_envelope(client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "123456"}),
                    401, "errors/invalid_checkpoint_solution", "OTP")
    outcome = client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "654321"}).json()
    assert outcome["job_state"] == "active"
    advance(client, 86_400)
    assert get_job(client, job_id).json()["cost"] == 50


def test_a_description_with_a_link_is_reviewed_first(client):
    job_id = create(client, description="<p>Apply at https://acme.example/jobs</p>")["job_id"]
    assert publish_free(client, job_id)["job_state"] == "review"
    assert [j["id"] for j in client.get(JOBS, params={"account_id": ACCOUNT}).json()["items"]] == [job_id]
    advance(client, 4 * 3600)
    assert get_job(client, job_id).json()["state"] == "active"


def test_refusals_name_the_field_and_change_nothing(client):
    assert_envelope(client.post(JOBS, json=draft_body(client, location="1")), 400, "errors/invalid_parameters", "location")
    assert_envelope(client.post(JOBS, json=draft_body(client, workplace="MOON")), 400, "errors/invalid_parameters", "workplace")
    assert_envelope(client.post(JOBS, json=draft_body(client, description="<p> </p>")), 400, "errors/invalid_parameters", "description")
    question = {"question": "Ready?", "answer_type": "multiple_choices", "choices": ["Yes"], "expected_choices": ["No"]}
    assert_envelope(client.post(JOBS, json=draft_body(client, screening_questions=[question])), 400,
                    "errors/invalid_parameters", "screening_questions[0].expected_choices")
    recruiter = {"project": {"name": "Team"}, "functions": ["eng"], "industries": ["4"], "seniority": "DIRECTOR",
                 "apply_method": {"type": "external", "url": "https://acme.example"}}
    assert_envelope(client.post(JOBS, json=draft_body(client, recruiter=recruiter)), 403, "errors/feature_not_subscribed", "recruiter")
    assert client.get(JOBS, params={"account_id": ACCOUNT, "category": "draft"}).json()["items"] == []
    job_id = create(client)["job_id"]
    assert_envelope(get_job(client, job_id, service="RECRUITER"), 403, "errors/feature_not_subscribed")
    assert_envelope(client.get(f"{JOBS}/{job_id}", params={"account_id": ACCOUNT}), 400, "errors/missing_parameters", "service")
    assert_envelope(client.patch(f"{JOBS}/{job_id}", json={"account_id": ACCOUNT, "workplace": "MOON"}), 400, "errors/invalid_parameters", "workplace")
    assert client.patch(f"{JOBS}/{job_id}", json={"account_id": ACCOUNT, "workplace": "HYBRID"}).json() == {
        "object": "LinkedinJobPostingEdited", "job_id": job_id}
    assert get_job(client, job_id).json()["workplace"] == "HYBRID"
    assert_envelope(client.post(f"{JOBS}/{job_id}/close", params={"account_id": ACCOUNT}), 422, "errors/unprocessable_entity", "draft")
    assert_envelope(client.post(f"{JOBS}/{job_id}/checkpoint", json={"account_id": ACCOUNT, "input": "1"}), 422, "errors/unprocessable_entity")
    assert_envelope(get_job(client, "123"), 404, "errors/resource_not_found", "Job posting not found")
    assert_envelope(client.get(JOBS, params={"account_id": ACCOUNT, "category": "old"}), 400, "errors/invalid_parameters", "category")
    assert_envelope(client.get(JOBS, params={"account_id": ACCOUNT, "cursor": "bm9wZQ"}), 400, "errors/invalid_parameters", "cursor")
    gmail = next(a["id"] for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == "GOOGLE_OAUTH")
    assert_envelope(client.get(JOBS, params={"account_id": gmail}), 422, "errors/invalid_account")
    assert get_job(client, job_id).json()["state"] == "draft"


def test_applicants_are_filtered_paged_and_have_a_pdf_resume(client):
    job_id = create(client)["job_id"]
    publish_free(client, job_id)
    url = f"{JOBS}/{job_id}/applicants"
    assert client.get(url, params={"account_id": ACCOUNT}).json()["items"] == []
    advance(client, 2 * WEEK_S)
    everyone = client.get(url, params={"account_id": ACCOUNT}).json()
    total = everyone["paging"]["total_count"]
    assert total >= 4 and everyone["job_posting_id"] == job_id and everyone["cursor"] is None
    applied = [a["applied_at"] for a in everyone["items"]]
    assert applied == sorted(applied, reverse=True)  # newest first

    seen, cursor = [], None
    while True:
        params = {"account_id": ACCOUNT, "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get(url, params=params).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["cursor"]
        if cursor is None:
            break
    assert seen == [a["id"] for a in everyone["items"]]
    forged = "eyJsaXN0Ijoiam9iX2FwcGxpY2FudHMifQ"  # not a cursor this list returned
    assert_envelope(client.get(url, params={"account_id": ACCOUNT, "cursor": forged}), 400, "errors/invalid_parameters", "cursor")

    assert client.get(url, params={"account_id": ACCOUNT, "ratings": "UNRATED"}).json()["paging"]["total_count"] == total
    assert client.get(url, params={"account_id": ACCOUNT, "ratings": "GOOD_FIT,MAYBE"}).json()["items"] == []
    assert_envelope(client.get(url, params={"account_id": ACCOUNT, "ratings": "GREAT"}), 400, "errors/invalid_parameters", "ratings")
    first = everyone["items"][0]
    word = first["name"].split()[-1]
    found = client.get(url, params={"account_id": ACCOUNT, "keywords": word}).json()["items"]
    assert first["id"] in [a["id"] for a in found] and all(word.lower() in str(a).lower() for a in found)

    applicant = client.get(f"{JOBS}/applicants/{first['id']}", params={"account_id": ACCOUNT}).json()
    assert applicant == first and applicant["screening_questions"][0]["question"].startswith("How many years")
    resume = client.get(f"{JOBS}/applicants/{first['id']}/resume", params={"account_id": ACCOUNT})
    assert resume.status_code == 200 and resume.headers["content-type"] == "application/pdf"
    assert resume.content.startswith(b"%PDF-") and first["name"].encode("latin-1", "ignore") in resume.content
    assert "resume.pdf" in resume.headers["content-disposition"]
    assert_envelope(client.get(f"{JOBS}/applicants/1/resume", params={"account_id": ACCOUNT}), 404, "errors/resource_not_found", "Applicant not found")


def test_an_applicant_is_messaged_without_an_invitation_or_inmail(client):
    job_id = create(client)["job_id"]
    publish_free(client, job_id)
    advance(client, WEEK_S)
    applicant = client.get(f"{JOBS}/{job_id}/applicants", params={"account_id": ACCOUNT, "limit": 1}).json()["items"][0]
    body = {"account_id": ACCOUNT, "attendees_ids": [applicant["profile_id"]], "text": "Thanks for applying!",
            "linkedin": {"applicant_id": applicant["id"]}}
    started = client.post("/api/v1/chats", json=body)
    assert started.status_code == 201, started.text
    messages = client.get(f"/api/v1/chats/{started.json()['chat_id']}/messages").json()["items"]
    assert [m["text"] for m in messages] == ["Thanks for applying!"]
    wrong = body | {"attendees_ids": ["jane-doe"]}
    assert_envelope(client.post("/api/v1/chats", json=wrong), 422, "errors/invalid_recipient", "attendees_ids")
    unknown = body | {"linkedin": {"applicant_id": "1"}}
    assert_envelope(client.post("/api/v1/chats", json=unknown), 404, "errors/resource_not_found", "Applicant not found")


def recruiter_world(client):
    scenario = {"name": "recruiting", "accounts": [{"id": "rec", "provider": "LINKEDIN", "plan": "recruiter"}],
                "people": {"generate": 60, "listed": [{"first_name": "Jane", "last_name": "Doe", "public_identifier": "jane-doe"}]}}
    key = client.post("/_sim/tenants", json={"scenario": scenario}).json()["api_key"]
    return {"X-API-KEY": key}


def test_a_recruiter_posting_lives_in_its_project_with_the_pipeline(client):
    headers = recruiter_world(client)
    projects = client.get("/api/v1/linkedin/projects", params={"account_id": "rec"}, headers=headers).json()
    assert projects["object"] == "RecruiterHiringProjectList" and len(projects["items"]) == 2
    first = client.get("/api/v1/linkedin/projects", params={"account_id": "rec", "limit": 1}, headers=headers).json()
    second = client.get("/api/v1/linkedin/projects", params={"account_id": "rec", "cursor": first["cursor"]}, headers=headers).json()
    assert [p["id"] for p in first["items"] + second["items"]] == [p["id"] for p in projects["items"]]
    industry = client.get("/api/v1/linkedin/search/parameters", params={"account_id": "rec", "type": "INDUSTRY", "limit": 1},
                          headers=headers).json()["items"][0]["id"]
    recruiter = {"project": {"name": "Platform team"}, "functions": ["eng"], "industries": [industry],
                 "seniority": "MID_SENIOR_LEVEL", "apply_method": {"type": "linkedin", "notification_email": "jobs@acme.example",
                                                                   "resume_required": True}}
    job_id = create(client, "rec", headers=headers, recruiter=recruiter)["job_id"]
    outcome = client.post(f"{JOBS}/{job_id}/publish", json={"account_id": "rec", "mode": "FREE", "service": "RECRUITER"}, headers=headers)
    assert outcome.json()["job_state"] == "active"  # a Recruiter seat is verified with its contract
    project = next(p for p in client.get("/api/v1/linkedin/projects", params={"account_id": "rec"}, headers=headers).json()["items"]
                   if p["name"] == "Platform team")
    assert project["job_posting"]["id"] == job_id and project["job_posting"]["seniority"] == "MID_SENIOR_LEVEL"
    action = {"account_id": "rec", "api": "recruiter", "action": "addCandidateToPipeline", "hiring_project_id": project["id"]}
    assert client.post("/api/v1/linkedin/user/jane-doe", json=action, headers=headers).json()["success"] is True
    assert client.post("/api/v1/linkedin/user/jane-doe", json=action | {"stage": "REPLIED"}, headers=headers).status_code == 200
    read = client.get(f"/api/v1/linkedin/projects/{project['id']}", params={"account_id": "rec"}, headers=headers).json()
    assert [(c["public_identifier"], c["stage"]) for c in read["candidates"]] == [("jane-doe", "REPLIED")]
    assert_envelope(client.get("/api/v1/linkedin/projects/1", params={"account_id": "rec"}, headers=headers), 404,
                    "errors/resource_not_found", "Hiring project not found")
    assert_envelope(client.get("/api/v1/linkedin/projects", params={"account_id": ACCOUNT}), 403, "errors/feature_not_subscribed")
    assert_envelope(get_job(client, job_id, "rec", "CLASSIC", headers), 400, "errors/invalid_parameters", "service")

    advance(client, WEEK_S, headers)
    applicant = client.get(f"{JOBS}/{job_id}/applicants", params={"account_id": "rec", "service": "RECRUITER", "limit": 1},
                           headers=headers).json()["items"][0]
    body = {"account_id": "rec", "attendees_ids": [applicant["profile_id"]], "text": "Hello from the recruiting team",
            "linkedin": {"api": "recruiter", "job_posting_id": job_id}}
    started = client.post("/api/v1/chats", json=body, headers=headers)
    assert started.status_code == 201, started.text
    balance = client.get("/api/v1/linkedin/inmail_balance", params={"account_id": "rec"}, headers=headers).json()
    stranger = body | {"attendees_ids": ["jane-doe"]}  # did not apply to this posting
    assert_envelope(client.post("/api/v1/chats", json=stranger, headers=headers), 422, "errors/invalid_recipient", "attendees_ids")
    after = client.get("/api/v1/linkedin/inmail_balance", params={"account_id": "rec"}, headers=headers).json()
    assert after == balance  # writing to an applicant spends no InMail credit


def test_jobs_are_served_in_the_postpress_dialect(client):
    created = client.post("/v1/linkedin/jobs", json=draft_body(client))
    assert created.status_code == 200 and created.json()["object"] == "LinkedinJobPostingDraftCreated"
    job_id = created.json()["job_id"]
    listed = client.get("/v1/linkedin/jobs", params={"account_id": ACCOUNT, "category": "draft"}).json()
    assert [j["id"] for j in listed["items"]] == [job_id]
    refused = client.post(f"/v1/linkedin/jobs/{job_id}/publish", json={"account_id": ACCOUNT, "mode": "PROMOTED"})
    assert refused.status_code == 400 and "budget" in refused.json()["detail"]
