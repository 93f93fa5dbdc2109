"""POST /api/v1/linkedin/user/{user_id} (in-process, strict mode): Sales Navigator saveLead and
Recruiter addCandidateToPipeline, each gated by its seat."""

from tests.api.conftest import assert_envelope


def accounts_by_plan(client):
    items = [a for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == "LINKEDIN"]
    features = {a["id"]: a["connection_params"]["im"].get("premiumFeatures", []) for a in items}
    sales_nav = next(a for a, f in features.items() if "sales_navigator" in f)
    free = next(a for a, f in features.items() if not f)
    return sales_nav, free


def test_a_lead_is_saved_with_a_sales_navigator_seat_only(client):
    sales_nav, free = accounts_by_plan(client)
    body = {"account_id": sales_nav, "api": "sales_navigator", "action": "saveLead"}
    saved = client.post("/api/v1/linkedin/user/jane-doe", json=body)
    assert saved.json() == {"object": "LinkedinPerformActionOnUser", "success": True}
    assert client.post("/api/v1/linkedin/user/jane-doe", json=body | {"list_id": "q1"}).status_code == 200
    world = client.app.state.registry.get(client.headers["X-API-KEY"])
    assert [len(leads) for leads in world.member_actions.lead_lists.values()] == [1, 1]
    assert_envelope(client.post("/api/v1/linkedin/user/jane-doe", json=body | {"account_id": free}),
                    403, "errors/feature_not_subscribed", "sales_navigator")
    assert_envelope(client.post("/api/v1/linkedin/user/nobody-here", json=body), 404, "errors/resource_not_found")


def test_a_candidate_needs_a_recruiter_seat_and_a_project(client):
    sales_nav, _ = accounts_by_plan(client)
    body = {"account_id": sales_nav, "api": "recruiter", "action": "addCandidateToPipeline", "hiring_project_id": "p1"}
    assert_envelope(client.post("/api/v1/linkedin/user/jane-doe", json=body), 403, "errors/feature_not_subscribed", "recruiter")
    missing = {k: v for k, v in body.items() if k != "hiring_project_id"}
    assert_envelope(client.post("/api/v1/linkedin/user/jane-doe", json=missing), 400, "errors/missing_parameters", "hiring_project_id")
    assert_envelope(client.post("/api/v1/linkedin/user/jane-doe", json=body | {"api": "classic"}), 400, "errors/invalid_parameters", "api")


def test_a_recruiter_adds_a_candidate_to_a_pipeline_stage(client):
    scenario = {"name": "recruiting", "accounts": [{"id": "rec", "provider": "LINKEDIN", "plan": "recruiter"}],
                "people": {"generate": 10, "listed": [{"first_name": "Jane", "last_name": "Doe", "public_identifier": "jane-doe"}]}}
    key = client.post("/_sim/tenants", json={"scenario": scenario}).json()["api_key"]
    headers = {"X-API-KEY": key}
    project_id = client.get("/api/v1/linkedin/projects", params={"account_id": "rec"}, headers=headers).json()["items"][0]["id"]
    body = {"account_id": "rec", "api": "recruiter", "action": "addCandidateToPipeline", "hiring_project_id": project_id, "stage": "CONTACTED"}
    added = client.post("/api/v1/linkedin/user/jane-doe", json=body, headers=headers)
    assert added.json() == {"object": "LinkedinPerformActionOnUser", "success": True}
    project = client.get(f"/api/v1/linkedin/projects/{project_id}", params={"account_id": "rec"}, headers=headers).json()
    assert [(c["public_identifier"], c["stage"]) for c in project["candidates"]] == [("jane-doe", "CONTACTED")]
    # A project the account does not have is no pipeline: 404, and nothing is added anywhere.
    unknown = client.post("/api/v1/linkedin/user/jane-doe", json=body | {"hiring_project_id": "123"}, headers=headers)
    assert_envelope(unknown, 404, "errors/resource_not_found", "Hiring project not found")
    projects = client.get("/api/v1/linkedin/projects", params={"account_id": "rec"}, headers=headers).json()["items"]
    assert sum(len(p["candidates"]) for p in projects) == 1


def test_a_relations_skill_is_endorsed_by_its_endorsement_id(client):
    account_id = client.get("/api/v1/accounts").json()["items"][0]["id"]
    relation = client.get("/api/v1/users/relations", params={"account_id": account_id, "limit": 1}).json()["items"][0]
    profile = client.get(f"/api/v1/users/{relation['member_id']}", params={"account_id": account_id, "linkedin_sections": "skills"}).json()
    skill = profile["skills"][0]
    assert isinstance(skill["endorsement_id"], int) and skill["endorsed"] is False
    body = {"account_id": account_id, "profile_id": relation["member_id"], "skill_endorsement_id": skill["endorsement_id"]}
    for _ in range(2):  # endorsing twice counts once
        assert client.post("/api/v1/linkedin/profile/endorse", json=body).json() == {"object": "LinkedinProfileEndorse", "endorsed": True}
    after = client.get(f"/api/v1/users/{relation['member_id']}", params={"account_id": account_id, "linkedin_sections": "skills"}).json()["skills"][0]
    assert after["endorsed"] is True and after["endorsement_count"] == skill["endorsement_count"] + 1
    assert_envelope(client.post("/api/v1/linkedin/profile/endorse", json=body | {"skill_endorsement_id": 1}), 404, "errors/resource_not_found", "skill_endorsement_id")
    jane = client.get("/api/v1/users/jane-doe", params={"account_id": account_id, "linkedin_sections": "skills"}).json()
    stranger = {"account_id": account_id, "profile_id": jane["provider_id"], "skill_endorsement_id": jane["skills"][0]["endorsement_id"]}
    assert_envelope(client.post("/api/v1/linkedin/profile/endorse", json=stranger), 422, "errors/no_connection_with_recipient", "profile_id")
