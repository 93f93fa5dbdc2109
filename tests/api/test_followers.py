"""GET /api/v1/users/followers and /following (in-process, strict mode): LinkedIn followers are
the relations and a few more members; Instagram's, the members who follow back, and who the
account or another user follows; LinkedIn's following is the relations list."""

from tests.api.conftest import assert_envelope


def account_of(client, provider):
    return next(a for a in client.get("/api/v1/accounts").json()["items"] if a["type"] == provider)


def every(client, path, **params):
    items, page = [], client.get(path, params=params | {"limit": 100}).json()
    while True:
        items += page["items"]
        if page["cursor"] is None:
            return items
        page = client.get(path, params={"account_id": params["account_id"], "cursor": page["cursor"]}).json()


def test_linkedin_followers_are_the_relations_and_a_few_more(client):
    account = account_of(client, "LINKEDIN")
    followers = every(client, "/api/v1/users/followers", account_id=account["id"])
    relations = every(client, "/api/v1/users/relations", account_id=account["id"])
    ids = [f["id"] for f in followers]
    assert len(ids) == len(set(ids)) and {r["member_id"] for r in relations} < set(ids)
    assert all(f["urn"].startswith("urn:li:member:") and f["profile_url"] for f in followers)
    following = every(client, "/api/v1/users/following", account_id=account["id"])
    assert [f["member_id"] for f in following] == [r["member_id"] for r in relations]
    own = client.get("/api/v1/users/followers", params={"account_id": account["id"], "user_id": account["connection_params"]["im"]["id"], "limit": 3}).json()
    assert [f["id"] for f in own["items"]] == ids[:3]


def test_instagram_followers_have_instagram_shapes(client):
    account = account_of(client, "INSTAGRAM")
    followers = every(client, "/api/v1/users/followers", account_id=account["id"])
    assert followers and all(set(f) >= {"messaging_id", "username", "is_private", "is_verified"} for f in followers)
    following = every(client, "/api/v1/users/following", account_id=account["id"])
    assert following and all(f["object"] == "UserRelation" and f["public_profile_url"].startswith("https://www.instagram.com/")
                             for f in following)
    ids = [f["member_id"] for f in following]
    assert len(ids) == len(set(ids)) and set(ids) != {f["id"] for f in followers}  # two lists, not one


def test_another_instagram_users_followers_and_following(client):
    account = account_of(client, "INSTAGRAM")
    someone = every(client, "/api/v1/users/followers", account_id=account["id"])[0]
    for path in ("/api/v1/users/followers", "/api/v1/users/following"):
        by_name = every(client, path, account_id=account["id"], user_id=someone["username"])
        by_id = every(client, path, account_id=account["id"], user_id=someone["id"])
        assert by_name == by_id and by_name
        key = "id" if path.endswith("followers") else "member_id"
        assert someone["id"] not in {f[key] for f in by_name}  # nobody follows themselves
    followers = every(client, "/api/v1/users/followers", account_id=account["id"], user_id=someone["username"])
    following = every(client, "/api/v1/users/following", account_id=account["id"], user_id=someone["username"])
    assert {f["id"] for f in followers} != {f["member_id"] for f in following}
    assert_envelope(client.get("/api/v1/users/following", params={"account_id": account["id"], "user_id": "nobody.here"}),
                    404, "errors/resource_not_found")


def test_others_followers_and_other_providers_are_501(client):
    linkedin = account_of(client, "LINKEDIN")
    assert_envelope(client.get("/api/v1/users/followers", params={"account_id": linkedin["id"], "user_id": "jane-doe"}),
                    501, "errors/feature_not_implemented", "user_id")
    whatsapp = account_of(client, "WHATSAPP")
    assert_envelope(client.get("/api/v1/users/followers", params={"account_id": whatsapp["id"]}), 501, "errors/feature_not_implemented", "account_id")


def test_a_cursor_keeps_the_user_it_was_made_for(client):
    account = account_of(client, "INSTAGRAM")
    someone = every(client, "/api/v1/users/followers", account_id=account["id"])[0]
    for path in ("/api/v1/users/followers", "/api/v1/users/following"):
        whole = every(client, path, account_id=account["id"], user_id=someone["username"])
        first = client.get(path, params={"account_id": account["id"], "user_id": someone["username"], "limit": 2}).json()
        rest = every(client, path, account_id=account["id"], cursor=first["cursor"])  # no user_id: the cursor's
        assert first["items"] + rest == whole
        mixed = client.get(path, params={"account_id": account["id"], "user_id": account["id"], "cursor": first["cursor"]})
        assert_envelope(mixed, 400, "errors/invalid_parameters", "cursor")
