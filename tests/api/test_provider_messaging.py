"""Chats on WhatsApp, Instagram, Telegram and Messenger: the provider's ids and rules, over the
same /chats, /messages and /chat_attendees routes as LinkedIn (in-process, strict mode)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.world import messaging, provider_rules
from simulator.world.contacts import (
    INSTAGRAM,
    TELEGRAM,
    WHATSAPP,
    contact_of,
    follows_back,
)
from simulator.world.people import PeopleDirectory
from tests.api.conftest import assert_envelope

ANA = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"
STRANGER = "33612345678@s.whatsapp.net"  # a number nobody of the network has


def directory(client) -> PeopleDirectory:
    (world,) = client.app.state.registry.worlds()
    return world.network.directory


def account_of(client, provider: str) -> str:
    accounts = client.get("/api/v1/accounts").json()["items"]
    return next(a["id"] for a in accounts if a["type"] == provider)


def connect(client, provider: str, **fields) -> str:
    response = client.post("/api/v1/accounts", json={"provider": provider, **fields})
    assert response.status_code == 201, response.text
    return response.json()["account_id"]


def start(client, account_id: str, *attendees: str, text: str = "Hello!", status: int = 201):
    response = client.post(
        "/api/v1/chats",
        json={"account_id": account_id, "attendees_ids": list(attendees), "text": text},
    )
    assert response.status_code == status, response.text
    return response.json()


def reachable(client, provider: str, account_id: str | None = None, skip: int = 0):
    """Members of the network the account can write to on `provider`."""
    found = []
    for person in directory(client).people:
        contact = contact_of(person, provider)
        if not contact.reachable:
            continue
        if provider == INSTAGRAM and not follows_back(account_id or "", contact):
            continue
        found.append(contact)
    return found[skip:]


# -- WhatsApp ------------------------------------------------------------------------------------


def test_a_whatsapp_chat_uses_whatsapp_ids_everywhere(client):
    account_id = account_of(client, WHATSAPP)
    started = start(client, account_id, STRANGER, text="Bonjour !")
    chat = client.get(f"/api/v1/chats/{started['chat_id']}").json()
    assert chat["account_type"] == WHATSAPP and chat["type"] == 0
    assert chat["provider_id"] == chat["attendee_provider_id"] == STRANGER
    assert chat["folder"] == ["INBOX"]
    message = client.get(f"/api/v1/messages/{started['message_id']}").json()
    assert message["provider_id"].startswith("3EB0") and len(message["provider_id"]) == 20
    assert message["chat_provider_id"] == STRANGER and message["is_sender"] == 1
    assert message["text"] == "Bonjour !"
    assert "attendee_distance" not in message and "sender_urn" not in message
    attendees = client.get(f"/api/v1/chats/{started['chat_id']}/attendees").json()["items"]
    other, me = attendees
    assert other["provider_id"] == STRANGER and other["name"] == "+33612345678"
    assert other["profile_url"] == "https://wa.me/33612345678" and "specifics" not in other
    phone = client.get(f"/api/v1/accounts/{account_id}").json()["connection_params"]["im"]
    assert me["is_self"] == 1 and me["provider_id"] == phone["phone_number"] + "@s.whatsapp.net"
    assert message["sender_id"] == me["provider_id"]


def test_one_chat_per_whatsapp_contact_and_lid_ids_lead_to_it(client):
    account_id = account_of(client, WHATSAPP)
    contact = reachable(client, WHATSAPP)[0]
    first = start(client, account_id, contact.provider_id)
    again = start(client, account_id, contact.lid, text="Following up")
    assert again["chat_id"] == first["chat_id"]
    messages = client.get(f"/api/v1/chats/{first['chat_id']}/messages").json()["items"]
    assert [m["text"] for m in messages] == ["Following up", "Hello!"]
    other = client.get(f"/api/v1/chats/{first['chat_id']}/attendees").json()["items"][0]
    assert other["name"] == contact.name and other["provider_id"] == contact.provider_id


def test_a_whatsapp_group_has_a_group_id_and_every_member(client):
    account_id = account_of(client, WHATSAPP)
    one, two = reachable(client, WHATSAPP)[:2]
    started = start(client, account_id, one.provider_id, two.provider_id)
    chat = client.get(f"/api/v1/chats/{started['chat_id']}").json()
    assert chat["type"] == 1 and chat["provider_id"].endswith("@g.us")
    assert chat["name"] == f"{one.name}, {two.name}"
    attendees = client.get(f"/api/v1/chats/{started['chat_id']}/attendees").json()["items"]
    assert [a["provider_id"] for a in attendees[:2]] == [one.provider_id, two.provider_id]


def test_the_account_type_filter_separates_providers(client):
    start(client, account_of(client, WHATSAPP), STRANGER)
    every = client.get("/api/v1/chats", params={"limit": 250}).json()["items"]
    for provider in (WHATSAPP, INSTAGRAM, TELEGRAM, "LINKEDIN"):
        listed = client.get(
            "/api/v1/chats", params={"account_type": provider, "limit": 250}
        ).json()["items"]
        assert listed == [c for c in every if c["account_type"] == provider] != []
    whatsapp = [c for c in every if c["account_type"] == WHATSAPP]
    assert whatsapp[0]["provider_id"] == STRANGER  # the newest


@pytest.mark.parametrize(
    "attendee, detail",
    [
        (ANA, "attendees_ids[0]: a WhatsApp attendee is"),
        ("0612345678@s.whatsapp.net", "attendees_ids[0]: '0612345678@s.whatsapp.net': a WhatsApp number is 8-15"),
        ("336@s.whatsapp.net", "a WhatsApp number is 8-15 international digits"),
        ("1234567890123456@s.whatsapp.net", "a WhatsApp number is 8-15 international digits"),
        ("99999999999999@lid", "is no WhatsApp user's id"),
    ],
)  # fmt: skip
def test_ids_that_are_not_whatsapp_numbers_are_refused(client, attendee, detail):
    account_id = account_of(client, WHATSAPP)
    before = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
    response = client.post(
        "/api/v1/chats", json={"account_id": account_id, "attendees_ids": [attendee], "text": "Hi"}
    )
    assert_envelope(response, 422, "errors/invalid_recipient", detail)
    assert client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"] == before


def test_a_member_whose_number_is_not_on_whatsapp_is_refused(client):
    account_id = account_of(client, WHATSAPP)
    off = next(
        contact
        for person in directory(client).people
        if not (contact := contact_of(person, WHATSAPP)).reachable
    )
    response = client.post(
        "/api/v1/chats",
        json={"account_id": account_id, "attendees_ids": [off.provider_id], "text": "Hi"},
    )
    assert_envelope(response, 422, "errors/invalid_recipient", f"+{off.phone} is not on WhatsApp")


def test_whatsapp_takes_voice_notes_but_no_video_messages(client):
    account_id = account_of(client, WHATSAPP)
    voice = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, STRANGER)),
        ("voice_message", ("note.m4a", b"\x00\x00\x00\x18ftypM4A ", "audio/mp4")),
    ]
    started = client.post("/api/v1/chats", files=voice)
    assert started.status_code == 201, started.text
    message = client.get(f"/api/v1/messages/{started.json()['message_id']}").json()
    assert message["attachments"][0]["type"] == "audio"
    assert message["attachments"][0]["voice_note"] is True
    video = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, STRANGER)),
        ("video_message", ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4")),
    ]
    assert_envelope(
        client.post("/api/v1/chats", files=video), 400, "errors/invalid_parameters", "video_message"
    )


def test_linkedin_options_on_a_whatsapp_chat_are_refused(client):
    response = client.post(
        "/api/v1/chats",
        json={
            "account_id": account_of(client, WHATSAPP),
            "attendees_ids": [STRANGER],
            "text": "Hi",
            "linkedin": {"api": "sales_navigator"},
        },
    )
    assert_envelope(response, 400, "errors/invalid_parameters", "linkedin: only for LINKEDIN")


def test_a_reply_on_whatsapp_comes_from_the_contact(client):
    account_id = account_of(client, WHATSAPP)
    started = start(client, account_id, STRANGER)
    response = client.post(
        f"/_sim/chats/{started['chat_id']}/reply", json={"text": "Qui est-ce ?"}
    )
    assert response.status_code == 201, response.text
    newest = client.get(f"/api/v1/chats/{started['chat_id']}/messages").json()["items"][0]
    assert newest["text"] == "Qui est-ce ?" and newest["is_sender"] == 0
    assert newest["sender_id"] == STRANGER
    chat = client.get(f"/api/v1/chats/{started['chat_id']}").json()
    assert chat["unread_count"] == 1


# -- Instagram, Telegram, Messenger ----------------------------------------------------------------


def test_instagram_writes_to_followers_by_their_messaging_id(client):
    account_id = connect(client, INSTAGRAM, username="ok@sim.test", password="secret")
    contact = reachable(client, INSTAGRAM, account_id)[0]
    started = start(client, account_id, contact.provider_id)
    other = client.get(f"/api/v1/chats/{started['chat_id']}/attendees").json()["items"][0]
    assert other["provider_id"] == contact.provider_id
    assert other["profile_url"] == f"https://www.instagram.com/{contact.username}"
    assert "specifics" not in other  # the official SDK refuses Instagram's (render_messaging)
    by_user_id = start(client, account_id, contact.public_id, text="Again")
    assert by_user_id["chat_id"] == started["chat_id"]
    message = client.get(f"/api/v1/messages/{started['message_id']}").json()
    assert message["provider_id"].startswith("aWdfaXRlbTox")


def test_instagram_refuses_a_first_message_to_someone_who_does_not_follow_back(client):
    account_id = connect(client, INSTAGRAM, username="ok@sim.test", password="secret")
    stranger = next(
        contact
        for person in directory(client).people
        if not follows_back(account_id, contact := contact_of(person, INSTAGRAM))
    )
    response = client.post(
        "/api/v1/chats",
        json={"account_id": account_id, "attendees_ids": [stranger.provider_id], "text": "Hi"},
    )
    assert_envelope(
        response, 422, "errors/invalid_recipient", f"@{stranger.username} does not follow"
    )


def test_instagram_refuses_groups_voice_notes_and_long_texts(client):
    account_id = connect(client, INSTAGRAM, username="ok@sim.test", password="secret")
    one, two = reachable(client, INSTAGRAM, account_id)[:2]
    group = client.post(
        "/api/v1/chats",
        json={"account_id": account_id, "attendees_ids": [one.provider_id, two.provider_id],
              "text": "Hi both"},
    )  # fmt: skip
    assert_envelope(group, 422, "errors/invalid_recipient", "have one recipient, got 2")
    long = client.post(
        "/api/v1/chats",
        json={"account_id": account_id, "attendees_ids": [one.provider_id], "text": "x" * 1001},
    )
    assert_envelope(long, 400, "errors/too_many_characters", "at most 1000 characters")
    voice = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, one.provider_id)),
        ("voice_message", ("note.m4a", b"\x00\x00\x00\x18ftypM4A ", "audio/mp4")),
    ]
    assert_envelope(
        client.post("/api/v1/chats", files=voice), 400, "errors/invalid_parameters",
        "voice_message: INSTAGRAM takes no voice notes",
    )  # fmt: skip


def test_an_attachment_over_the_provider_limit_names_the_file(client, monkeypatch):
    # Telegram's 50 MiB, made 1 KiB here: the rule is the same, the test body small.
    rules = dict(provider_rules.RULES)
    rules[TELEGRAM] = replace(rules[TELEGRAM], attachment_max_bytes=1024)
    monkeypatch.setattr(messaging, "RULES", rules)
    account_id = account_of(client, TELEGRAM)
    contact = reachable(client, TELEGRAM)[0]
    files = [
        ("account_id", (None, account_id)),
        ("attendees_ids", (None, contact.provider_id)),
        ("attachments", ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "image/png")),
    ]
    assert_envelope(
        client.post("/api/v1/chats", files=files), 400, "errors/content_too_large",
        "attachments[0]: 'photo.png' is 2008 bytes; the limit is 1024 bytes",
    )  # fmt: skip


def test_telegram_and_messenger_chats_use_their_user_ids(client):
    telegram = account_of(client, TELEGRAM)
    messenger = connect(client, "MESSENGER", username="ok@sim.test", password="secret")
    for account_id, provider in ((telegram, TELEGRAM), (messenger, "MESSENGER")):
        contact = reachable(client, provider)[0]
        started = start(client, account_id, contact.provider_id)
        chat = client.get(f"/api/v1/chats/{started['chat_id']}").json()
        assert chat["account_type"] == provider
        assert chat["provider_id"] == chat["attendee_provider_id"] == contact.provider_id
        assert contact.provider_id.isdigit()
    unknown = client.post(
        "/api/v1/chats",
        json={"account_id": telegram, "attendees_ids": ["not-a-number"], "text": "Hi"},
    )
    assert_envelope(unknown, 422, "errors/invalid_recipient", "a TELEGRAM attendee id is numeric")


def test_a_mail_account_has_no_chats(client):
    account_id = connect(
        client, "MAIL", imap_user="ok@sim.test", smtp_user="ok@sim.test",
        imap_password="secret", smtp_password="secret", imap_host="imap.sim.test",
        imap_port=993, smtp_host="smtp.sim.test", smtp_port=465, imap_encryption="ssl",
    )  # fmt: skip
    response = client.post(
        "/api/v1/chats", json={"account_id": account_id, "attendees_ids": [STRANGER], "text": "Hi"}
    )
    assert_envelope(response, 422, "errors/invalid_account", "chats live on LINKEDIN, WHATSAPP")


# -- the three operations: picture, history sync, forward ----------------------------------------


def test_pictures_are_pngs_per_attendee_and_per_group(client):
    chats = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
    group = next(c for c in chats if c["type"] == 1)
    one_to_one = next(c for c in chats if c["type"] == 0)
    other, me = client.get(f"/api/v1/chats/{one_to_one['id']}/attendees").json()["items"]
    pictures = {}
    for name, identifier in (
        ("other", other["id"]), ("me", me["id"]), ("group", group["id"]),
        ("1:1 chat", one_to_one["id"]),
    ):  # fmt: skip
        response = client.get(f"/api/v1/chat_attendees/{identifier}/picture")
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert response.content[16:24] == (120).to_bytes(4, "big") * 2  # IHDR: 120 x 120
        pictures[name] = response.content
    assert client.get(f"/api/v1/chat_attendees/{other['id']}/picture").content == pictures["other"]
    assert pictures["1:1 chat"] == pictures["other"]  # a 1:1 chat shows the other side
    assert len({pictures["other"], pictures["me"], pictures["group"]}) == 3
    assert_envelope(
        client.get("/api/v1/chat_attendees/nobody/picture"), 404, "errors/resource_not_found",
        "no attendee or chat has the id 'nobody'",
    )  # fmt: skip


def test_a_chat_history_sync_runs_on_the_world_clock_and_restarts_once_done(client):
    chat = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"][0]
    path = f"/api/v1/chats/{chat['id']}/sync"

    def status() -> str:
        body = client.get(path).json()
        assert body["object"] == "ChatHistorySync" and body["chat_id"] == chat["id"]
        return body["status"]

    assert status() == "SYNC_STARTED"
    assert status() == "SYNC_STARTED"  # the clock has not moved
    client.post("/_sim/clock/advance", json={"seconds": 2})
    assert status() == "SYNC_RUNNING"
    client.post("/_sim/clock/advance", json={"seconds": 60})
    assert status() == "SYNC_DONE"
    assert status() == "SYNC_STARTED"  # read once done: the next call resyncs again
    assert_envelope(client.get("/api/v1/chats/nope/sync"), 404, "errors/resource_not_found")


def test_a_sync_through_a_disconnected_account_is_refused(client):
    accounts = client.get("/api/v1/accounts").json()["items"]
    expired = next(a["id"] for a in accounts if a["sources"][0]["status"] == "CREDENTIALS")
    chat = client.get("/api/v1/chats", params={"account_id": expired}).json()["items"][0]
    assert_envelope(
        client.get(f"/api/v1/chats/{chat['id']}/sync"), 401, "errors/disconnected_account"
    )


def test_a_whatsapp_message_forwards_into_another_chat_of_the_account(client):
    account_id = account_of(client, WHATSAPP)
    chats = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
    source, target = chats[0], chats[1]
    original = client.get(f"/api/v1/chats/{source['id']}/messages").json()["items"][0]
    response = client.post(
        f"/api/v1/messages/{original['id']}/forward", json={"chat_id": target["id"]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "MessageForwarded" and body["message_id"] != original["id"]
    copy = client.get(f"/api/v1/messages/{body['message_id']}").json()
    assert copy["chat_id"] == target["id"] and copy["text"] == original["text"]
    assert copy["is_sender"] == 1 and copy["account_id"] == account_id
    newest = client.get(f"/api/v1/chats/{target['id']}/messages").json()["items"][0]
    assert newest["id"] == body["message_id"]


def test_forwarding_refusals_name_what_is_wrong(client):
    whatsapp = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
    linkedin = client.get("/api/v1/chats", params={"account_type": "LINKEDIN"}).json()["items"]
    message = client.get(f"/api/v1/chats/{whatsapp[0]['id']}/messages").json()["items"][0]
    other_account = client.post(
        f"/api/v1/messages/{message['id']}/forward", json={"chat_id": linkedin[0]["id"]}
    )
    assert_envelope(other_account, 400, "errors/invalid_parameters", "chat_id: chat ")
    linkedin_message = client.get(f"/api/v1/chats/{linkedin[0]['id']}/messages").json()["items"][0]
    refused = client.post(
        f"/api/v1/messages/{linkedin_message['id']}/forward", json={"chat_id": linkedin[1]["id"]}
    )
    assert_envelope(refused, 501, "errors/feature_not_implemented", "forwarding is WhatsApp's")
    for body, error in (({}, "errors/missing_parameters"), ({"chat_id": ""}, "errors/invalid_parameters")):
        response = client.post(f"/api/v1/messages/{message['id']}/forward", json=body)
        assert_envelope(response, 400, error, "chat_id")
    missing = client.post("/api/v1/messages/nope/forward", json={"chat_id": whatsapp[1]["id"]})
    assert_envelope(missing, 404, "errors/resource_not_found", "Message not found")
    no_chat = client.post(f"/api/v1/messages/{message['id']}/forward", json={"chat_id": "nope"})
    assert_envelope(no_chat, 404, "errors/resource_not_found", "Chat not found")


# -- receipts: delivered, then read by the other side ---------------------------------------------


def test_a_whatsapp_message_is_delivered_then_read_with_its_receipts(client):
    account_id = account_of(client, WHATSAPP)
    started = start(client, account_id, STRANGER, text="Are you there?")
    path = f"/api/v1/messages/{started['message_id']}"
    sent = client.get(path).json()
    assert (sent["delivered"], sent["seen"], sent["seen_by"]) == (0, 0, {})
    client.post("/_sim/clock/advance", json={"seconds": 2})
    assert client.get(path).json()["delivered"] == 1
    read = client.post(f"/_sim/chats/{started['chat_id']}/read")
    assert read.status_code == 200, read.text
    assert read.json() == {
        "object": "ChatReadByContact", "chat_id": started["chat_id"],
        "message_id": started["message_id"],
    }  # fmt: skip
    seen = client.get(path).json()
    assert (seen["delivered"], seen["seen"], seen["seen_by"]) == (1, 1, {STRANGER: True})
    listed = client.get(f"/api/v1/chats/{started['chat_id']}/messages").json()["items"][0]
    assert listed == seen
    again = client.post(f"/_sim/chats/{started['chat_id']}/read").json()
    assert again["message_id"] is None  # nothing left unread


def test_reading_receipts_follow_the_behaviour_and_a_reply_reads_first(client):
    account_id = account_of(client, WHATSAPP)
    first = start(client, account_id, STRANGER, text="One")
    second = start(client, account_id, STRANGER, text="Two")
    client.post(f"/_sim/chats/{first['chat_id']}/reply", json={"text": "Hi!"})
    for message_id in (first["message_id"], second["message_id"]):
        message = client.get(f"/api/v1/messages/{message_id}").json()
        assert (message["delivered"], message["seen"]) == (1, 1)
    pending = client.get("/_sim/clock").json()
    assert pending["pending_events"] >= 1  # the delivery receipts still to come, in order


def test_linkedin_chats_have_no_read_receipts(client):
    chat = client.get("/api/v1/chats", params={"account_type": "LINKEDIN"}).json()["items"][0]
    assert_envelope(
        client.post(f"/_sim/chats/{chat['id']}/read"), 501, "errors/feature_not_implemented",
        "LinkedIn chats have no read receipts",
    )  # fmt: skip
    assert_envelope(client.post("/_sim/chats/nope/read"), 404, "errors/resource_not_found")


# -- the other side reacts, edits, deletes -----------------------------------------------------


@pytest.mark.parametrize("provider", [WHATSAPP, "LINKEDIN"])
def test_the_other_side_reacts_edits_and_deletes(client, provider):
    chat = client.get("/api/v1/chats", params={"account_type": provider}).json()["items"][0]
    chat_id = chat["id"]
    replied = client.post(f"/_sim/chats/{chat_id}/reply", json={"text": "Tuesday works"}).json()
    theirs, path = replied["message_id"], f"/api/v1/messages/{replied['message_id']}"
    mine = next(
        m for m in client.get(f"/api/v1/chats/{chat_id}/messages").json()["items"]
        if m["is_sender"] == 1
    )
    other = client.get(f"/api/v1/chats/{chat_id}/attendees").json()["items"][0]

    for value in ("👍", "❤️"):  # their second reaction replaces the first
        reacted = client.post(
            f"/_sim/chats/{chat_id}/react", json={"message_id": mine["id"], "value": value}
        )
        assert reacted.status_code == 200, reacted.text
    assert reacted.json() == {
        "object": "MessageChanged", "chat_id": chat_id, "message_id": mine["id"],
        "change": "reaction",
    }  # fmt: skip
    reactions = client.get(f"/api/v1/messages/{mine['id']}").json()["reactions"]
    assert reactions == [{"value": "❤️", "sender_id": other["provider_id"], "is_sender": False}]

    edited = client.post(
        f"/_sim/chats/{chat_id}/edit", json={"message_id": theirs, "text": "Wednesday works"}
    )
    assert edited.status_code == 200, edited.text
    message = client.get(path).json()
    assert (message["text"], message["edited"], message["deleted"]) == ("Wednesday works", 1, 0)
    listed = client.get(f"/api/v1/chats/{chat_id}/messages").json()["items"][0]
    assert listed == message

    assert client.post(f"/_sim/chats/{chat_id}/delete", json={"message_id": theirs}).status_code == 200
    message = client.get(path).json()
    assert (message["text"], message["deleted"], message["attachments"]) == (None, 1, [])

    assert_envelope(
        client.post(f"/_sim/chats/{chat_id}/edit", json={"message_id": theirs, "text": "x"}),
        400, "errors/invalid_parameters", "is deleted",
    )  # fmt: skip
    assert_envelope(
        client.post(f"/_sim/chats/{chat_id}/delete", json={"message_id": mine["id"]}),
        400, "errors/invalid_parameters", "only what it sent",
    )  # fmt: skip


def test_changes_name_what_is_wrong(client):
    chats = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
    message = client.get(f"/api/v1/chats/{chats[1]['id']}/messages").json()["items"][0]
    elsewhere = client.post(
        f"/_sim/chats/{chats[0]['id']}/react", json={"message_id": message["id"], "value": "👍"}
    )
    assert_envelope(elsewhere, 400, "errors/invalid_parameters", "is not in chat")
    assert_envelope(
        client.post(f"/_sim/chats/{chats[0]['id']}/react", json={"message_id": "nope", "value": "x"}),
        404, "errors/resource_not_found", "Message not found",
    )  # fmt: skip
    assert_envelope(
        client.post("/_sim/chats/nope/react", json={"message_id": message["id"], "value": "x"}),
        404, "errors/resource_not_found", "Chat not found",
    )  # fmt: skip
    missing = client.post(f"/_sim/chats/{chats[0]['id']}/react", json={"message_id": "x"})
    assert_envelope(missing, 400, "errors/missing_parameters", "value")


# -- quotes, and a group's creation ------------------------------------------------------------


def test_a_quote_shows_the_quoted_message_and_the_other_side_can_quote_too(client):
    chat = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"][0]
    chat_id = chat["id"]
    theirs = client.get(f"/api/v1/chats/{chat_id}/messages").json()["items"][0]
    sent = client.post(
        f"/api/v1/chats/{chat_id}/messages", json={"text": "Agreed", "quote_id": theirs["id"]}
    )
    assert sent.status_code == 201, sent.text
    mine = client.get(f"/api/v1/messages/{sent.json()['message_id']}").json()
    assert mine["quoted"] == {
        "provider_id": theirs["provider_id"], "sender_id": theirs["sender_id"],
        "text": theirs["text"], "attachments": theirs["attachments"],
    }  # fmt: skip
    listed = client.get(f"/api/v1/chats/{chat_id}/messages").json()["items"][0]
    assert listed == mine
    reply = client.post(
        f"/_sim/chats/{chat_id}/reply", json={"text": "Great", "quote_id": mine["id"]}
    ).json()
    quoted_back = client.get(f"/api/v1/messages/{reply['message_id']}").json()["quoted"]
    assert quoted_back["text"] == "Agreed" and quoted_back["sender_id"] == mine["sender_id"]
    other = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"][1]
    foreign = client.get(f"/api/v1/chats/{other['id']}/messages").json()["items"][0]
    for quote_id in ("nope", foreign["id"]):
        refused = client.post(
            f"/api/v1/chats/{chat_id}/messages", json={"text": "x", "quote_id": quote_id}
        )
        assert_envelope(refused, 400, "errors/invalid_parameters", "quote_id: no message")


def test_a_new_group_starts_with_its_creation_event(client):
    account_id = account_of(client, WHATSAPP)
    one, two = reachable(client, WHATSAPP)[:2]
    started = start(client, account_id, one.provider_id, two.provider_id, text="Welcome!")
    messages = client.get(f"/api/v1/chats/{started['chat_id']}/messages").json()["items"]
    welcome, created = messages
    assert welcome["id"] == started["message_id"] and welcome["is_event"] == 0
    assert "event_type" not in welcome
    assert (created["is_event"], created["event_type"], created["text"]) == (1, 3, None)
    assert created["is_sender"] == 1
    quoting_event = client.post(
        f"/api/v1/chats/{started['chat_id']}/messages",
        json={"text": "x", "quote_id": created["id"]},
    )
    assert_envelope(quoting_event, 400, "errors/invalid_parameters", "cannot be quoted")


def test_a_whatsapp_account_checks_whether_a_number_is_on_whatsapp(client):
    account_id = account_of(client, WHATSAPP)
    on = reachable(client, WHATSAPP)[0]
    off = next(
        contact
        for person in directory(client).people
        if not (contact := contact_of(person, WHATSAPP)).reachable
    )

    def profile(identifier: str):
        return client.get(f"/api/v1/users/{identifier}", params={"account_id": account_id})

    for identifier in (on.provider_id, on.lid, STRANGER):
        response = profile(identifier)
        assert response.status_code == 200, response.text
        assert response.json()["object"] == "UserProfile"
        assert response.json()["provider"] == WHATSAPP
        assert response.json()["id"] in (on.provider_id, STRANGER)
    assert_envelope(profile(off.provider_id), 404, "errors/resource_not_found", "not on WhatsApp")
    assert_envelope(profile("jane-doe"), 400, "errors/invalid_parameters", "identifier: a WhatsApp")


# -- voice notes and stickers from the other side ------------------------------------------------


def test_the_other_side_sends_a_voice_note_and_a_sticker_served_as_bytes(client):
    chat = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"][0]
    path = f"/_sim/chats/{chat['id']}/reply"
    voice = client.post(path, json={"form": "voice_note"})
    assert voice.status_code == 201, voice.text
    message = client.get(f"/api/v1/messages/{voice.json()['message_id']}").json()
    [audio] = message["attachments"]
    assert (message["text"], audio["type"], audio["voice_note"]) == (None, "audio", True)
    assert audio["mimetype"] == "audio/wav" and 2 <= audio["duration"] <= 15
    served = client.get(f"/api/v1/messages/{message['id']}/attachments/{audio['id']}")
    assert served.content[:4] == b"RIFF" and len(served.content) == audio["file_size"]

    sticker = client.post(path, json={"form": "sticker"}).json()
    [image] = client.get(f"/api/v1/messages/{sticker['message_id']}").json()["attachments"]
    assert (image["type"], image["sticker"], image["size"]) == (
        "img", True, {"width": 120, "height": 120}
    )  # fmt: skip


def test_reply_forms_name_what_is_wrong(client):
    whatsapp = client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"][0]
    linkedin = client.get("/api/v1/chats", params={"account_type": "LINKEDIN"}).json()["items"][0]
    assert_envelope(
        client.post(f"/_sim/chats/{linkedin['id']}/reply", json={"form": "sticker"}),
        400, "errors/invalid_parameters", "form: LinkedIn has no stickers",
    )  # fmt: skip
    assert_envelope(
        client.post(f"/_sim/chats/{whatsapp['id']}/reply", json={"form": "voice_note", "text": "x"}),
        400, "errors/invalid_parameters", "text: a voice_note reply has no text",
    )  # fmt: skip
    assert_envelope(
        client.post(f"/_sim/chats/{whatsapp['id']}/reply", json={}),
        400, "errors/missing_parameters", "text",
    )  # fmt: skip
    assert_envelope(
        client.post(f"/_sim/chats/{whatsapp['id']}/reply", json={"form": "gif"}),
        400, "errors/invalid_parameters", "form",
    )  # fmt: skip


# -- group events ---------------------------------------------------------------------------


def test_a_member_renames_a_whatsapp_group_then_another_leaves_it(client):
    group = next(
        chat
        for chat in client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
        if chat["type"] == 1
    )
    path = f"/_sim/chats/{group['id']}"
    members = client.get(f"/api/v1/chats/{group['id']}/attendees").json()["items"]
    others = [m for m in members if m["is_self"] == 0]
    assert len(others) >= 2

    renamed = client.post(f"{path}/subject", json={"subject": "Robotics, phase 2"})
    assert renamed.status_code == 201, renamed.text
    assert renamed.json()["event_type"] == 4
    assert client.get(f"/api/v1/chats/{group['id']}").json()["name"] == "Robotics, phase 2"

    left = client.post(f"{path}/leave", json={"attendee_id": others[-1]["id"]})
    assert left.status_code == 201, left.text
    event = client.get(f"/api/v1/messages/{left.json()['message_id']}").json()
    assert (event["is_event"], event["event_type"], event["text"]) == (1, 7, None)
    assert event["sender_id"] == others[-1]["provider_id"]
    after = client.get(f"/api/v1/chats/{group['id']}/attendees").json()["items"]
    assert [m["id"] for m in after] == [m["id"] for m in members if m["id"] != others[-1]["id"]]
    assert client.get(f"/api/v1/chats/{group['id']}").json()["type"] == 1  # still a group

    assert_envelope(
        client.post(f"{path}/leave", json={"attendee_id": others[-1]["id"]}),
        400, "errors/invalid_parameters", "is not a member of",
    )  # fmt: skip
    one_to_one = next(
        chat
        for chat in client.get("/api/v1/chats", params={"account_type": WHATSAPP}).json()["items"]
        if chat["type"] == 0
    )
    assert_envelope(
        client.post(f"/_sim/chats/{one_to_one['id']}/subject", json={"subject": "x"}),
        400, "errors/invalid_parameters", "chat_id: chat ",
    )  # fmt: skip


def test_the_last_other_member_stays_and_linkedin_groups_have_no_events(client):
    account_id = account_of(client, WHATSAPP)
    one, two = reachable(client, WHATSAPP)[:2]
    chat_id = start(client, account_id, one.provider_id, two.provider_id)["chat_id"]
    first, second = client.get(f"/api/v1/chats/{chat_id}/attendees").json()["items"][:2]
    assert client.post(f"/_sim/chats/{chat_id}/leave", json={"attendee_id": first["id"]}).status_code == 201
    assert_envelope(
        client.post(f"/_sim/chats/{chat_id}/leave", json={"attendee_id": second["id"]}),
        400, "errors/invalid_parameters", "is the last other member",
    )  # fmt: skip
    assert client.get(f"/api/v1/chats/{chat_id}").json()["type"] == 1
    linkedin = client.get("/api/v1/chats", params={"account_type": "LINKEDIN"}).json()["items"][0]
    assert_envelope(
        client.post(f"/_sim/chats/{linkedin['id']}/subject", json={"subject": "x"}),
        400, "errors/invalid_parameters", "is no group off LinkedIn",
    )  # fmt: skip
