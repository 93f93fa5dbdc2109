"""POST /api/v1/linkedin, the raw proxy (in-process, strict mode): profile and company URLs
answer the world's data, other LinkedIn URLs an empty `data`, other hosts a 400."""

import pytest

from tests.api.conftest import assert_envelope


def linkedin(client) -> str:
    return client.get("/api/v1/accounts").json()["items"][0]["id"]


def raw(client, **body):
    return client.post("/api/v1/linkedin", json={"account_id": linkedin(client)} | body)


@pytest.mark.parametrize("url", [
    "https://www.linkedin.com/in/jane-doe/",
    "https://www.linkedin.com/voyager/api/identity/profiles/jane-doe/profileView",
])
def test_a_profile_url_answers_the_profile_the_api_shows(client, url):
    answered = raw(client, request_url=url)
    assert answered.status_code == 200, answered.text
    profile = client.get("/api/v1/users/jane-doe", params={"account_id": linkedin(client)}).json()
    assert answered.json() == {"object": "LinkedinRawData", "data": profile}


def test_a_company_url_answers_its_page(client):
    page = client.get("/api/v1/linkedin/company/globex", params={"account_id": linkedin(client)}).json()
    assert raw(client, request_url="https://www.linkedin.com/company/globex/").json()["data"] == page
    voyager = raw(client, request_url="https://www.linkedin.com/voyager/api/organization/companies",
                  query_params={"universalName": "globex"})
    assert voyager.json()["data"] == {"elements": [page]}


def test_other_urls_and_methods_answer_empty_data(client):
    for body in ({"request_url": "https://www.linkedin.com/feed/"},
                 {"request_url": "https://www.linkedin.com/in/jane-doe/", "method": "POST", "body": {"a": 1}}):
        assert raw(client, **body).json() == {"object": "LinkedinRawData", "data": {}}


def test_bad_urls_and_accounts(client):
    assert_envelope(raw(client, request_url="https://evil.example/in/x"), 400, "errors/invalid_url", "request_url")
    assert_envelope(raw(client, request_url="http://www.linkedin.com/in/jane-doe/"), 400, "errors/invalid_url", "request_url")
    assert_envelope(raw(client, request_url="https://www.linkedin.com/in/x/", method="HEAD"), 400, "errors/invalid_parameters", "method")
    assert_envelope(raw(client, request_url="https://www.linkedin.com/in/nobody-at-all/"), 404, "errors/resource_not_found")
    whatsapp = next(a["id"] for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == "WHATSAPP")
    refused = client.post("/api/v1/linkedin", json={"account_id": whatsapp, "request_url": "https://www.linkedin.com/feed/"})
    assert_envelope(refused, 422, "errors/invalid_account")
