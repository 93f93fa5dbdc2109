"""whatsapp-cold-outreach: too many unanswered openers restrict the number, 12 hours later
it writes again."""

from tests.api.conftest import assert_envelope
from tests.scenarios.conftest import HOUR, advance, status_of

SCENARIO = "whatsapp-cold-outreach"
NUMBERS = [f"3361000{n:04d}@s.whatsapp.net" for n in range(12)]


def opener(sim, number: str):
    return sim.post(
        "/api/v1/chats",
        json={"account_id": "wa-sdr", "attendees_ids": [number], "text": "Hi! Quick question."},
    )


def test_the_ninth_unanswered_opener_gets_the_number_restricted_until_it_lifts(sim):
    for number in NUMBERS[:8]:
        assert opener(sim, number).status_code == 201
    assert status_of(sim, "wa-sdr") == "OK"
    refused = opener(sim, NUMBERS[8])
    body = assert_envelope(refused, 403, "errors/account_restricted", "2026-01-05T21:00:00.000Z")
    assert "opening too many conversations nobody answered" in body["detail"]
    assert status_of(sim, "wa-sdr") == "ERROR"
    warm = sim.post("/api/v1/chats/chat-ana/messages", json={"text": "Proposal attached"})
    assert_envelope(warm, 403, "errors/account_restricted")
    chats = sim.get("/api/v1/chats", params={"account_id": "wa-sdr", "limit": 50}).json()
    assert len(chats["items"]) == 9  # Ana's and the 8 openers: the refused one made nothing

    fired = advance(sim, 12 * HOUR)
    assert "whatsapp_restriction_lifted" in [event["kind"] for event in fired]
    assert status_of(sim, "wa-sdr") == "OK"
    assert sim.post("/api/v1/chats/chat-ana/messages", json={"text": "Back!"}).status_code == 201


def test_openers_are_delivered_and_most_are_read(sim):
    started = [opener(sim, number).json() for number in NUMBERS[:6]]
    advance(sim, 2 * HOUR)
    receipts = [sim.get(f"/api/v1/messages/{s['message_id']}").json() for s in started]
    assert all(message["delivered"] == 1 for message in receipts)
    read = [message for message in receipts if message["seen"] == 1]
    assert 1 <= len(read) <= 6
    assert all(list(message["seen_by"].values()) == [True] for message in read)


def test_an_answered_conversation_does_not_count(sim):
    for number in NUMBERS[:8]:
        started = opener(sim, number).json()
        if number == NUMBERS[0]:
            reply = sim.post(f"/_sim/chats/{started['chat_id']}/reply", json={"text": "Who?"})
            assert reply.status_code == 201
    assert opener(sim, NUMBERS[8]).status_code == 201  # 7 unanswered of 8
    assert_envelope(opener(sim, NUMBERS[9]), 403, "errors/account_restricted")
