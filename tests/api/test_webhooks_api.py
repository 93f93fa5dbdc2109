"""/api/v1/webhooks: create, list, delete, and every bad input answered in the envelope."""

import pytest

from tests.api.conftest import assert_envelope

HOOK = "http://127.0.0.1:9/hook"  # never reached: these tests look at the records only


def create(client, **fields):
    body = {"request_url": HOOK, "source": "messaging"} | fields
    return client.post("/api/v1/webhooks", json=body)


def test_create_answers_201_with_the_new_id_and_the_list_shows_it(client):
    response = create(
        client,
        name="my-messaging",
        headers=[{"key": "Unipile-Auth", "value": "s3cret"}],
        events=["message_received", "message_read"],
    )
    assert response.status_code == 201
    created = response.json()
    assert created["object"] == "WebhookCreated" and set(created) == {"object", "webhook_id"}

    listed = client.get("/api/v1/webhooks").json()
    assert listed["object"] == "WebhookList" and listed["cursor"] is None
    assert listed["items"] == [
        {
            "object": "Webhook",
            "id": created["webhook_id"],
            "type": "AUTO",
            "account_ids": [],
            "enabled": True,
            "name": "my-messaging",
            "request_url": HOOK,
            "format": "json",
            "headers": [{"key": "Unipile-Auth", "value": "s3cret"}],
            "data": [],
            "events": ["message_received", "message_read"],
        }
    ]


def test_defaults_follow_the_source(client):
    create(client)  # messaging: message_received only
    create(client, source="users")
    create(client, source="account_status", enabled=False, format="form")
    items = client.get("/api/v1/webhooks").json()["items"]
    assert items[0]["events"] == ["message_received"]
    assert items[1]["events"] == ["new_relation"]
    assert "deleted" in items[2]["events"] and "creation_success" in items[2]["events"]
    assert items[2]["enabled"] is False and items[2]["format"] == "form"
    assert "name" not in items[0]


def test_seed_004_source_accounts_is_account_status(client):
    assert create(client, source="accounts", events=["deleted"]).status_code == 201
    assert client.get("/api/v1/webhooks").json()["items"][0]["events"] == ["deleted"]


def test_account_ids_are_listed_with_name_and_type(client):
    account = client.get("/api/v1/accounts").json()["items"][0]
    assert create(client, account_ids=[account["id"]]).status_code == 201
    item = client.get("/api/v1/webhooks").json()["items"][0]
    assert item["account_ids"] == [
        {"id": account["id"], "name": account["name"], "type": account["type"]}
    ]


def test_list_pages_with_a_cursor_in_creation_order(client):
    ids = [create(client, name=f"hook-{n}").json()["webhook_id"] for n in range(5)]
    first = client.get("/api/v1/webhooks", params={"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == ids[:2]
    second = client.get("/api/v1/webhooks", params={"cursor": first["cursor"]}).json()
    assert [item["id"] for item in second["items"]] == ids[2:4]
    last = client.get("/api/v1/webhooks", params={"cursor": second["cursor"]}).json()
    assert [item["id"] for item in last["items"]] == ids[4:] and last["cursor"] is None


def test_delete_then_404(client):
    webhook_id = create(client).json()["webhook_id"]
    response = client.delete(f"/api/v1/webhooks/{webhook_id}")
    assert response.status_code == 200 and response.json() == {"object": "WebhookDeleted"}
    assert client.get("/api/v1/webhooks").json()["items"] == []
    assert_envelope(
        client.delete(f"/api/v1/webhooks/{webhook_id}"), 404, "errors/resource_not_found", "Webhook"
    )


@pytest.mark.parametrize(
    ("fields", "error_type", "field"),
    [
        ({"request_url": "not a url"}, "errors/invalid_url", "request_url"),
        ({"request_url": "ftp://example.com/hook"}, "errors/invalid_url", "request_url"),
        ({"request_url": "http:///no-host"}, "errors/invalid_url", "request_url"),
        ({"request_url": "http://example.com:99999/"}, "errors/invalid_url", "request_url"),
        ({"source": "calendar"}, "errors/invalid_parameters", "source"),
        ({"events": ["new_relation"]}, "errors/invalid_parameters", "events[0]"),
        ({"events": []}, "errors/invalid_parameters", "events"),
        ({"source": "users", "events": ["new_relation", "x"]}, "errors/invalid_parameters", "events[1]"),
        ({"headers": [{"key": "Bad Header", "value": "x"}]}, "errors/invalid_parameters", "headers[0].key"),
        ({"headers": [{"key": "X-Ok", "value": "a\r\nb"}]}, "errors/invalid_parameters", "headers[0].value"),
        ({"headers": [{"key": "X-Ok", "value": "trailing newline\n"}]}, "errors/invalid_parameters", "headers[0].value"),
        ({"request_url": "http://example.com/\n"}, "errors/invalid_url", "request_url"),
        ({"request_url": "http://user@example.com/"}, "errors/invalid_url", "request_url"),
        ({"format": "xml"}, "errors/invalid_parameters", "format"),
        ({"enabled": "yes"}, "errors/invalid_parameters", "enabled"),
        ({"enabled": 1}, "errors/invalid_parameters", "enabled"),
        ({"colour": "blue"}, "errors/invalid_parameters", "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, fields, error_type, field):
    assert_envelope(create(client, **fields), 400, error_type, field)
    assert client.get("/api/v1/webhooks").json()["items"] == []


def test_unknown_account_ids_are_a_404_naming_the_field(client):
    assert_envelope(
        create(client, account_ids=["nobody"]), 404, "errors/resource_not_found", "account_ids[0]"
    )


def test_missing_fields_and_bad_queries(client):
    assert_envelope(
        client.post("/api/v1/webhooks", json={"source": "messaging"}),
        400,
        "errors/missing_parameters",
        "request_url",
    )
    assert_envelope(
        client.get("/api/v1/webhooks", params={"limit": 251}), 400, "errors/invalid_parameters", "limit"
    )
    assert_envelope(
        client.get("/api/v1/webhooks", params={"cursor": "bm9wZQ"}), 400, "errors/invalid_parameters", "cursor"
    )


def test_webhooks_belong_to_their_world(client):
    create(client)
    client.headers["X-API-KEY"] = "nobody"
    assert client.get("/api/v1/webhooks").status_code == 401
