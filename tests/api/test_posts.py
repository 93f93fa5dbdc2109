"""LinkedIn posts over /api/v1 (in-process, strict mode): a member's and a company's posts, one
post by each of its ids, comments and replies, reactions in both vocabularies, counters that
agree with the lists, and the 4xx of confused ids and bad input."""

import pytest

from tests.api.conftest import assert_envelope


def linkedin(client) -> str:
    return client.get("/api/v1/accounts").json()["items"][0]["id"]


def posts_of(client, account_id, identifier="jane-doe", **params):
    response = client.get(f"/api/v1/users/{identifier}/posts", params={"account_id": account_id, **params})
    assert response.status_code == 200, response.text
    return response.json()


def a_post(client, account_id, kind="activity"):
    """A post of the network whose social id is an `urn:li:<kind>:` urn."""
    for person in client.get("/api/v1/users/relations", params={"account_id": account_id, "limit": 200}).json()["items"]:
        for post in posts_of(client, account_id, person["member_id"])["items"]:
            if post["social_id"].startswith(f"urn:li:{kind}:"):
                return post
    raise AssertionError(f"no {kind} post in the network")


def test_a_members_posts_newest_first_with_counters_that_agree(client):
    account_id = linkedin(client)
    listed = posts_of(client, account_id)
    assert listed["object"] == "PostList" and listed["items"]
    dates = [p["parsed_datetime"] for p in listed["items"]]
    assert dates == sorted(dates, reverse=True)
    post = listed["items"][0]
    assert post["author"]["public_identifier"] == "jane-doe" and post["author"]["is_company"] is False
    reactions = client.get(f"/api/v1/posts/{post['social_id']}/reactions", params={"account_id": account_id, "limit": 100}).json()
    assert reactions["paging"]["total_count"] == post["reaction_counter"] == len(reactions["items"])
    comments = client.get(f"/api/v1/posts/{post['social_id']}/comments", params={"account_id": account_id}).json()
    replies = sum(c["reply_counter"] for c in comments["items"])
    assert comments["total_items"] + replies == post["comment_counter"]
    assert posts_of(client, account_id) == listed  # drawn once, the same every time


def test_a_page_of_posts_and_its_cursor(client):
    account_id = linkedin(client)
    company = posts_of(client, account_id, "10000", is_company="true")
    assert len(company["items"]) >= 3 and all(p["author"]["is_company"] for p in company["items"])
    first = posts_of(client, account_id, "10000", is_company="true", limit=2)
    assert len(first["items"]) == 2 and first["cursor"]
    rest = posts_of(client, account_id, "10000", is_company="true", cursor=first["cursor"])
    assert [p["id"] for p in first["items"] + rest["items"]] == [p["id"] for p in company["items"]]
    other = client.get("/api/v1/users/jane-doe/posts", params={"account_id": account_id, "cursor": first["cursor"]})
    assert_envelope(other, 400, "errors/invalid_parameters", "cursor")
    assert posts_of(client, account_id, "acme-robotics", is_company="true") == company


def test_a_post_is_found_by_each_of_its_ids_and_only_those(client):
    account_id = linkedin(client)
    for kind in ("activity", "ugcPost", "share"):
        post = a_post(client, account_id, kind)
        for reference in {post["id"], post["social_id"], f"urn:li:activity:{post['id']}"}:
            got = client.get(f"/api/v1/posts/{reference}", params={"account_id": account_id})
            assert got.status_code == 200 and got.json()["id"] == post["id"], reference
        wrong_kind = "share" if kind == "ugcPost" else "ugcPost"
        confused = post["social_id"].replace(f":{kind}:", f":{wrong_kind}:")
        assert_envelope(client.get(f"/api/v1/posts/{confused}", params={"account_id": account_id}), 404, "errors/resource_not_found")
        if kind != "activity":  # commenting needs the social id: the activity id is refused
            refused = client.post(f"/api/v1/posts/{post['id']}/comments", json={"account_id": account_id, "text": "Hi"})
            assert_envelope(refused, 404, "errors/resource_not_found", "social_id")
    assert_envelope(client.get("/api/v1/posts/7000000000000000000", params={"account_id": account_id}), 404, "errors/resource_not_found")


