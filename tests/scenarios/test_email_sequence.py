"""email-sequence: a three-step sequence from Gmail, run the way a sequencer runs it: tracked
first emails, follow-ups in the same thread two days apart, stop for whoever replies or
bounces. Opens, clicks, replies, out-of-office notes and the bounce come from the scenario's
behaviours on the world clock."""

from datetime import datetime, timedelta

from tests.scenarios.conftest import DAY, advance, kinds

SCENARIO = "email-sequence"
ACCOUNT = "gmail-sdr"
PROSPECTS = [
    "ana.silva@globex.example", "ben.okafor@initech.example", "kim.lee@acme.example",
    "sam.ortiz@umbrella.example", "lou.chen@hooli.example", "max.roy@vandelay.example",
    "eve.hart@stark.example", "ivy.moss@wayne.example", "lee.park@defunct.example",
]  # fmt: skip
BODY = '<p>Hi, a two-minute read: <a href="https://northwind.example/case-study">our case study</a>.</p>'


def send(sim, to, **fields):
    fields = {"body": BODY, "tracking_options": '{"opens": true, "links": true, "label": "seq"}'} | fields
    return sim.post("/api/v1/emails", files=[
        ("account_id", (None, ACCOUNT)), ("to", (None, f'[{{"identifier": "{to}"}}]')),
        *((name, (None, value)) for name, value in fields.items()),
    ])


def inbox_since(sim, since):
    emails = sim.get("/api/v1/emails", params={"account_id": ACCOUNT, "role": "inbox", "after": since, "limit": 250})
    return emails.json()["items"]


def test_a_sequence_stops_for_replies_and_bounces_and_follows_up_in_thread(sim):
    now = datetime.fromisoformat(sim.get("/_sim/clock").json()["now"].replace("Z", "+00:00"))
    start = (now - timedelta(milliseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    refused = send(sim, "gone@globex.example", subject="Quick idea")
    assert refused.status_code == 422 and refused.json()["type"] == "errors/recipient_rejected"

    last_sent, ours = {}, set()
    for prospect in PROSPECTS:
        sent = send(sim, prospect, subject="Quick idea for your team")
        assert sent.status_code == 201, sent.text
        last_sent[prospect] = sent.json()["id"]
        ours.add(sent.json()["id"])
    first_ids = dict(last_sent)
    fired, stopped = [], {}
    for step in (2, 3, None):
        fired += kinds(advance(sim, 2 * DAY))
        for email in inbox_since(sim, start):
            sender = email["from_attendee"]["identifier"]
            parent = (email.get("in_reply_to") or {}).get("id")
            if sender.startswith("mailer-daemon@"):
                bounced = next(p for p in PROSPECTS if p in email["body_plain"])
                stopped.setdefault(bounced, "bounce")
            elif not email["subject"].startswith("Automatic reply") and parent in ours:
                stopped.setdefault(sender, "reply")
        if step is None:
            break
        for prospect in PROSPECTS:
            if prospect in stopped:
                continue
            follow_up = send(sim, prospect, reply_to=last_sent[prospect], body=f"<p>Following up ({step})</p>")
            assert follow_up.status_code == 201, follow_up.text
            last_sent[prospect] = follow_up.json()["id"]
            ours.add(follow_up.json()["id"])

    assert stopped["lee.park@defunct.example"] == "bounce"
    assert list(stopped.values()).count("bounce") == 1
    replied = [p for p, why in stopped.items() if why == "reply"]
    assert replied, "nobody replied in three steps"
    assert fired.count("email_bounce") == 1 and fired.count("email_reply") >= len(replied)
    assert fired.count("timeline.email") == 1
    lead = [e for e in inbox_since(sim, start) if e["from_attendee"]["identifier"] == "rita.gomez@hooli.example"]
    assert [(e["subject"], e.get("in_reply_to")) for e in lead] == [("Pricing for 40 seats?", None)]
    assert 0 < fired.count("email_click") <= fired.count("email_open")

    sent = sim.get("/api/v1/emails", params={"account_id": ACCOUNT, "role": "sent", "after": start, "limit": 250}).json()["items"]
    by_prospect = {}
    for email in sent:
        by_prospect.setdefault(email["to_attendees"][0]["identifier"], []).append(email)
    assert by_prospect["lee.park@defunct.example"] == [e for e in sent if e["id"] == first_ids["lee.park@defunct.example"]]
    for prospect, emails in by_prospect.items():
        assert len({e["thread_id"] for e in emails}) == 1  # follow-ups stay in the thread
        assert all(e["subject"] == "Re: Quick idea for your team" for e in emails if e["id"] != first_ids[prospect])
        assert all(e["tracking_id"] for e in emails)
    for prospect in replied:
        reply_dates = [e["date"] for e in inbox_since(sim, start)
                       if e["from_attendee"]["identifier"] == prospect and not e["subject"].startswith("Automatic")]
        assert all(e["date"] < max(reply_dates) for e in by_prospect[prospect])
    assert len(sent) == sum(len(emails) for emails in by_prospect.values())
    assert any(len(emails) == 3 for emails in by_prospect.values())  # someone never answered
