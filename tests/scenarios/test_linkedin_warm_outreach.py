"""linkedin-warm-outreach: react to and comment on a prospect's latest post before inviting;
warm prospects accept more and sooner than cold ones. The rep's own post draws reactions."""

from tests.scenarios.conftest import DAY, advance, kinds

SCENARIO = "linkedin-warm-outreach"
ACCOUNT = "li-rep"
PROSPECTS = [
    "alice-martin", "bilal-khan", "chloe-bernard", "daniel-okafor", "elena-rossi", "farid-nasser",
    "grace-liu", "hugo-petit", "ines-moreau", "jonas-berg", "kemal-arslan", "lena-vogel",
]  # fmt: skip
WARM, COLD = PROSPECTS[:6], PROSPECTS[6:]


def test_warm_prospects_accept_more_and_sooner(sim):
    for prospect in WARM:
        posts = sim.get(f"/api/v1/users/{prospect}/posts", params={"account_id": ACCOUNT}).json()["items"]
        latest = posts[0]
        assert sim.post("/api/v1/posts/reaction", json={"account_id": ACCOUNT, "post_id": latest["social_id"], "reaction_type": "insightful"}).status_code == 201
        comment = sim.post(f"/api/v1/posts/{latest['social_id']}/comments", json={"account_id": ACCOUNT, "text": "Great point about this."})
        assert comment.status_code == 201
    sent = {}
    for prospect in PROSPECTS:
        provider_id = sim.get(f"/api/v1/users/{prospect}", params={"account_id": ACCOUNT}).json()["provider_id"]
        invited = sim.post("/api/v1/users/invite", json={"account_id": ACCOUNT, "provider_id": provider_id})
        assert invited.status_code == 201, invited.text
        sent[invited.json()["invitation_id"]] = prospect
    first_day = advance(sim, DAY)
    accepted_day_one = {sent[e["invitation_id"]] for e in first_day if e["kind"] == "invitation_accepted"}
    rest = advance(sim, 6 * DAY)
    accepted = accepted_day_one | {sent[e["invitation_id"]] for e in rest if e["kind"] == "invitation_accepted"}
    warm_accepted = [p for p in WARM if p in accepted]
    cold_accepted = [p for p in COLD if p in accepted]
    assert len(warm_accepted) >= 4 and len(warm_accepted) > len(cold_accepted)
    assert accepted_day_one and accepted_day_one <= set(WARM)  # only warm leads answer that fast
    relations = sim.get("/api/v1/users/relations", params={"account_id": ACCOUNT, "limit": 100}).json()["items"]
    assert {r["public_identifier"] for r in relations} >= accepted


def test_the_reps_post_draws_reactions_and_comments(sim):
    me = sim.get("/api/v1/users/me", params={"account_id": ACCOUNT}).json()
    created = sim.post("/api/v1/posts", json={"account_id": ACCOUNT, "text": "We launched our new pipeline tool today!"})
    assert created.status_code == 201
    fired = kinds(advance(sim, 2 * DAY))
    post = sim.get(f"/api/v1/users/{me['provider_id']}/posts", params={"account_id": ACCOUNT}).json()["items"][0]
    assert 2 <= post["reaction_counter"] == fired.count("post_reaction") <= 8
    assert post["comment_counter"] == fired.count("post_comment") <= 2
