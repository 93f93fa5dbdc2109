"""PATCH /api/v1/users/me/edit (in-process, strict mode): bracketed multipart keys, the changes
shown by GET /users/me, and refusals naming the field with nothing applied."""

from tests.api.conftest import assert_envelope


def linkedin(client):
    return client.get("/api/v1/accounts").json()["items"][0]["id"]


def edit(client, fields, files=()):
    return client.patch("/api/v1/users/me/edit", files=[*((k, (None, v)) for k, v in fields), *files])


def test_an_edit_shows_on_the_own_profile(client):
    account_id = linkedin(client)
    locations = client.get("/api/v1/linkedin/search/parameters", params={"account_id": account_id, "type": "LOCATION", "keywords": "Paris"}).json()["items"]
    paris = locations[0]
    edited = edit(client, [("type", "LINKEDIN"), ("account_id", account_id), ("headline", "Head of Growth at Northwind"),
                           ("location[id]", paris["id"]), ("location[postal_code]", "75001"),
                           ("experience[role]", "Head of Growth"), ("experience[company]", "Northwind"),
                           ("skills", "Outbound"), ("skills", "Negotiation")],
                  files=[("picture", ("me.png", b"\x89PNG\r\n\x1a\n", "image/png"))])
    assert edited.status_code == 200 and edited.json() == {"object": "ProfileEdited"}, edited.text
    me = client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    assert me["headline"] == me["occupation"] == "Head of Growth at Northwind"
    assert me["location"] == paris["title"] and me["profile_picture_url"]
    world = client.app.state.registry.get(client.headers["X-API-KEY"])
    profile = world.profile_edits.of(account_id)
    assert profile.skills == ["Outbound", "Negotiation"] and profile.experience[0]["company"] == "Northwind"


def test_refused_edits_name_the_field_and_change_nothing(client):
    account_id = linkedin(client)
    base = [("type", "LINKEDIN"), ("account_id", account_id), ("headline", "Changed")]
    cases = [
        ([("location[id]", "1"), ("location[postal_code]", "750")], 400, "errors/invalid_parameters", "location.postal_code"),
        ([("location[id]", "nowhere")], 400, "errors/invalid_parameters", "location.id"),
        ([("experience[role]", "CEO")], 400, "errors/missing_parameters", "experience.company"),
        ([("location", "Paris")], 400, "errors/invalid_parameters", "location"),
        ([("headline[x]", "a")], 400, "errors/invalid_parameters", "headline"),
    ]
    for extra, status, error_type, names in cases:
        assert_envelope(edit(client, [*base, *extra]), status, error_type, names)
    assert "headline" not in client.get("/api/v1/users/me", params={"account_id": account_id}).json()
    json_body = client.patch("/api/v1/users/me/edit", json={"type": "LINKEDIN", "account_id": account_id})
    assert_envelope(json_body, 415, "errors/unsupported_media_type")
