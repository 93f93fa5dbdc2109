"""Instagram posts over /api/v1 (in-process, strict mode): a member's posts in Instagram's shape,
found by media id or shortcode, likes and comments that move the counters, posting with a
picture and a place, the network answering on the clock, and the 4xx of input Instagram
refuses (nothing changes after a refusal)."""

import pytest

from tests.api.conftest import assert_envelope


def account_of(client, provider):
    return next(a for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == provider)


def instagram(client):
    return account_of(client, "INSTAGRAM")["id"]


def posts_of(client, account_id, identifier, **params):
    response = client.get(f"/api/v1/users/{identifier}/posts", params={"account_id": account_id, **params})
    assert response.status_code == 200, response.text
    return response.json()


def a_post(client, account_id, with_comments=False):
    """A post of someone who follows the account, with comments when asked."""
    followers = client.get("/api/v1/users/followers", params={"account_id": account_id, "limit": 100}).json()["items"]
    for follower in followers:
        if follower["is_private"]:
            continue
        for post in posts_of(client, account_id, follower["username"])["items"]:
            if post["comment_count"] or not with_comments:
                return post
    raise AssertionError("no Instagram post among the followers")


def get(client, account_id, reference):
    return client.get(f"/api/v1/posts/{reference}", params={"account_id": account_id})


def test_a_members_posts_have_instagrams_shape_and_counters_that_agree(client):
    account_id = instagram(client)
    post = a_post(client, account_id, with_comments=True)
    assert post["provider"] == "INSTAGRAM" and post["object"] == "Post" and "social_id" not in post
    assert post["share_url"].endswith(f"/{post['shortcode']}/") and post["caption"]["text"]
    owner = post["owner"]["username"]
    listed = posts_of(client, account_id, owner)["items"]
    created = [p["caption"]["created_at"] for p in listed]
    assert created == sorted(created, reverse=True)
    likes = client.get(f"/api/v1/posts/{post['provider_id']}/reactions", params={"account_id": account_id, "limit": 100}).json()
    assert likes["paging"]["total_count"] == post["like_count"] and {r["value"] for r in likes["items"]} <= {"LIKE"}
    comments = client.get(f"/api/v1/posts/{post['shortcode']}/comments", params={"account_id": account_id}).json()
    assert comments["total_items"] + sum(c["child_comment_count"] for c in comments["items"]) == post["comment_count"]
    assert all(c["parent_comment_id"] is None and c["author"]["public_identifier"] for c in comments["items"])
    by_user_id = posts_of(client, account_id, post["owner"]["id"])
    assert by_user_id["items"] == listed  # the user id, the username: the same member


def test_a_post_is_found_by_media_id_or_shortcode_only(client):
    account_id = instagram(client)
    post = a_post(client, account_id)
    assert get(client, account_id, post["provider_id"]).json() == post == get(client, account_id, post["shortcode"]).json()
    for wrong in (f"urn:li:activity:{post['provider_id']}", str(int(post["provider_id"]) + 1), "zzzz"):
        assert_envelope(get(client, account_id, wrong), 404, "errors/resource_not_found", "post_id")


def test_liking_and_commenting_move_the_counters_once(client):
    account_id = instagram(client)
    post = a_post(client, account_id)
    for _ in range(2):  # liking again changes nothing
        like = client.post("/api/v1/posts/reaction", json={"account_id": account_id, "post_id": post["shortcode"]})
        assert like.status_code == 201 and like.json() == {"object": "ReactionAdded"}
    sent = client.post(f"/api/v1/posts/{post['provider_id']}/comments", json={"account_id": account_id, "text": "Lovely!"})
    assert sent.status_code == 201
    after = get(client, account_id, post["provider_id"]).json()
    assert after["has_liked"] and after["like_count"] == post["like_count"] + 1
    assert after["comment_count"] == post["comment_count"] + 1
    comments = client.get(f"/api/v1/posts/{post['provider_id']}/comments", params={"account_id": account_id}).json()["items"]
    mine = comments[-1]
    assert mine["text"] == "Lovely!" and mine["author"]["provider_id"] == account_of(client, "INSTAGRAM")["connection_params"]["im"]["id"]
    reply = client.post(f"/api/v1/posts/{post['provider_id']}/comments",
                        json={"account_id": account_id, "text": "Thanks", "comment_id": mine["provider_id"]})
    assert reply.status_code == 201
    liked = client.post("/api/v1/posts/reaction", json={"account_id": account_id, "post_id": post["provider_id"], "comment_id": mine["provider_id"]})
    assert liked.status_code == 201
    thread = client.get(f"/api/v1/posts/{post['provider_id']}/comments", params={"account_id": account_id}).json()["items"][-1]
    assert thread["child_comment_count"] == 1 and thread["comment_like_count"] == 1 and thread["has_liked_comment"]
    replies = client.get(f"/api/v1/posts/{post['provider_id']}/comments",
                         params={"account_id": account_id, "comment_id": mine["provider_id"]}).json()["items"]
    assert [(r["text"], r["parent_comment_id"]) for r in replies] == [("Thanks", mine["provider_id"])]