def test_commenting_and_replying_shows_in_the_list_and_the_counter(client):
    account_id = linkedin(client)
    post = a_post(client, account_id)
    path = f"/api/v1/posts/{post['social_id']}/comments"
    sent = client.post(path, json={"account_id": account_id, "text": "Great insights, thanks!"})
    assert sent.status_code == 201 and sent.json() == {"object": "CommentSent"}
    comments = client.get(path, params={"account_id": account_id}).json()["items"]
    mine = comments[-1]
    assert mine["text"] == "Great insights, thanks!" and mine["author"] == client.get("/api/v1/accounts").json()["items"][0]["name"]
    reply = client.post(path, json={"account_id": account_id, "text": "And one more thing", "comment_id": mine["id"]})
    assert reply.status_code == 201
    replies = client.get(path, params={"account_id": account_id, "comment_id": mine["id"]}).json()["items"]
    assert [r["text"] for r in replies] == ["And one more thing"]
    after = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert after["comment_counter"] == post["comment_counter"] + 2


def test_reacting_writes_one_vocabulary_and_reads_the_other(client):
    account_id = linkedin(client)
    post = a_post(client, account_id)
    react = {"account_id": account_id, "post_id": post["social_id"]}
    assert client.post("/api/v1/posts/reaction", json=react).json() == {"object": "ReactionAdded"}
    assert client.post("/api/v1/posts/reaction", json=react | {"reaction_type": "insightful"}).status_code == 201
    read = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert read["user_reacted"] == "INTEREST" and read["reaction_counter"] == post["reaction_counter"] + 1
    reactions = client.get(f"/api/v1/posts/{post['social_id']}/reactions", params={"limit": 1}).json()
    assert reactions["items"][0]["value"] == "INTEREST" and "network_distance" not in reactions["items"][0]["author"]
    assert reactions["paging"]["cursor"] and reactions["paging"]["total_count"] == read["reaction_counter"]


@pytest.mark.parametrize(
    ("body", "status", "error_type", "names"),
    [
        ({"text": "x" * 1251}, 400, "errors/too_many_characters", "text"),
        ({"text": ""}, 400, "errors/invalid_parameters", "text"),
        ({"text": "Hi", "as_organization": "12345678"}, 400, "errors/invalid_parameters", "as_organization"),
        ({"text": "Hi", "comment_id": "123"}, 404, "errors/resource_not_found", "comment_id"),
    ],
)
def test_a_refused_comment_names_the_field_and_changes_no_counter(client, body, status, error_type, names):
    account_id = linkedin(client)
    post = a_post(client, account_id)
    response = client.post(f"/api/v1/posts/{post['social_id']}/comments", json={"account_id": account_id} | body)
    assert_envelope(response, status, error_type, names)
    after = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert after["comment_counter"] == post["comment_counter"]


def test_an_unknown_reaction_type_is_a_400_naming_it(client):
    account_id = linkedin(client)
    post = a_post(client, account_id)
    refused = client.post("/api/v1/posts/reaction", json={"account_id": account_id, "post_id": post["social_id"], "reaction_type": "wow"})
    assert_envelope(refused, 400, "errors/invalid_parameters", "reaction_type")
    after = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert after["reaction_counter"] == post["reaction_counter"] and "user_reacted" not in after


def test_posts_need_a_linkedin_account_and_a_known_member(client):
    accounts = client.get("/api/v1/accounts").json()["items"]
    whatsapp = next(a["id"] for a in accounts if a["type"] == "WHATSAPP")
    assert_envelope(client.get("/api/v1/users/jane-doe/posts", params={"account_id": whatsapp}), 422, "errors/invalid_account")
    assert_envelope(client.get("/api/v1/users/nobody-here/posts", params={"account_id": accounts[0]["id"]}), 404, "errors/resource_not_found")


def test_a_post_published_lists_under_the_account_and_takes_comments(client):
    account = client.get("/api/v1/accounts").json()["items"][0]
    account_id = account["id"]
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    jane = client.get("/api/v1/users/jane-doe", params={"account_id": account_id}).json()
    created = client.post("/api/v1/posts", files=[
        ("account_id", (None, account_id)),
        ("text", (None, "Thrilled to share our case study with {{0}}!")),
        ("mentions", (None, f'[{{"name": "Jane Doe", "profile_id": "{jane["provider_id"]}"}}]')),
        ("attachments", ("chart.png", b"\x89PNG\r\n\x1a\n", "image/png")),
    ])
    assert created.status_code == 201, created.text
    post_id = created.json()["post_id"]
    mine = posts_of(client, account_id, me["provider_id"])["items"]
    assert [p["id"] for p in mine] == [post_id]
    post = mine[0]
    assert post["text"] == "Thrilled to share our case study with Jane Doe!"
    assert post["author"]["name"] == account["name"] and len(post["attachments"]) == 1
    assert (post["reaction_counter"], post["comment_counter"]) == (0, 0)
    assert client.post(f"/api/v1/posts/{post['social_id']}/comments", json={"account_id": account_id, "text": "First!"}).status_code == 201
    assert client.get(f"/api/v1/posts/{post_id}", params={"account_id": account_id}).json()["comment_counter"] == 1


