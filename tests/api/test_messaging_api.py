"""/api/v1 messaging routes over HTTP (in-process), in the default world."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_envelope
from tests.api.network_helpers import linkedin_accounts, people_at

ANA = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"  # default world: a relation of every account
JANE = "ACoAA3XMzR2zc3eUEYh4TZMfdhlkDHofNZGHsMg"  # default world: 2nd degree
START = "2026-01-05T09:00:00.000Z"
CHAT_KEYS = {
    "object", "id", "account_id", "account_type", "provider_id", "attendee_provider_id", "name",
    "type", "timestamp", "unread_count", "unread", "archived", "muted_until", "read_only", "pinned",
    "disabledFeatures", "folder",
}  # fmt: skip
BINARY_MESSAGE_FIELDS = (
    "is_sender",
    "seen",
    "hidden",
    "deleted",
    "edited",
    "is_event",
    "delivered",
)


def walk(client, path, params, limit):
    """Every item of a list, page by page, and the number of pages."""
    items, pages = [], 0
    query = {**params, "limit": limit}
    while True:
        body = client.get(path, params=query).json()
        items += body["items"]
        pages += 1
        if body["cursor"] is None:
            return items, pages
        query = {"cursor": body["cursor"]}


def premium(client) -> str:
    return linkedin_accounts(client).sales_navigator


def start(client, **fields):
    response = client.post("/api/v1/chats", json=fields)
    assert response.status_code == 201, response.text
    return response.json()


# -- reading chats ------------------------------------------------------------------------------


def test_chat_list_shape_and_order(client):
    body = client.get("/api/v1/chats", params={"account_id": premium(client)}).json()
    assert body["object"] == "ChatList" and body["cursor"] is None
    chats = body["items"]
    assert len(chats) >= 10
    for chat in chats:
        assert set(chat) >= CHAT_KEYS
        assert chat["object"] == "Chat" and chat["type"] == 0 and chat["account_type"] == "LINKEDIN"
        assert chat["unread"] == (1 if chat["unread_count"] else 0)
        assert chat["archived"] == chat["read_only"] == chat["pinned"] == 0
        assert chat["attendee_provider_id"].startswith("ACoAA")
        assert chat["provider_id"].startswith("2-")
    stamps = [chat["timestamp"] for chat in chats]
    assert stamps == sorted(stamps, reverse=True) and stamps[0] < START


def test_walking_the_chat_list_visits_every_chat_once(client):
    everything = client.get("/api/v1/chats", params={"limit": 250}).json()["items"]
    walked, pages = walk(client, "/api/v1/chats", {}, 4)
    assert [c["id"] for c in walked] == [c["id"] for c in everything]
    assert pages == -(-len(everything) // 4)


def test_chat_filters(client):
    accounts = linkedin_accounts(client)
    one = client.get("/api/v1/chats", params={"account_id": accounts.free, "limit": 250}).json()
    two = client.get(
        "/api/v1/chats",
        params={"account_id": f"{accounts.free},{accounts.disconnected}", "limit": 250},
    ).json()
    assert {c["account_id"] for c in one["items"]} == {accounts.free}
    assert {c["account_id"] for c in two["items"]} == {accounts.free, accounts.disconnected}
    unread = client.get("/api/v1/chats", params={"unread": "true", "limit": 250}).json()["items"]
    read = client.get("/api/v1/chats", params={"unread": "false", "limit": 250}).json()["items"]
    assert unread and all(c["unread_count"] > 0 for c in unread)
    assert all(c["unread_count"] == 0 for c in read)
    whatsapp = client.get("/api/v1/chats", params={"account_type": "WHATSAPP"}).json()["items"]
    assert whatsapp and {c["account_type"] for c in whatsapp} == {"WHATSAPP"}
    linkedin = client.get("/api/v1/chats", params={"account_type": "LINKEDIN", "limit": 250}).json()
    everyone = [*unread, *read]
    assert len(linkedin["items"]) == sum(c["account_type"] == "LINKEDIN" for c in everyone)


def test_before_and_after_are_exclusive(client):
    chats = client.get("/api/v1/chats", params={"limit": 250}).json()["items"]
    newer, older = chats[2]["timestamp"], chats[6]["timestamp"]
    between = client.get("/api/v1/chats", params={"before": newer, "after": older}).json()["items"]
    assert [c["id"] for c in between] == [c["id"] for c in chats[3:6]]


def test_a_cursor_keeps_the_filters_it_was_made_with(client):
    accounts = linkedin_accounts(client)
    items, _ = walk(client, "/api/v1/chats", {"account_id": accounts.sales_navigator}, 3)
    assert {c["account_id"] for c in items} == {accounts.sales_navigator}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 251}, "limit"),
        ({"unread": "yes"}, "unread"),
        ({"account_type": "FAX"}, "account_type"),
        ({"before": "2026-01-05"}, "before"),
        ({"after": "2026-01-05T09:00:00Z"}, "after"),
        ({"account_id": "a,,b"}, "account_id"),
        ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_chat_list_parameters_are_400s_naming_the_field(client, params, field):
    body = assert_envelope(
        client.get("/api/v1/chats", params=params), 400, "errors/invalid_parameters"
    )
    assert body["detail"].startswith(f"{field}:")


def test_unknown_account_in_the_filter_is_404(client):
    assert_envelope(
        client.get("/api/v1/chats", params={"account_id": "nope"}), 404, "errors/resource_not_found"
    )


def test_one_chat_has_its_last_message(client):
    chat = client.get("/api/v1/chats", params={"limit": 1}).json()["items"][0]
    body = client.get(f"/api/v1/chats/{chat['id']}").json()
    assert {k: v for k, v in body.items() if k != "lastMessage"} == chat
    last = body["lastMessage"]
    assert last["object"] == "Message" and last["chat_id"] == chat["id"]
    assert last["timestamp"] == chat["timestamp"]
    by_provider_id = client.get(
        f"/api/v1/chats/{chat['provider_id']}", params={"account_id": chat["account_id"]}
    )
    assert by_provider_id.json()["id"] == chat["id"]
    assert_envelope(client.get("/api/v1/chats/nope"), 404, "errors/resource_not_found")


# -- messages -----------------------------------------------------------------------------------


def test_message_shape_uses_0_1_integers_and_numeric_distances(client):
    chat = client.get("/api/v1/chats", params={"limit": 1, "account_type": "LINKEDIN"}).json()[
        "items"
    ][0]
    messages = client.get(f"/api/v1/chats/{chat['id']}/messages").json()["items"]
    assert {m["is_sender"] for m in messages} == {0, 1}
    for message in messages:
        assert message["object"] == "Message" and message["chat_provider_id"] == chat["provider_id"]
        for name in BINARY_MESSAGE_FIELDS:
            assert message[name] in (0, 1) and not isinstance(message[name], bool)
        assert isinstance(message["original"], str) and message["reactions"] == []
        mine = message["is_sender"] == 1
        assert message["attendee_distance"] == (-1 if mine else 1)
        assert (message["sender_id"] == chat["attendee_provider_id"]) is not mine


def test_walking_a_chat_s_messages_and_filtering_by_sender(client):
    chat = client.get("/api/v1/chats", params={"limit": 3}).json()["items"][1]
    path = f"/api/v1/chats/{chat['id']}/messages"
    everything = client.get(path).json()["items"]
    walked, _ = walk(client, path, {}, 2)
    assert [m["id"] for m in walked] == [m["id"] for m in everything]
    stamps = [m["timestamp"] for m in everything]
    assert stamps == sorted(stamps, reverse=True)
    theirs = client.get(path, params={"sender_id": chat["attendee_provider_id"]}).json()["items"]
    assert theirs and {m["is_sender"] for m in theirs} == {0}
    assert_envelope(client.get("/api/v1/chats/nope/messages"), 404, "errors/resource_not_found")


def test_all_messages_one_message_and_by_account(client):
    accounts = linkedin_accounts(client)
    everything, _ = walk(client, "/api/v1/messages", {}, 50)
    assert len({m["id"] for m in everything}) == len(everything) > 50
    mine, _ = walk(client, "/api/v1/messages", {"account_id": accounts.free}, 50)
    assert mine and {m["account_id"] for m in mine} == {accounts.free}
    one = everything[7]
    assert client.get(f"/api/v1/messages/{one['id']}").json() == one
    assert_envelope(client.get("/api/v1/messages/nope"), 404, "errors/resource_not_found")
    from_ana = client.get("/api/v1/messages", params={"sender_id": ANA}).json()["items"]
    assert from_ana and {m["sender_id"] for m in from_ana} == {ANA}


# -- attendees ----------------------------------------------------------------------------------


def test_chat_attendees_and_their_three_distance_vocabularies(client):
    chat = client.get("/api/v1/chats", params={"limit": 1, "account_type": "LINKEDIN"}).json()[
        "items"
    ][0]
    body = client.get(f"/api/v1/chats/{chat['id']}/attendees").json()
    assert body["object"] == "ChatAttendeeList"
    them, me = body["items"]
    assert (them["is_self"], me["is_self"]) == (0, 1)
    assert them["provider_id"] == chat["attendee_provider_id"] == ANA
    assert them["specifics"]["network_distance"] == "DISTANCE_1"
    assert them["specifics"]["provider"] == "LINKEDIN" and them["name"] == "Ana Silva"
    profile = client.get(f"/api/v1/users/{ANA}", params={"account_id": chat["account_id"]}).json()
    assert profile["network_distance"] == "FIRST_DEGREE"
    assert client.get(f"/api/v1/chat_attendees/{them['id']}").json() == them
    chats = client.get(f"/api/v1/chat_attendees/{them['id']}/chats").json()["items"]
    assert [c["id"] for c in chats] == [chat["id"]]
    sent = client.get(f"/api/v1/chat_attendees/{them['id']}/messages").json()["items"]
    assert sent and {m["sender_attendee_id"] for m in sent} == {them["id"]}
    own = client.get(f"/api/v1/chat_attendees/{me['id']}/messages", params={"limit": 250}).json()
    assert own["items"] and {m["is_sender"] for m in own["items"]} == {1}
    assert_envelope(client.get("/api/v1/chat_attendees/nope"), 404, "errors/resource_not_found")


def test_walking_the_attendees_of_an_account(client):
    account = premium(client)
    attendees, pages = walk(client, "/api/v1/chat_attendees", {"account_id": account}, 5)
    assert pages > 1 and {a["account_id"] for a in attendees} == {account}
    assert sum(a["is_self"] for a in attendees) == 1
    assert len({a["id"] for a in attendees}) == len(attendees)


# -- starting chats and sending ------------------------------------------------------------------


def test_start_a_chat_with_json_then_reuse_it(client):
    account = linkedin_accounts(client).free
    started = start(client, account_id=account, attendees_ids=[ANA], text="Hello Ana")
    assert (
        set(started) == {"object", "chat_id", "message_id"} and started["object"] == "ChatStarted"
    )
    again = start(client, account_id=account, attendees_ids=[ANA], text="Again")
    assert again["chat_id"] == started["chat_id"] and again["message_id"] != started["message_id"]
    first = client.get("/api/v1/chats", params={"account_id": account, "limit": 1}).json()["items"][
        0
    ]
    assert first["id"] == started["chat_id"] and first["timestamp"] == START


def test_send_a_message_and_read_it_back(client):
    chat = client.get("/api/v1/chats", params={"limit": 1}).json()["items"][0]
    response = client.post(f"/api/v1/chats/{chat['id']}/messages", json={"text": "On my way"})
    assert response.status_code == 201, response.text
    assert (
        set(response.json()) == {"object", "message_id"}
        and response.json()["object"] == "MessageSent"
    )
    message = client.get(f"/api/v1/messages/{response.json()['message_id']}").json()
    assert (message["text"], message["is_sender"], message["timestamp"]) == ("On my way", 1, START)
    assert_envelope(
        client.post("/api/v1/chats/nope/messages", json={"text": "x"}),
        404,
        "errors/resource_not_found",
    )


def test_linkedin_rules_through_the_api(client):
    accounts = linkedin_accounts(client)
    stranger = people_at(client, accounts.free, 2, 1)[0]["id"]
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={"account_id": accounts.free, "attendees_ids": [stranger], "text": "Hi"},
        ),
        422,
        "errors/no_connection_with_recipient",
    )
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={
                "account_id": accounts.free,
                "attendees_ids": [stranger],
                "text": "Hi",
                "linkedin": {"inmail": True},
            },
        ),
        422,
        "errors/not_allowed_inmail",
    )
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={
                "account_id": accounts.free,
                "attendees_ids": [ANA],
                "text": "Hi",
                "linkedin": {"api": "sales_navigator"},
            },
        ),
        403,
        "errors/feature_not_subscribed",
    )
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={
                "account_id": accounts.free,
                "attendees_ids": ["ACoAAnobody0000000"],
                "text": "Hi",
            },
        ),
        422,
        "errors/invalid_recipient",
    )
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={"account_id": accounts.disconnected, "attendees_ids": [ANA], "text": "Hi"},
        ),
        401,
        "errors/disconnected_account",
    )
    assert_envelope(
        client.post(
            "/api/v1/chats", json={"account_id": "nope", "attendees_ids": [ANA], "text": "Hi"}
        ),
        404,
        "errors/resource_not_found",
    )


def test_inmail_credits_go_down_and_run_out(client):
    account = premium(client)

    def balance():
        return client.get("/api/v1/linkedin/inmail_balance", params={"account_id": account}).json()[
            "premium"
        ]

    credits = balance()
    strangers = [p["id"] for p in people_at(client, account, 2, credits + 1)]
    for n, person in enumerate(strangers[:credits]):
        start(
            client, account_id=account, attendees_ids=[person], text="Hi", linkedin={"inmail": True}
        )
        assert balance() == credits - n - 1
    assert_envelope(
        client.post(
            "/api/v1/chats",
            json={
                "account_id": account,
                "attendees_ids": [strangers[-1]],
                "text": "Hi",
                "linkedin": {"inmail": True},
            },
        ),
        422,
        "errors/insufficient_credits",
    )


@pytest.mark.parametrize(
    ("body", "status", "error_type", "field"),
    [
        ({"attendees_ids": [ANA], "text": "x"}, 400, "errors/missing_parameters", "account_id"),
        ({"account_id": "a", "attendees_ids": [], "text": "x"}, 400, "errors/invalid_parameters", "attendees_ids"),
        ({"account_id": "a", "attendees_ids": [ANA], "text": 5}, 400, "errors/invalid_parameters", "text"),
        ({"account_id": "a", "attendees_ids": [ANA], "linkedin": {"inmail": "yes"}}, 400, "errors/invalid_parameters", "linkedin.inmail"),
        ({"account_id": "a", "attendees_ids": [ANA], "linkedin": {"api": "gold"}}, 400, "errors/invalid_parameters", "linkedin.api"),
        ({"account_id": "a", "attendees_ids": [ANA], "colour": "red"}, 400, "errors/invalid_parameters", "colour"),
    ],
)  # fmt: skip
def test_bad_start_chat_bodies(client, body, status, error_type, field):
    response = assert_envelope(client.post("/api/v1/chats", json=body), status, error_type)
    assert response["detail"].startswith(f"{field}")


def test_nothing_to_send_is_missing_parameters(client):
    chat = client.get("/api/v1/chats", params={"limit": 1}).json()["items"][0]
    body = assert_envelope(
        client.post(f"/api/v1/chats/{chat['id']}/messages", json={}),
        400,
        "errors/missing_parameters",
    )
    assert body["detail"].startswith("text:")


def test_other_media_types_are_415(client):
    chat = client.get("/api/v1/chats", params={"limit": 1}).json()["items"][0]
    for path in ("/api/v1/chats", f"/api/v1/chats/{chat['id']}/messages"):
        response = client.post(
            path, content=b"text=hi", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        body = assert_envelope(response, 415, "errors/unsupported_media_type")
        assert body["detail"].startswith("content-type:")


# -- read state ----------------------------------------------------------------------------------


def test_set_read_status(client):
    unread = client.get("/api/v1/chats", params={"unread": "true", "limit": 1}).json()["items"][0]
    path = f"/api/v1/chats/{unread['id']}"
    response = client.patch(path, json={"action": "setReadStatus", "value": True})
    assert response.status_code == 200 and response.json() == {"object": "ChatPatched"}
    chat = client.get(path).json()
    assert (chat["unread_count"], chat["unread"], chat["lastMessage"]["seen"]) == (0, 0, 1)
    client.patch(path, json={"action": "setReadStatus", "value": False})
    assert client.get(path).json()["unread_count"] == 1
    body = assert_envelope(
        client.patch(path, json={"action": "archive", "value": True}),
        400,
        "errors/invalid_parameters",
    )
    assert body["detail"].startswith("action:")
    assert_envelope(
        client.patch(path, json={"action": "setReadStatus"}), 400, "errors/missing_parameters"
    )
