"""POST /chats and /chats/{id}/messages as multipart/form-data, exactly as unipile-node-sdk 1.9.3
sends them: `attendees_ids` repeated, `linkedin[api]`, `linkedin[inmail]` as "true"/"false",
files as `attachments` parts typed application/octet-stream (the SDK wraps each buffer in a
`Blob` without a type).

`fixtures/sdk_formdata.json` holds bodies serialized by Node's own FormData (undici), built the
way the SDK builds them (`fixtures/capture_sdk_formdata.mjs`); `sdk_form` below writes the same
bytes, so the other cases can vary the fields.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.api.conftest import assert_envelope
from tests.api.network_helpers import linkedin_accounts, people_at

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "sdk_formdata.json").read_text())
ANA = "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000002008060000001f15c489")
BOUNDARY = "----formdata-undici-012345678901"

Field = tuple[str, str] | tuple[str, str, bytes]  # (name, value) or (name, filename, bytes)


def sdk_form(fields: list[Field], boundary: str = BOUNDARY) -> tuple[bytes, str]:
    """A multipart body as undici serializes a FormData (CRLF lines, files as octet-stream)."""
    out = bytearray()
    for field in fields:
        out += f"--{boundary}\r\n".encode()
        if len(field) == 2:
            name, value = field
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            out += value.encode() + b"\r\n"
        else:
            name, filename, content = field
            out += (
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
            )
            out += b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def start_chat_fields(
    account_id, attendees, text="Hello from the SDK", api="classic", inmail=False, files=()
):
    """The order of `startNewChat`: account_id, text, attendees_ids..., linkedin[...], files."""
    fields: list[Field] = [("account_id", account_id), ("text", text)]
    fields += [("attendees_ids", attendee) for attendee in attendees]
    fields += [("linkedin[api]", api), ("linkedin[inmail]", "true" if inmail else "false")]
    fields += [("attachments", name, content) for name, content in files]
    return fields


def post_form(client, path, fields):
    body, content_type = sdk_form(fields)
    return client.post(path, content=body, headers={"Content-Type": content_type})


def test_the_python_builder_writes_the_bytes_node_writes():
    account = "pd4XTSp1_e7ME6t9hf3Kqg"
    cases = {
        "start_chat": start_chat_fields(account, [ANA], files=[("hello.png", PNG)]),
        "send_message": [
            ("text", "Follow-up with the deck"),
            ("attachments", "notes.pdf", b"%PDF-1.4\n%sim\n"),
        ],
    }
    for name, fields in cases.items():
        captured = FIXTURE[name]
        boundary = captured["content_type"].partition("boundary=")[2]  # one per FormData
        body, content_type = sdk_form(fields, boundary)
        assert content_type == captured["content_type"]
        assert body == base64.b64decode(captured["body_base64"])


def test_node_s_own_bytes_start_a_chat_and_send_in_it(client):
    start = FIXTURE["start_chat"]
    response = client.post(
        "/api/v1/chats",
        content=base64.b64decode(start["body_base64"]),
        headers={"Content-Type": start["content_type"]},
    )
    assert response.status_code == 201, response.text
    started = response.json()
    message = client.get(f"/api/v1/messages/{started['message_id']}").json()
    assert message["text"] == "Hello from the SDK" and message["sender_id"] != ANA
    [image] = message["attachments"]
    assert image["type"] == "img" and image["mimetype"] == "image/png"  # typed by its name
    assert image["size"] == {"width": 16, "height": 32} and image["file_size"] == len(PNG)
    served = client.get(f"/api/v1/messages/{message['id']}/attachments/{image['id']}")
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"

    send = FIXTURE["send_message"]
    response = client.post(
        f"/api/v1/chats/{started['chat_id']}/messages",
        content=base64.b64decode(send["body_base64"]),
        headers={"Content-Type": send["content_type"]},
    )
    assert response.status_code == 201, response.text
    sent = client.get(f"/api/v1/messages/{response.json()['message_id']}").json()
    [pdf] = sent["attachments"]
    assert (pdf["type"], pdf["mimetype"], pdf["file_name"]) == (
        "file",
        "application/pdf",
        "notes.pdf",
    )
    served = client.get(f"/api/v1/messages/{sent['id']}/attachments/{pdf['id']}")
    assert served.content == b"%PDF-1.4\n%sim\n"
    assert served.headers["content-type"].startswith("application/pdf")
    assert "notes.pdf" in served.headers["content-disposition"]


def test_linkedin_inmail_true_as_text_sends_an_inmail(client):
    account = linkedin_accounts(client).sales_navigator
    stranger = people_at(client, account, 3, 1)[0]["id"]

    def balance() -> dict:
        return client.get("/api/v1/linkedin/inmail_balance", params={"account_id": account}).json()

    before = balance()["premium"]
    response = post_form(
        client, "/api/v1/chats", start_chat_fields(account, [stranger], inmail=True)
    )
    assert response.status_code == 201, response.text
    assert balance()["premium"] == before - 1
    chat = client.get(f"/api/v1/chats/{response.json()['chat_id']}").json()
    assert chat["content_type"] == "inmail" and chat["lastMessage"]["message_type"] == "INMAIL"
    refused = post_form(
        client, "/api/v1/chats", start_chat_fields(account, [stranger], inmail=False)
    )
    assert_envelope(refused, 422, "errors/no_connection_with_recipient")


def test_repeated_attendees_ids_open_a_group_chat(client):
    account = linkedin_accounts(client).sales_navigator
    relations = client.get(
        "/api/v1/users/relations", params={"account_id": account, "limit": 2}
    ).json()
    ids = [item["member_id"] for item in relations["items"]]
    response = post_form(client, "/api/v1/chats", start_chat_fields(account, ids))
    assert response.status_code == 201, response.text
    chat = client.get(f"/api/v1/chats/{response.json()['chat_id']}").json()
    assert chat["type"] == 1 and "attendee_provider_id" not in chat
    attendees = client.get(f"/api/v1/chats/{chat['id']}/attendees").json()["items"]
    assert [a["provider_id"] for a in attendees if not a["is_self"]] == ids


def test_sales_navigator_without_the_seat_is_403(client):
    account = linkedin_accounts(client).free
    response = post_form(
        client, "/api/v1/chats", start_chat_fields(account, [ANA], api="sales_navigator")
    )
    assert_envelope(response, 403, "errors/feature_not_subscribed")


@pytest.mark.parametrize(
    ("fields", "status", "error_type", "field"),
    [
        ([("text", "x"), ("attendees_ids", ANA)], 400, "errors/missing_parameters", "account_id"),
        ([("account_id", "a"), ("text", "x")], 400, "errors/missing_parameters", "attendees_ids"),
        ([("account_id", "a"), ("account_id", "b"), ("attendees_ids", ANA)], 400, "errors/invalid_parameters", "account_id"),
        ([("account_id", "a"), ("attendees_ids", ANA), ("linkedin[inmail]", "yes")], 400, "errors/invalid_parameters", "linkedin[inmail]"),
        ([("account_id", "a"), ("attendees_ids", ANA), ("linkedin[api]", "gold")], 400, "errors/invalid_parameters", "linkedin.api"),
        ([("account_id", "a"), ("attendees_ids", ANA), ("colour", "red")], 400, "errors/invalid_parameters", "colour"),
        ([("account_id", "a"), ("attendees_ids", "x.png", b"!")], 400, "errors/invalid_parameters", "attendees_ids"),
        ([("account_id", "a"), ("attendees_ids", ANA), ("attachments", "text, not a file")], 400, "errors/invalid_parameters", "attachments"),
    ],
)  # fmt: skip
def test_bad_forms_are_400s_naming_the_field(client, fields, status, error_type, field):
    body = assert_envelope(post_form(client, "/api/v1/chats", fields), status, error_type)
    assert body["detail"].startswith(field)


def test_a_broken_multipart_body_is_malformed_request(client):
    response = client.post(
        "/api/v1/chats",
        content=b"--nope\r\nContent-Disposition: form-data\r\n\r\nx",
        headers={"Content-Type": "multipart/form-data"},  # no boundary
    )
    assert_envelope(response, 400, "errors/malformed_request")


def test_file_rules_in_a_form(client):
    account = linkedin_accounts(client).free
    chat_id = post_form(client, "/api/v1/chats", start_chat_fields(account, [ANA])).json()[
        "chat_id"
    ]
    path = f"/api/v1/chats/{chat_id}/messages"
    too_big = b"0" * (15 * 1024 * 1024 + 1)
    body = assert_envelope(
        post_form(client, path, [("text", "deck"), ("attachments", "deck.pdf", too_big)]),
        400,
        "errors/content_too_large",
    )
    assert body["detail"].startswith("attachments[0]:")
    body = assert_envelope(
        post_form(client, path, [("text", "run me"), ("attachments", "setup.exe", b"MZ")]),
        415,
        "errors/unsupported_media_type",
    )
    assert body["detail"].startswith("attachments[0]:")
    voice = post_form(client, path, [("voice_message", "hello.m4a", b"\x00\x00\x00\x18ftypM4A ")])
    assert voice.status_code == 201, voice.text
    message = client.get(f"/api/v1/messages/{voice.json()['message_id']}").json()
    assert message["text"] is None
    assert [(a["type"], a["voice_note"]) for a in message["attachments"]] == [("audio", True)]