def test_a_post_as_an_organization_the_account_administers(client):
    account = client.get("/api/v1/accounts").json()["items"][0]
    organizations = account["connection_params"]["im"]["organizations"]
    numeric = organizations[0]["organization_urn"].rsplit(":", 1)[1]
    created = client.post("/api/v1/posts", json={"account_id": account["id"], "text": "We are hiring!", "as_organization": numeric})
    assert created.status_code == 201, created.text
    post = client.get(f"/api/v1/posts/{created.json()['post_id']}", params={"account_id": account["id"]}).json()
    assert post["author"] == {"public_identifier": f"acme-robotics-{numeric}", "id": numeric,
                              "name": organizations[0]["name"], "is_company": True}
    as_org = posts_of(client, account["id"], numeric, is_company="true")["items"]
    assert [p["id"] for p in as_org] == [post["id"]]
    me = client.get("/api/v1/users/me", params={"account_id": account["id"]}).json()
    assert posts_of(client, account["id"], me["provider_id"])["items"] == []  # not the member's


@pytest.mark.parametrize(
    ("body", "status", "error_type", "names"),
    [
        ({"text": "Hello {{1}}", "mentions": [{"name": "A", "profile_id": "x"}]}, 400, "errors/invalid_parameters", "mentions"),
        ({"text": "x" * 3001}, 400, "errors/too_many_characters", "text"),
        ({"text": "Hi", "as_organization": "99999999"}, 400, "errors/invalid_parameters", "as_organization"),
        ({"text": "Hi", "external_link": "ftp://x"}, 400, "errors/invalid_parameters", "external_link"),
    ],
)
def test_a_refused_post_names_the_field_and_publishes_nothing(client, body, status, error_type, names):
    account_id = linkedin(client)
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    assert_envelope(client.post("/api/v1/posts", json={"account_id": account_id} | body), status, error_type, names)
    assert posts_of(client, account_id, me["provider_id"])["items"] == []


def test_the_network_reacts_to_and_comments_on_a_new_post_over_time(client):
    account_id = linkedin(client)
    created = client.post("/api/v1/posts", json={"account_id": account_id, "text": "We just shipped v2!"})
    post_id = created.json()["post_id"]
    fresh = client.get(f"/api/v1/posts/{post_id}", params={"account_id": account_id}).json()
    assert (fresh["reaction_counter"], fresh["comment_counter"]) == (0, 0)
    fired = client.post("/_sim/clock/advance", json={"seconds": 2 * 86_400}).json()["fired"]
    kinds = [event["kind"] for event in fired if event.get("post_id") == post_id]
    assert 3 <= kinds.count("post_reaction") <= 15 and kinds.count("post_comment") <= 3
    later = client.get(f"/api/v1/posts/{post_id}", params={"account_id": account_id}).json()
    reactions = client.get(f"/api/v1/posts/{later['social_id']}/reactions", params={"account_id": account_id}).json()
    comments = client.get(f"/api/v1/posts/{later['social_id']}/comments", params={"account_id": account_id}).json()
    assert later["reaction_counter"] == kinds.count("post_reaction") == reactions["paging"]["total_count"]
    assert later["comment_counter"] == kinds.count("post_comment") == comments["total_items"]
    assert all(r["author"]["network_distance"] for r in reactions["items"])


def test_an_accounts_and_a_members_comments_and_reactions(client):
    account_id = linkedin(client)
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    post = a_post(client, account_id)
    client.post(f"/api/v1/posts/{post['social_id']}/comments", json={"account_id": account_id, "text": "One"})
    client.post(f"/api/v1/posts/{post['social_id']}/comments", json={"account_id": account_id, "text": "Two"})
    client.post("/api/v1/posts/reaction", json={"account_id": account_id, "post_id": post["social_id"], "reaction_type": "love"})
    comments = client.get(f"/api/v1/users/{me['public_identifier']}/comments", params={"account_id": account_id, "limit": 1}).json()
    assert [c["text"] for c in comments["items"]] == ["Two"] and comments["cursor"] and comments["paging"] == {"page_count": 1}
    rest = client.get(f"/api/v1/users/{me['public_identifier']}/comments", params={"account_id": account_id, "cursor": comments["cursor"]}).json()
    assert [c["text"] for c in rest["items"]] == ["One"] and rest["cursor"] is None
    reactions = client.get(f"/api/v1/users/{me['provider_id']}/reactions", params={"account_id": account_id}).json()
    assert [(r["value"], r["post_id"]) for r in reactions["items"]] == [("EMPATHY", post["id"])]
    # a member's: what the world saw them do, on the account's post
    created = client.post("/api/v1/posts", json={"account_id": account_id, "text": "Launch day!"}).json()
    client.post("/_sim/clock/advance", json={"seconds": 2 * 86_400})
    social = client.get(f"/api/v1/posts/{created['post_id']}", params={"account_id": account_id}).json()["social_id"]
    reactor = client.get(f"/api/v1/posts/{social}/reactions", params={"account_id": account_id}).json()["items"][0]["author"]
    theirs = client.get(f"/api/v1/users/{reactor['id']}/reactions", params={"account_id": account_id}).json()["items"]
    assert created["post_id"] in {r["post_id"] for r in theirs}


