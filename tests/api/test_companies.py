"""Company pages over /api/v1/linkedin/company/{identifier} (in-process, strict mode): the
network's companies by id, slug or urn, with the network's employees; an organization the
account administers with the admin's permissions."""


from tests.api.conftest import assert_envelope


def test_a_company_of_the_network_has_its_members_as_employees(client):
    account_id = client.get("/api/v1/accounts").json()["items"][1]["id"]  # administers nothing
    relations = client.get("/api/v1/users/relations", params={"account_id": account_id, "limit": 1}).json()["items"]
    profile = client.get(f"/api/v1/users/{relations[0]['member_id']}", params={"account_id": account_id, "linkedin_sections": "*"}).json()
    company = profile["work_experience"][0]["company"]
    by_name = client.get("/api/v1/linkedin/search/parameters", params={"account_id": account_id, "type": "COMPANY", "keywords": company}).json()["items"]
    company_id = next(item["id"] for item in by_name if item["title"] == company)
    page = client.get(f"/api/v1/linkedin/company/{company_id}", params={"account_id": account_id}).json()
    assert page["name"] == company and page["employee_count"] >= 1
    low, high = page["employee_count_range"]["from"], page["employee_count_range"]["to"]
    assert low <= page["employee_count"] <= high
    for other in (page["public_identifier"], page["entity_urn"]):
        assert client.get(f"/api/v1/linkedin/company/{other}", params={"account_id": account_id}).json() == page
    assert not any(page["viewer_permissions"][name] for name in ("canCreateOrganicShare", "canReadAdminDashboard"))


def test_an_administered_organization_shows_admin_permissions(client):
    account = client.get("/api/v1/accounts").json()["items"][0]
    org = account["connection_params"]["im"]["organizations"][0]
    page = client.get(f"/api/v1/linkedin/company/{org['organization_urn']}", params={"account_id": account["id"]}).json()
    assert page["name"] == org["name"] and page["viewer_permissions"]["canCreateOrganicShare"] is True


def test_unknown_companies_and_non_linkedin_accounts(client):
    accounts = client.get("/api/v1/accounts").json()["items"]
    assert_envelope(client.get("/api/v1/linkedin/company/no-such-co", params={"account_id": accounts[0]["id"]}), 404, "errors/resource_not_found", "Company")
    whatsapp = next(a["id"] for a in accounts if a["type"] == "WHATSAPP")
    assert_envelope(client.get("/api/v1/linkedin/company/acme-robotics", params={"account_id": whatsapp}), 422, "errors/invalid_account")
