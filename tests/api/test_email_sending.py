"""Sending email over /api/v1/emails and /api/v1/drafts (in-process, strict mode): what lands
in Sent, threads, refusals that store nothing, drafts in both shapes, SMTP outcomes and caps
from the scenario, and what recipients do on the world clock."""

import json

import pytest

from tests.api.conftest import DEFAULT_KEY, assert_envelope

ACME = "kim@acme.example"


def gmail(client) -> str:
    accounts = client.get("/api/v1/accounts").json()["items"]
    return next(a["id"] for a in accounts if a["type"] == "GOOGLE_OAUTH")


def multipart(client, fields, files=()):
    form = [(name, (None, value if isinstance(value, str) else json.dumps(value))) for name, value in fields.items()]
    return client.post("/api/v1/emails", files=[*form, *files])


def sent_folder(client, account_id):
    return client.get("/api/v1/emails", params={"account_id": account_id, "role": "sent", "limit": 250}).json()["items"]


def events(client, names):
    world = client.app.state.registry.get(client.headers["X-API-KEY"])
    seen = []
    world.bus.subscribe(lambda event: seen.append(event) if event.name in names else None)
    return seen


def test_a_sent_email_is_in_sent_read_with_its_tracking_id_and_announced(client):
    account_id = gmail(client)
    published = events(client, {"mail_sent"})
    before = len(sent_folder(client, account_id))
    response = multipart(client, {
        "account_id": account_id, "to": [{"identifier": ACME, "display_name": "Kim"}],
        "cc": [{"identifier": "lee@acme.example"}], "subject": "Hello", "body": "<p>Hello <b>Kim</b></p>",
        "custom_headers": [{"name": "X-Campaign", "value": "q1"}],
    }, files=[("attachments", ("deck.pdf", b"%PDF-1.4 deck", "application/pdf"))])
    assert response.status_code == 201, response.text
    sent = response.json()
    assert sent["object"] == "EmailSent" and sent["tracking_id"] and sent["id"]
    assert len(sent_folder(client, account_id)) == before + 1
    email = client.get(f"/api/v1/emails/{sent['id']}", params={"include_headers": "true"}).json()
    assert (email["role"], email["origin"], email["tracking_id"]) == ("sent", "unipile", sent["tracking_id"])
    assert email["read_date"] is not None and email["provider_id"] == sent["provider_id"]
    assert [a["identifier"] for a in email["to_attendees"]] == [ACME]
    assert email["cc_attendees"][0]["identifier"] == "lee@acme.example"
    assert email["body_plain"] == "Hello Kim"
    assert {"name": "X-Campaign", "value": "q1"} in email["headers"]
    attachment = email["attachments"][0]
    assert (attachment["name"], attachment["mime"], attachment["size"]) == ("deck.pdf", "application/pdf", 13)
    served = client.get(f"/api/v1/emails/{sent['id']}/attachments/{attachment['id']}")
    assert served.content == b"%PDF-1.4 deck"
    assert [e.data["email_id"] for e in published] == [sent["id"]]


def test_a_reply_threads_under_its_parent_by_either_id(client):
    account_id = gmail(client)
    inbox = client.get("/api/v1/emails", params={"account_id": account_id, "role": "inbox"}).json()["items"]
    parent = inbox[0]
    for reply_to in (parent["id"], parent["provider_id"]):
        sent = multipart(client, {"account_id": account_id, "to": [{"identifier": parent["from_attendee"]["identifier"]}],
                                  "body": "Thanks!", "reply_to": reply_to}).json()
        reply = client.get(f"/api/v1/emails/{sent['id']}").json()
        assert reply["thread_id"] == parent["thread_id"]
        assert reply["in_reply_to"] == {"message_id": parent["message_id"], "id": parent["id"]}
        assert reply["subject"].startswith("Re: ") and parent["subject"].removeprefix("Re: ") in reply["subject"]
        headers = client.get(f"/api/v1/emails/{sent['id']}", params={"include_headers": "true"}).json()["headers"]
        assert {"name": "In-Reply-To", "value": parent["message_id"]} in headers
    refused = multipart(client, {"account_id": account_id, "to": [{"identifier": ACME}], "body": "x",
                                 "reply_to": parent["id"], "subject": "Something else"})
    assert_envelope(refused, 422, "errors/invalid_reply_subject", "subject")