def reposts_in_network(client, account_id):
    """(plain reposts, reposts with commentary) among the relations' posts."""
    plain, quoted = [], []
    for person in client.get("/api/v1/users/relations", params={"account_id": account_id, "limit": 200}).json()["items"]:
        for post in posts_of(client, account_id, person["member_id"])["items"]:
            if post["is_repost"]:
                (plain if "reposted_by" in post else quoted).append((person, post))
    return plain, quoted


def test_members_repost_company_posts_plainly_or_with_commentary(client):
    account_id = linkedin(client)
    plain, quoted = reposts_in_network(client, account_id)
    assert plain and quoted
    person, post = plain[0]
    assert post["reposted_by"]["id"] == person["member_id"] and post["author"]["is_company"]
    assert post["repost_id"] != post["id"]
    by_repost_id = client.get(f"/api/v1/posts/{post['repost_id']}", params={"account_id": account_id}).json()
    original = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert by_repost_id == post and original["is_repost"] is False and original["text"] == post["text"]
    assert (original["reaction_counter"], original["comment_counter"]) == (post["reaction_counter"], post["comment_counter"])
    person, post = quoted[0]
    shared = client.get(f"/api/v1/posts/{post['repost_content']['id']}", params={"account_id": account_id}).json()
    assert post["author"]["id"] == person["member_id"] and post["repost_id"] == post["id"]
    assert shared["text"] == post["repost_content"]["text"] and shared["author"] == post["repost_content"]["author"]
    assert shared["parsed_datetime"] < post["parsed_datetime"]


def test_reposting_shares_a_post_and_counts_on_it(client):
    account_id = linkedin(client)
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    post = a_post(client, account_id)
    plain = client.post("/api/v1/posts", json={"account_id": account_id, "text": "", "repost": post["social_id"]})
    assert plain.status_code == 201, plain.text
    quoted = client.post("/api/v1/posts", json={"account_id": account_id, "text": "Worth a read", "repost": post["id"]})
    assert quoted.status_code == 201, quoted.text
    after = client.get(f"/api/v1/posts/{post['id']}", params={"account_id": account_id}).json()
    assert after["repost_counter"] == post["repost_counter"] + 2
    mine = posts_of(client, account_id, me["provider_id"])["items"]
    assert [p["repost_id"] for p in mine] == [quoted.json()["post_id"], plain.json()["post_id"]]
    assert mine[1]["id"] == post["id"] and mine[1]["reposted_by"]["id"] == me["provider_id"]
    assert mine[0]["text"] == "Worth a read" and mine[0]["repost_content"]["id"] == post["id"]
    # a plain repost is reacted on as the post it shares
    social = client.get(f"/api/v1/posts/{plain.json()['post_id']}", params={"account_id": account_id}).json()
    assert social["social_id"] == post["social_id"]


def test_a_link_card_and_refused_reposts(client):
    account_id = linkedin(client)
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    created = client.post("/api/v1/posts", json={"account_id": account_id, "text": "Our guide", "external_link": "https://www.example.com/guide/"})
    post = client.get(f"/api/v1/posts/{created.json()['post_id']}", params={"account_id": account_id}).json()
    assert (post["title"], post["external_link"]) == ("example.com/guide", "https://www.example.com/guide/")
    before = posts_of(client, account_id, me["provider_id"])["items"]
    assert_envelope(client.post("/api/v1/posts", json={"account_id": account_id, "text": "", "repost": "1234"}), 404, "errors/resource_not_found", "repost")
    assert_envelope(client.post("/api/v1/posts", json={"account_id": account_id, "text": ""}), 400, "errors/invalid_parameters", "text")
    assert posts_of(client, account_id, me["provider_id"])["items"] == before
