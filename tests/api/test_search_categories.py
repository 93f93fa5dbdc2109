"""POST /linkedin/search beyond people (in-process, strict mode): companies, posts and jobs are
the world's own, so each result opens with the route that reads it; keywords narrow, cursors
page on, bad categories and filters are 400s naming the field."""

from datetime import UTC, datetime

import pytest

from tests.api.conftest import assert_envelope
from tests.api.test_jobs import ACCOUNT, create, get_job, publish_free

SEARCH = "/api/v1/linkedin/search"


def search(client, body, account_id=ACCOUNT, **params):
    return client.post(SEARCH, params={"account_id": account_id} | params, json=body)


def walk(client, body, limit):
    """Every result of a query, page by page through the cursors."""
    page = search(client, body, limit=limit).json()
    seen, starts = list(page["items"]), [page["paging"]["start"]]
    while page["cursor"] is not None:
        page = search(client, {"cursor": page["cursor"]}).json()
        assert page["config"] == {"params": body}
        starts.append(page["paging"]["start"])
        seen += page["items"]
    return seen, starts


def test_companies_are_the_world_companies(client):
    body = {"api": "classic", "category": "companies"}
    page = search(client, body, limit=5).json()
    assert page["object"] == "LinkedinSearch" and page["config"] == {"params": body}
    total = page["paging"]["total_count"]
    assert page["paging"] == {"start": 0, "page_count": 5, "total_count": total} and total > 5
    for item in page["items"]:
        assert item["object"] == "SearchResult" and item["type"] == "COMPANY"
        company = client.get(f"/api/v1/linkedin/company/{item['id']}", params={"account_id": ACCOUNT})
        assert company.status_code == 200, company.text
        company = company.json()
        assert company["name"] == item["name"]
        assert item["followers_count"] == company["followers_count"]
        assert item["profile_url"] == f"https://www.linkedin.com/company/{company['public_identifier']}/"
        assert item["headcount"] in ("1-10", "11-50", "51-200") and item["job_offers_count"] == 0
    seen, starts = walk(client, body, 7)
    assert len(seen) == len({item["id"] for item in seen}) == total
    assert starts == list(range(0, total, 7))


def test_company_keywords_and_filters_narrow(client):
    everyone = search(client, {"api": "classic", "category": "companies"}, limit=50).json()
    acme = search(client, {"api": "classic", "category": "companies", "keywords": "acme"}).json()
    assert [item["name"] for item in acme["items"]] == ["Acme Robotics"]
    assert acme["paging"]["total_count"] == 1 < everyone["paging"]["total_count"]
    small = {"api": "sales_navigator", "category": "companies", "headcount": [{"min": 1, "max": 10}]}
    found = search(client, small, limit=50).json()["items"]
    assert found and all(item["headcount"] == "1-10" for item in found)


def test_job_offers_show_on_companies_and_jobs_are_the_live_postings(client):
    jobs = {"api": "classic", "category": "jobs"}
    assert search(client, jobs).json()["paging"]["total_count"] == 0  # nothing published yet
    job_id = create(client, company={"id": "10000"}, job_title={"text": "Robotics Engineer"})["job_id"]
    assert search(client, jobs).json()["items"] == []  # a draft is not on the job board
    publish_free(client, job_id)
    (item,) = search(client, jobs).json()["items"]
    assert item["object"] == "SearchResult" and item["type"] == "JOB" and item["id"] == job_id
    job = get_job(client, job_id).json()
    published = datetime.fromtimestamp(job["published_at"] / 1000, UTC)
    assert item["title"] == job["title"]
    assert item["posted_at"] == published.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert item["company"]["id"] == "10000" and item["company"]["name"] == "Acme Robotics"
    assert search(client, jobs | {"keywords": "robotics eng"}).json()["paging"]["total_count"] == 1
    assert search(client, jobs | {"keywords": "accountant"}).json()["items"] == []
    assert search(client, jobs | {"company": ["10000"]}).json()["paging"]["total_count"] == 1
    hiring = {"api": "classic", "category": "companies", "has_job_offers": True}
    (acme,) = search(client, hiring).json()["items"]
    assert acme["id"] == "10000" and acme["job_offers_count"] == 1


def test_posts_are_the_world_posts(client):
    body = {"api": "classic", "category": "posts", "sort_by": "date"}
    page = search(client, body, limit=10).json()
    assert page["paging"]["total_count"] > 10
    dates = [item["parsed_datetime"] for item in page["items"]]
    assert dates == sorted(dates, reverse=True)
    for item in page["items"][:3]:
        assert item["object"] == "SearchResult" and item["type"] == "POST"
        post = client.get(f"/api/v1/posts/{item['id']}", params={"account_id": ACCOUNT}).json()
        assert (post["id"], post["text"], post["author"]) == (item["id"], item["text"], item["author"])
    nxt = search(client, {"cursor": page["cursor"]}).json()
    assert nxt["paging"]["start"] == 10 and not {i["id"] for i in nxt["items"]} & {i["id"] for i in page["items"]}


def test_post_keywords_and_date_narrow(client):
    everything = search(client, {"api": "classic", "category": "posts"}).json()["paging"]["total_count"]
    cold = search(client, {"api": "classic", "category": "posts", "keywords": "cold email"}, limit=50).json()
    assert 0 < cold["paging"]["total_count"] < everything
    assert all("cold email" in item["text"].lower() for item in cold["items"])
    recent = search(client, {"api": "classic", "category": "posts", "date_posted": "past_day"}).json()
    assert recent["paging"]["total_count"] < everything


def test_same_requests_same_answers(client):
    body = {"api": "classic", "category": "posts", "keywords": "hiring"}
    assert search(client, body).json() == search(client, body).json()


@pytest.mark.parametrize(
    ("body", "params", "mentions"),
    [
        ({"api": "classic", "category": "groups"}, {}, "category"),
        ({"api": "recruiter", "category": "companies"}, {}, "api"),
        ({"api": "sales_navigator", "category": "posts"}, {}, "api"),
        ({"api": "classic", "category": "posts", "sort_by": "oldest"}, {}, "sort_by"),
        ({"api": "classic", "category": "companies", "headcount": [{"min": 7}]}, {}, "headcount"),
        ({"api": "classic", "category": "jobs", "company": ["acme"]}, {}, "company"),
        ({"api": "classic", "category": "jobs", "school": ["1"]}, {}, "school"),
        ({"api": "classic", "category": "companies"}, {"limit": 51}, "limit"),
    ],
)
def test_bad_categories_and_filters_are_400s_naming_the_field(client, body, params, mentions):
    body_json = assert_envelope(search(client, body, **params), 400, "errors/invalid_parameters")
    assert body_json["detail"].startswith(mentions), body_json
