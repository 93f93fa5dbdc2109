"""Scenario caps on profile views, comments and reactions (in-process, strict mode): 429 over
the cap, naming when the next is possible; a day later the window has rolled."""

from tests.api.conftest import DEFAULT_KEY, assert_envelope

SCENARIO = {
    "name": "capped",
    "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": "premium"}],
    "people": {"generate": 20, "listed": [{"first_name": "Jane", "last_name": "Doe", "public_identifier": "jane-doe"}]},
    "limits": {"profile_views_per_day": 2, "comments_per_day": 1, "reactions_per_day": 1},
}


def test_caps_refuse_the_next_action_until_the_window_rolls(client):
    client.headers["X-API-KEY"] = client.post("/_sim/tenants", json={"scenario": SCENARIO}).json()["api_key"]
    try:
        for _ in range(2):
            assert client.get("/api/v1/users/jane-doe", params={"account_id": "li"}).status_code == 200
        assert_envelope(client.get("/api/v1/users/jane-doe", params={"account_id": "li"}), 429,
                        "errors/too_many_requests", "daily profile view limit reached (2 in 24 hours)")
        post = client.get("/api/v1/users/jane-doe/posts", params={"account_id": "li"}).json()["items"][0]
        comment = {"account_id": "li", "text": "Nice"}
        assert client.post(f"/api/v1/posts/{post['social_id']}/comments", json=comment).status_code == 201
        refused = client.post(f"/api/v1/posts/{post['social_id']}/comments", json=comment)
        assert_envelope(refused, 429, "errors/too_many_requests", "comment")
        reaction = {"account_id": "li", "post_id": post["social_id"]}
        assert client.post("/api/v1/posts/reaction", json=reaction).status_code == 201
        assert_envelope(client.post("/api/v1/posts/reaction", json=reaction), 429, "errors/too_many_requests", "reaction")
        read = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": "li"}).json()
        assert read["comment_counter"] == post["comment_counter"] + 1  # the refused one counts nowhere
        client.post("/_sim/clock/advance", json={"seconds": 86_400})
        assert client.get("/api/v1/users/jane-doe", params={"account_id": "li"}).status_code == 200
        assert client.post(f"/api/v1/posts/{post['social_id']}/comments", json=comment).status_code == 201
    finally:
        client.headers["X-API-KEY"] = DEFAULT_KEY
