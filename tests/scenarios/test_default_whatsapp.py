"""default: on WhatsApp, people answer, sometimes by voice note or sticker, quote what they
answer, react to what the account sends and fix a reply now and then (behaviours.providers)."""

from tests.scenarios.conftest import DAY, advance, kinds

SCENARIO = "default"
ROUNDS = 3


def test_three_rounds_of_whatsapp_follow_ups_get_answers_of_every_kind(sim):
    chats = sim.get("/api/v1/chats", params={"account_type": "WHATSAPP", "limit": 50}).json()
    chat_ids = [chat["id"] for chat in chats["items"]]
    sent, fired = [], []
    for round_ in range(ROUNDS):
        for chat_id in chat_ids:
            message = sim.post(
                f"/api/v1/chats/{chat_id}/messages", json={"text": f"Any news? ({round_})"}
            )
            assert message.status_code == 201, message.text
            sent.append(message.json()["message_id"])
        fired += kinds(advance(sim, DAY))
    assert fired.count("message_delivered") == len(sent)

    mine = {m: sim.get(f"/api/v1/messages/{m}").json() for m in sent}
    reactions = [r for message in mine.values() for r in message["reactions"]]
    theirs = [
        m
        for chat_id in chat_ids
        for m in sim.get(f"/api/v1/chats/{chat_id}/messages", params={"limit": 20}).json()["items"]
        if m["is_sender"] == 0 and m["timestamp"] >= min(x["timestamp"] for x in mine.values())
    ]
    files = [a for m in theirs for a in m["attachments"]]
    assert len(theirs) == fired.count("message_reply") >= ROUNDS
    assert any(a["type"] == "audio" and a["voice_note"] for a in files)
    provider_ids = {m["provider_id"] for m in mine.values()}
    assert any(m["quoted"]["provider_id"] in provider_ids for m in theirs if "quoted" in m)
    assert reactions and all(r["is_sender"] is False for r in reactions)
    assert fired.count("message_reaction_by_contact") == len(reactions)