@pytest.mark.parametrize(
    ("fields", "status", "error_type", "names"),
    [
        ({"to": "kim@acme.example"}, 400, "errors/invalid_parameters", "to"),
        ({"to": "[{\"identifier\": "}, 400, "errors/invalid_parameters", "to: expected JSON"),
        ({"to": [{"identifier": "not-an-address"}]}, 400, "errors/invalid_parameters", "to[0].identifier"),
        ({"cc": [{"identifier": ACME}, {"identifier": "x@"}]}, 400, "errors/invalid_parameters", "cc[1].identifier"),
        ({"from": {"identifier": "me at home"}}, 400, "errors/invalid_parameters", "from.identifier"),
        ({"reply_to": "QRN8tKYAXfKv3qilPVNG7w"}, 422, "errors/parent_mail_not_found", "reply_to"),
        ({"custom_headers": [{"name": "Subject", "value": "x"}]}, 422, "errors/invalid_headers", "custom_headers[0].name"),
        ({"custom_headers": [{"name": "X-A", "value": "a\r\nBcc: x@y.z"}]}, 422, "errors/invalid_headers", "custom_headers[0].value"),
        ({"tracking_options": {"opens": "yes"}}, 400, "errors/invalid_parameters", "tracking_options.opens"),
        ({"priority": "high"}, 400, "errors/invalid_parameters", "priority"),
        ({"body": None}, 400, "errors/missing_parameters", "body"),
        ({"to": None}, 400, "errors/missing_parameters", "to"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(client, fields, status, error_type, names):
    account_id = gmail(client)
    before = len(sent_folder(client, account_id))
    base = {"account_id": account_id, "to": [{"identifier": ACME}], "body": "<p>Hi</p>"}
    merged = {name: value for name, value in {**base, **fields}.items() if value is not None}
    assert_envelope(multipart(client, merged), status, error_type, names)
    assert len(sent_folder(client, account_id)) == before


def test_an_attachment_over_25_mib_is_refused_naming_it(client):
    account_id = gmail(client)
    before = len(sent_folder(client, account_id))
    big = b"\0" * (25 * 1024 * 1024 + 1)
    response = multipart(client, {"account_id": account_id, "to": [{"identifier": ACME}], "body": "x"},
                         files=[("attachments", ("ok.txt", b"ok", "text/plain")), ("attachments", ("big.bin", big, "application/octet-stream"))])
    assert_envelope(response, 400, "errors/content_too_large", "attachments[1]")
    assert len(sent_folder(client, account_id)) == before


def test_a_read_emails_attendees_can_be_passed_on_as_recipients(client):
    account_id = gmail(client)
    account = client.get(f"/api/v1/accounts/{account_id}").json()
    address = account["connection_params"]["mail"]["username"]
    inbox = client.get("/api/v1/emails", params={"account_id": account_id, "role": "inbox"}).json()["items"]
    sent = multipart(client, {"account_id": account_id, "to": [inbox[0]["from_attendee"]], "body": "Hi",
                              "from": {"identifier": address, "display_name": "Me"}})
    assert sent.status_code == 201, sent.text
    email = client.get(f"/api/v1/emails/{sent.json()['id']}").json()
    assert email["to_attendees"] == [inbox[0]["from_attendee"]]
    assert email["from_attendee"]["identifier"] == address and "@" in address


def test_a_json_send_and_a_mailbox_that_is_not_one(client):
    account_id = gmail(client)
    sent = client.post("/api/v1/emails", json={"account_id": account_id, "to": [{"identifier": ACME}], "body": "Plain"})
    assert sent.status_code == 201 and sent.json()["id"]
    linkedin = client.get("/api/v1/accounts").json()["items"][0]["id"]
    refused = client.post("/api/v1/emails", json={"account_id": linkedin, "to": [{"identifier": ACME}], "body": "x"})
    assert_envelope(refused, 422, "errors/invalid_account", "account_id")


def test_a_draft_waits_in_drafts_then_is_sent_by_its_id(client):
    account_id = gmail(client)
    created = client.post("/api/v1/drafts", json={
        "account_id": account_id, "to": [{"identifier": ACME}], "subject": "Proposal", "body": "<p>Draft</p>",
    })
    assert created.status_code == 200, created.text
    draft_id = created.json()["draft_id"]
    draft = client.get(f"/api/v1/emails/{draft_id}").json()
    assert (draft["role"], draft["subject"]) == ("drafts", "Proposal")
    drafts = client.get("/api/v1/emails", params={"account_id": account_id, "role": "drafts"}).json()["items"]
    assert [d["id"] for d in drafts] == [draft_id]
    sent = multipart(client, {"account_id": account_id, "draft_id": draft_id}).json()
    email = client.get(f"/api/v1/emails/{sent['id']}").json()
    assert (email["role"], email["subject"], email["body"]) == ("sent", "Proposal", "<p>Draft</p>")
    assert client.get("/api/v1/emails", params={"account_id": account_id, "role": "drafts"}).json()["items"] == []
    assert_envelope(client.get(f"/api/v1/emails/{draft_id}"), 404, "errors/resource_not_found")
    again = multipart(client, {"account_id": account_id, "draft_id": draft_id})
    assert_envelope(again, 404, "errors/resource_not_found", "draft_id")


def test_postpress_drafts_take_plain_addresses_and_text(client):
    account_id = gmail(client)
    for path in ("/v1/emails/drafts", "/v1/drafts", "/api/v1/emails/drafts"):
        created = client.post(path, json={"account_id": account_id, "to": [ACME], "subject": "Hi", "text": "Plain words"})
        assert created.status_code == 200, created.text
        draft = client.get(f"/api/v1/emails/{created.json()['draft_id']}").json()
        assert draft["to_attendees"] == [{"identifier": ACME, "identifier_type": "EMAIL_ADDRESS"}]
        assert draft["body"] == "Plain words"
    bad = client.post("/v1/emails/drafts", json={"account_id": account_id, "to": ["nope"], "text": "x"})
    assert_envelope(bad, 400, "errors/invalid_parameters", "to[0]")


SCENARIO = {
    "name": "mail-rules",
    "clock": {"start": "2026-01-05T09:00:00Z"},
    "accounts": [
        {"id": "gmail", "provider": "GOOGLE_OAUTH", "email": "me@gmail.com", "name": "Me"},
        {"id": "outlook", "provider": "OUTLOOK", "email": "me@outlook.com", "name": "Me"},
    ],
    "limits": {"emails_per_day": {"GOOGLE_OAUTH": 3}},
    "email": {
        "refusals": [
            {"address": "gone@acme.example", "error": "recipient_rejected"},
            {"address": "ceo@gmail.com", "error": "send_as_denied"},
        ],
        "bounces": ["@bounce.example"],
    },
    "behaviours": {"email": {"opens": 1, "clicks": 1, "replies": 1, "out_of_office": 1,
                             "texts": ["Let's talk Tuesday."]}},
}


@pytest.fixture
def rules(client):
    created = client.post("/_sim/tenants", json={"scenario": SCENARIO})
    assert created.status_code == 201, created.text
    client.headers["X-API-KEY"] = created.json()["api_key"]
    yield client
    client.headers["X-API-KEY"] = DEFAULT_KEY


def test_smtp_refusals_and_the_daily_cap_come_from_the_scenario(rules):
    client = rules
    refused = multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}, {"identifier": "gone@acme.example"}], "body": "x"})
    assert_envelope(refused, 422, "errors/recipient_rejected", "to[1].identifier")
    alias = multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}], "body": "x", "from": {"identifier": "ceo@gmail.com"}})
    assert_envelope(alias, 422, "errors/send_as_denied", "from.identifier")
    assert sent_folder(client, "gmail") == []
    for _ in range(3):
        assert multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}], "body": "x"}).status_code == 201
    capped = multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}], "body": "x"})
    assert_envelope(capped, 429, "errors/too_many_requests", "3 emails in 24 hours")
    assert len(sent_folder(client, "gmail")) == 3
    client.post("/_sim/clock/advance", json={"seconds": 86_400})
    assert multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}], "body": "x"}).status_code == 201