@pytest.mark.parametrize(
    ("path", "body", "status", "error_type", "names"),
    [
        ("/api/v1/posts/reaction", {"reaction_type": "love"}, 400, "errors/invalid_parameters", "reaction_type"),
        ("/api/v1/posts/reaction", {"as_organization": "10000"}, 400, "errors/invalid_parameters", "as_organization"),
        ("comments", {"text": "x" * 2201}, 400, "errors/too_many_characters", "text"),
        ("comments", {"text": "hi", "external_link": "https://example.com"}, 400, "errors/invalid_parameters", "external_link"),
        ("comments", {"text": "hi", "comment_id": "123"}, 404, "errors/resource_not_found", "comment_id"),
    ],
)
def test_refused_likes_and_comments_name_the_field_and_change_nothing(client, path, body, status, error_type, names):
    account_id = instagram(client)
    post = a_post(client, account_id)
    if path == "comments":
        response = client.post(f"/api/v1/posts/{post['provider_id']}/comments", json={"account_id": account_id} | body)
    else:
        response = client.post(path, json={"account_id": account_id, "post_id": post["provider_id"]} | body)
    assert_envelope(response, status, error_type, names)
    assert get(client, account_id, post["provider_id"]).json() == post


def test_posting_a_picture_with_a_place_then_the_network_answers(client):
    account_id = instagram(client)
    me = account_of(client, "INSTAGRAM")["connection_params"]["im"]["id"]
    created = client.post("/api/v1/posts", data={"account_id": account_id, "text": "Launch day 🚀", "location": "Lisbon, Portugal"},
                          files={"attachments": ("launch.jpg", b"\xff\xd8\xff", "image/jpeg")})
    assert created.status_code == 201, created.text
    post_id = created.json()["post_id"]
    post = get(client, account_id, post_id).json()
    assert post["location"] == {"name": "Lisbon, Portugal", "lat": 38.7223, "lng": -9.1393}
    assert (post["like_count"], post["comment_count"], post["has_audio"]) == (0, 0, False) and "video" not in post
    assert [p["provider_id"] for p in posts_of(client, account_id, me)["items"]] == [post_id]
    fired = client.post("/_sim/clock/advance", json={"seconds": 2 * 86_400}).json()["fired"]
    kinds = [event["kind"] for event in fired if event.get("post_id") == post_id]
    later = get(client, account_id, post_id).json()
    assert 3 <= later["like_count"] == kinds.count("post_like") and later["comment_count"] == kinds.count("post_comment")


@pytest.mark.parametrize(
    ("fields", "files", "status", "error_type", "names"),
    [
        ({"text": "no picture"}, None, 400, "errors/invalid_parameters", "attachments"),
        ({"text": ""}, {"attachments": ("a.jpg", b"x", "image/jpeg")}, 400, "errors/invalid_parameters", "text"),
        ({"text": "x" * 2201}, {"attachments": ("a.jpg", b"x", "image/jpeg")}, 400, "errors/too_many_characters", "text"),
        ({"text": "hi", "as_organization": "1"}, {"attachments": ("a.jpg", b"x", "image/jpeg")}, 400, "errors/invalid_parameters", "as_organization"),
        ({"text": "hi", "mentions": "[]"}, {"attachments": ("a.jpg", b"x", "image/jpeg")}, 400, "errors/invalid_parameters", "mentions"),
    ],
)
def test_a_refused_instagram_post_names_the_field_and_publishes_nothing(client, fields, files, status, error_type, names):
    account_id = instagram(client)
    me = account_of(client, "INSTAGRAM")["connection_params"]["im"]["id"]
    parts = {name: (None, value) for name, value in ({"account_id": account_id} | fields).items()}
    response = client.post("/api/v1/posts", files=parts | (files or {}))
    assert_envelope(response, status, error_type, names)
    assert posts_of(client, account_id, me)["items"] == []


def test_location_is_instagrams_and_companies_are_linkedins(client):
    linkedin = account_of(client, "LINKEDIN")["id"]
    assert_envelope(client.post("/api/v1/posts", json={"account_id": linkedin, "text": "hi", "location": "Paris, France"}),
                    400, "errors/invalid_parameters", "location")
    account_id = instagram(client)
    assert_envelope(client.get("/api/v1/users/jane.doe/posts", params={"account_id": account_id, "is_company": "true"}),
                    400, "errors/invalid_parameters", "is_company")
    assert_envelope(client.get("/api/v1/users/no.such.user/posts", params={"account_id": account_id}),
                    404, "errors/resource_not_found")


def test_a_private_user_the_account_does_not_follow_cannot_be_read(client):
    account_id = instagram(client)
    following = client.get("/api/v1/users/following", params={"account_id": account_id, "limit": 1000}).json()["items"]
    followed = {f["member_id"] for f in following}
    followers = client.get("/api/v1/users/followers", params={"account_id": account_id, "limit": 1000}).json()["items"]
    private = next(f for f in followers if f["is_private"] and f["id"] not in followed)
    assert_envelope(client.get(f"/api/v1/users/{private['username']}/posts", params={"account_id": account_id}),
                    422, "errors/invalid_recipient", "identifier")
    readable = next(f for f in followers if f["is_private"] and f["id"] in followed)
    assert posts_of(client, account_id, readable["username"])["object"] == "PostList"
