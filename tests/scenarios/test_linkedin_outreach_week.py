"""linkedin-outreach-week: twelve invitations on Monday, the answers during the week."""

from tests.scenarios.conftest import DAY, advance, invite, kinds, provider_id

SCENARIO = "linkedin-outreach-week"
ACCEPT = ["alice-martin", "bilal-khan", "chloe-bernard", "daniel-okafor", "elena-rossi", "farid-nasser"]
DECLINE = ["grace-liu", "hugo-petit"]
IGNORE = ["ines-moreau", "jonas-berg", "kenji-sato", "lea-fischer"]
PROSPECTS = ACCEPT + DECLINE + IGNORE


def pending_sent(sim) -> set[str]:
    items = sim.get("/api/v1/users/invite/sent", params={"account_id": "rep", "limit": 100}).json()["items"]
    return {item["invited_user_public_id"] for item in items}


def test_monday_invitations_and_the_weeks_answers(sim):
    ids = {slug: provider_id(sim, "rep", slug) for slug in PROSPECTS}
    for slug in PROSPECTS:
        response = invite(sim, "rep", ids[slug])
        assert response.status_code == 201, response.text
        assert response.json()["object"] == "UserInvitationSent"
    assert pending_sent(sim) == set(PROSPECTS)

    fired = advance(sim, 7 * DAY)
    accepted = [e for e in fired if e["kind"] == "invitation_accepted"]
    assert sorted(e["user_provider_id"] for e in accepted) == sorted(ids[s] for s in ACCEPT)
    declined = [e for e in fired if e["kind"] == "invitation_declined"]
    assert sorted(e["user_provider_id"] for e in declined) == sorted(ids[s] for s in DECLINE)
    # Unipile notices each new relation within 8 hours of the acceptance.
    assert kinds(fired).count("new_relation") == len(ACCEPT)
    assert all(e["at"] < "2026-03-09T09:00:00.000Z" for e in accepted)

    assert pending_sent(sim) == set(IGNORE)
    relations = sim.get("/api/v1/users/relations", params={"account_id": "rep", "limit": 100})
    members = {item["public_identifier"] for item in relations.json()["items"]}
    assert set(ACCEPT) <= members and not (set(DECLINE) | set(IGNORE)) & members

    alice = sim.get("/api/v1/users/alice-martin", params={"account_id": "rep"}).json()
    assert (alice["network_distance"], alice["is_relationship"]) == ("FIRST_DEGREE", True)
    grace = sim.get("/api/v1/users/grace-liu", params={"account_id": "rep"}).json()
    assert grace["is_relationship"] is False
    assert grace["invitation"] == {"type": "SENT", "status": "IGNORED"}


def test_wednesday_a_member_invites_the_rep_who_accepts(sim):
    fired = advance(sim, 2 * DAY)
    assert [(e["at"], e["kind"]) for e in fired] == [("2026-03-04T09:00:00.000Z", "timeline.invitation")]
    received = sim.get("/api/v1/users/invite/received", params={"account_id": "rep"}).json()["items"]
    assert [(i["inviter"]["inviter_public_identifier"], i["invitation_text"]) for i in received] == [
        ("maya-cohen", "Saw your talk at SaaStr, let's connect!")
    ]
    answer = sim.post(
        f"/api/v1/users/invite/received/{received[0]['id']}",
        json={
            "provider": "LINKEDIN",
            "shared_secret": received[0]["specifics"]["shared_secret"],
            "account_id": "rep",
            "action": "accept",
        },
    )
    assert answer.status_code == 200, answer.text
    maya = sim.get("/api/v1/users/maya-cohen", params={"account_id": "rep"}).json()
    assert maya["network_distance"] == "FIRST_DEGREE"


def test_the_same_week_replays_identically(sim):
    def run():
        sim.post("/_sim/reset")
        for slug in PROSPECTS:
            invite(sim, "rep", provider_id(sim, "rep", slug))
        return [(e["at"], e["kind"]) for e in advance(sim, 7 * DAY)]

    assert run() == run()


def test_thursday_the_client_writes_again_in_the_open_chat(sim):
    before = sim.get("/api/v1/chats/rep-omar").json()
    assert before["unread_count"] == 0
    fired = advance(sim, 3 * DAY)
    assert ("2026-03-05T09:00:00.000Z", "timeline.message") in [(e["at"], e["kind"]) for e in fired]
    chat = sim.get("/api/v1/chats/rep-omar").json()
    assert chat["unread_count"] == 1
    assert chat["lastMessage"]["text"] == "Read the deck. Can we talk pricing on Monday?"
    assert chat["lastMessage"]["is_sender"] == 0
    messages = sim.get("/api/v1/chats/rep-omar/messages").json()["items"]
    assert [m["is_sender"] for m in messages] == [0, 1, 0, 1]  # newest first