def test_outlook_answers_without_the_new_mails_ids(rules):
    sent = multipart(rules, {"account_id": "outlook", "to": [{"identifier": ACME}], "body": "x"}).json()
    assert sent["id"] is None and sent["provider_id"] is None and sent["tracking_id"]
    assert sent_folder(rules, "outlook")[0]["folders"] == ["Sent Items"]


def test_recipients_bounce_answer_out_of_office_open_click_and_reply(rules):
    client = rules
    published = events(client, {"mail_received", "mail_opened", "mail_link_clicked"})
    body = '<html><body><p>Hi, see <a href="https://acme.example/pricing">pricing</a></p></body></html>'
    sent = multipart(client, {"account_id": "gmail", "to": [{"identifier": ACME}, {"identifier": "who@bounce.example"}],
                              "subject": "Pricing", "body": body,
                              "tracking_options": {"opens": True, "links": True, "label": "step-1"}}).json()
    client.post("/_sim/clock/advance", json={"seconds": 3 * 86_400})
    received = client.get("/api/v1/emails", params={"account_id": "gmail", "role": "inbox"}).json()["items"]
    by_subject = {e["subject"]: e for e in received}
    bounce = by_subject["Delivery Status Notification (Failure)"]
    assert bounce["from_attendee"]["identifier"].startswith("mailer-daemon@")
    assert "who@bounce.example" in bounce["body_plain"] and bounce["in_reply_to"]["id"] == sent["id"]
    assert by_subject["Automatic reply: Pricing"]["from_attendee"]["identifier"] == ACME
    reply = by_subject["Re: Pricing"]
    assert reply["body"] == "<p>Let's talk Tuesday.</p>" and reply["in_reply_to"]["id"] == sent["id"]
    assert reply["read_date"] is None
    names = [e.name for e in published]
    assert names.count("mail_received") == 3
    opened = [e.data for e in published if e.name == "mail_opened"]
    clicked = [e.data for e in published if e.name == "mail_link_clicked"]
    assert [(o["tracking_id"], o["label"], o["email_id"]) for o in opened] == [(sent["tracking_id"], "step-1", sent["id"])]
    assert [c["url"] for c in clicked] == ["https://acme.example/pricing"]
    assert opened[0]["ip"].startswith("203.0.113.") and opened[0]["user_agent"]


def test_the_control_plane_delivers_mail_and_replies_to_a_sent_one(client):
    account_id = gmail(client)
    published = events(client, {"mail_received"})
    delivered = client.post("/_sim/emails", json={
        "account_id": account_id, "from": {"identifier": "lee@acme.example", "display_name": "Lee"},
        "subject": "Question", "body": "<p>Do you have a minute?</p>",
    })
    assert delivered.status_code == 201, delivered.text
    inbound = client.get(f"/api/v1/emails/{delivered.json()['email_id']}").json()
    assert (inbound["role"], inbound["read_date"], inbound["subject"]) == ("inbox", None, "Question")
    assert inbound["from_attendee"] == {"display_name": "Lee", "identifier": "lee@acme.example", "identifier_type": "EMAIL_ADDRESS"}

    sent = multipart(client, {"account_id": account_id, "to": [{"identifier": ACME}, {"identifier": "lee@acme.example"}],
                              "subject": "Intro", "body": "<p>Hello</p>"}).json()
    answered = client.post(f"/_sim/emails/{sent['id']}/reply", json={"from": "lee@acme.example", "body": "Sure <3"})
    assert answered.status_code == 201, answered.text
    reply = client.get(f"/api/v1/emails/{answered.json()['email_id']}").json()
    assert reply["subject"] == "Re: Intro" and reply["body"] == "<p>Sure &lt;3</p>"
    assert reply["in_reply_to"]["id"] == sent["id"] and reply["thread_id"] == answered.json()["thread_id"]
    assert reply["from_attendee"]["identifier"] == "lee@acme.example"
    assert [e.data["email_id"] for e in published] == [inbound["id"], reply["id"]]

    assert_envelope(client.post(f"/_sim/emails/{sent['id']}/reply", json={"from": "eve@x.example"}),
                    400, "errors/invalid_parameters", "from")
    assert_envelope(client.post(f"/_sim/emails/{inbound['id']}/reply", json={}), 422,
                    "errors/unprocessable_entity", "email_id")
    assert_envelope(client.post("/_sim/emails/nope/reply", json={}), 404, "errors/resource_not_found")
    assert_envelope(client.post("/_sim/emails", json={"account_id": account_id, "from": {"identifier": "nope"}, "body": "x"}),
                    400, "errors/invalid_parameters", "from.identifier")
    linkedin = client.get("/api/v1/accounts").json()["items"][0]["id"]
    assert_envelope(client.post("/_sim/emails", json={"account_id": linkedin, "from": {"identifier": "a@b.example"}, "body": "x"}),
                    422, "errors/invalid_account", "account_id")


def test_recipients_of_a_population_act_as_it_says(client):
    scenario = {
        "name": "populations",
        "accounts": [{"id": "gmail", "provider": "GOOGLE_OAUTH", "email": "me@gmail.com"}],
        "behaviours": {"email": {"replies": 0, "populations": [
            {"domains": ["clients.example"], "replies": 1, "reply_delay": {"min": "1m", "max": "2m"}},
        ]}},
    }
    created = client.post("/_sim/tenants", json={"scenario": scenario})
    assert created.status_code == 201, created.text
    client.headers["X-API-KEY"] = created.json()["api_key"]
    for to in ("kim@clients.example", "lee@cold.example"):
        assert multipart(client, {"account_id": "gmail", "to": [{"identifier": to}], "subject": "Hi", "body": "x"}).status_code == 201
    fired = client.post("/_sim/clock/advance", json={"seconds": 3 * 86_400}).json()["fired"]
    assert [(e["kind"], e["to"]) for e in fired] == [("email_reply", "kim@clients.example")]
    client.headers["X-API-KEY"] = DEFAULT_KEY
