"""Invitation rules at their boundaries, on the world's clock, without HTTP."""

import pytest

from simulator.clock import iso_ms
from simulator.world.errors import ApiError
from simulator.world.people import FIRST
from tests.unit.network_worlds import (
    DAY_MS,
    HOUR_MS,
    account,
    network_world,
    send_many,
    strangers,
)

WEEK_MS = 7 * DAY_MS


def refused(call, error_type: str, mentions: str = "") -> ApiError:
    with pytest.raises(ApiError) as caught:
        call()
    assert caught.value.error.name == error_type, caught.value
    assert mentions in (caught.value.detail or "")
    return caught.value


def test_premium_weekly_cap_100th_passes_101st_fails_and_reopens_7_days_later():
    world = network_world("premium")  # defaults: 100 a week, 50 a day
    people = strangers(world)
    start = world.now_ms()
    send_many(world, people[:50])
    world.advance_to(start + DAY_MS)
    send_many(world, people[50:100])  # the 100th of the week passes
    assert world.invitations.sent_in_window("acct") == (100, 50)
    refused(lambda: send_many(world, people[100:101]), "cannot_resend_yet", "weekly invitation limit")

    world.advance_to(start + WEEK_MS - 1)  # the first 50 still count, one millisecond before
    refused(lambda: send_many(world, people[100:101]), "cannot_resend_yet", "2026-01-12T09:00:00.000Z")
    world.advance_to(start + WEEK_MS)  # exactly 7 world-days after the first 50
    send_many(world, people[100:150])
    refused(lambda: send_many(world, people[150:151]), "cannot_resend_yet", "weekly")


def test_daily_cap_50th_passes_51st_fails_until_24_hours_later():
    world = network_world("premium")
    people = strangers(world)
    start = world.now_ms()
    send_many(world, people[:50])
    error = refused(lambda: send_many(world, people[50:51]), "cannot_resend_yet", "daily invitation limit")
    assert error.status == 422
    world.advance_to(start + DAY_MS - 1)
    refused(lambda: send_many(world, people[50:51]), "cannot_resend_yet", "daily")
    world.advance_to(start + DAY_MS)
    send_many(world, people[50:51])


def test_free_weekly_cap_is_80():
    world = network_world("free", limits={"free": {"daily_invitations": None}})
    people = strangers(world)
    send_many(world, people[:80])
    refused(lambda: send_many(world, people[80:81]), "cannot_resend_yet", "(80 in 7 days)")


@pytest.mark.parametrize(
    ("plan", "cap", "landings"),
    [("premium", 100, {50: 50, 75: 75, 90: 90, 95: 95}), ("free", 80, {40: 50, 60: 75, 72: 90, 76: 95})],
)
def test_usage_is_reported_only_when_crossing_a_landing(plan, cap, landings):
    world = network_world(plan, limits={plan: {"daily_invitations": None}})
    sent = send_many(world, strangers(world)[:cap])
    reported = {n: s.usage for n, s in enumerate(sent, start=1) if s.usage is not None}
    assert reported == landings


def test_a_note_over_300_characters_is_a_400_on_every_plan():
    world = network_world("premium")
    target = strangers(world)[0].provider_id
    world.invitations.send("acct", target, note="x" * 300)
    other = strangers(world)[1].provider_id
    error = refused(lambda: world.invitations.send("acct", other, note="x" * 301), "too_many_characters", "message")
    assert error.status == 400


def test_free_notes_stop_at_200_characters_and_5_a_month():
    world = network_world("free")
    people = strangers(world)
    refused(lambda: world.invitations.send("acct", people[0].provider_id, note="x" * 201), "too_many_characters", "200")
    for person in people[:5]:
        world.invitations.send("acct", person.provider_id, note="x" * 200)
    refused(lambda: world.invitations.send("acct", people[5].provider_id, note="hi"), "limit_exceeded", "without a note")
    world.invitations.send("acct", people[5].provider_id, note=None)  # no note: still allowed
    world.advance_by(30 * 86_400)
    world.invitations.send("acct", people[6].provider_id, note="hi")  # 30 days on: notes again


def test_pending_invitation_to_the_same_person_is_already_invited_recently():
    world = network_world()
    target = strangers(world)[0].provider_id
    first = world.invitations.send("acct", target, note=None)
    error = refused(lambda: world.invitations.send("acct", target, note=None), "already_invited_recently")
    assert first.invitation.id in error.detail
    assert world.invitations.sent_in_window("acct") == (1, 1)  # the refusal did not count


def test_withdrawn_then_reinvited_within_the_cooldown_is_cannot_resend_yet():
    world = network_world()
    target = strangers(world)[0].provider_id
    sent = world.invitations.send("acct", target, note=None)
    world.invitations.withdraw("acct", sent.invitation.id)
    withdrawn_at = world.now_ms()
    refused(lambda: world.invitations.send("acct", target, note=None), "cannot_resend_yet", "withdrawn")
    world.advance_to(withdrawn_at + 21 * DAY_MS - 1)
    refused(lambda: world.invitations.send("acct", target, note=None), "cannot_resend_yet")
    world.advance_to(withdrawn_at + 21 * DAY_MS)
    world.invitations.send("acct", target, note=None)


def test_cooldown_is_configurable():
    world = network_world(limits={"withdrawn_invitation_cooldown": "2h"})
    target = strangers(world)[0].provider_id
    sent = world.invitations.send("acct", target, note=None)
    world.invitations.withdraw("acct", sent.invitation.id)
    world.advance_by(2 * 3600)
    world.invitations.send("acct", target, note=None)


def test_a_first_degree_relation_cannot_be_invited():
    world = network_world()
    relation = next(world.network.relations(account(world)))
    error = refused(
        lambda: world.invitations.send("acct", relation.person.provider_id, note=None), "already_connected"
    )
    assert error.status == 422


def test_unknown_person_is_404_and_self_is_invalid_recipient():
    world = network_world()
    refused(lambda: world.invitations.send("acct", "ACoAAnobody000000000000", note=None), "resource_not_found", "User not found")
    own = account(world).provider_user_id
    refused(lambda: world.invitations.send("acct", own, note=None), "invalid_recipient")


def test_a_disconnected_account_cannot_invite_but_lists_still_read():
    world = network_world()
    account(world).status = "CREDENTIALS"
    target = strangers(world)[0].provider_id
    error = refused(lambda: world.invitations.send("acct", target, note=None), "disconnected_account")
    assert error.status == 401
    assert world.invitations.page("acct", "SENT", None, 10) == ([], None)
    assert len(world.network.relations_page("acct", None, 5, None)[0]) == 5


def test_non_linkedin_account_is_invalid_account():
    world = network_world(extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}])
    target = strangers(world)[0].provider_id
    refused(lambda: world.invitations.send("wa", target, note=None), "invalid_account")


def test_limits_follow_a_plan_change_at_once():
    no_daily = {"daily_invitations": None}
    world = network_world("free", limits={"free": no_daily, "premium": no_daily})
    people = strangers(world)
    send_many(world, people[:80])
    refused(lambda: send_many(world, people[80:81]), "cannot_resend_yet")
    account(world).premium_features = ["premium"]  # upgraded: 100 a week now
    send_many(world, people[80:100])
    refused(lambda: send_many(world, people[100:101]), "cannot_resend_yet", "(100 in 7 days)")


def test_acceptance_makes_a_relation_at_once_and_new_relation_within_8_hours():
    world = network_world(behaviours={"invitations": {"accept": 1, "decline": 0, "ignore": 0,
                                                      "delay": {"min": "1h", "max": "1h"}}})
    published = []
    world.bus.subscribe(published.append)
    person = strangers(world)[0]
    world.invitations.send("acct", person.provider_id, note=None)
    start = world.now_ms()

    fired = world.advance_to(start + HOUR_MS)
    assert [(e["kind"], e["status"]) for e in fired] == [("invitation_accepted", "ACCEPTED")]
    graph = world.network.graph(account(world))
    assert graph.distance(person) == FIRST
    assert graph.relation(person.provider_id).created_at_ms == start + HOUR_MS
    assert world.invitations.page("acct", "SENT", None, 10) == ([], None)
    assert world.invitations.profile_invitation("acct", person) is None
    assert published == []  # Unipile has not noticed yet

    fired = world.advance_to(start + HOUR_MS + 8 * HOUR_MS)
    assert [e["kind"] for e in fired] == ["new_relation"]
    (event,) = published
    assert fired[0]["at"] == iso_ms(event.at_ms)
    assert event.name == "new_relation" and event.account_id == "acct"
    assert start + HOUR_MS <= event.at_ms <= start + 9 * HOUR_MS
    assert event.data == {
        "account_type": "LINKEDIN",
        "user_full_name": person.full_name,
        "user_provider_id": person.provider_id,
        "user_public_identifier": person.public_identifier,
        "user_profile_url": f"https://www.linkedin.com/in/{person.public_identifier}/",
        "user_picture_url": person.picture_url,
    }


def test_declined_invitation_leaves_the_sent_list_and_shows_as_ignored():
    world = network_world(behaviours={"invitations": {"accept": 0, "decline": 1, "ignore": 0}})
    person = strangers(world)[0]
    world.invitations.send("acct", person.provider_id, note=None)
    world.advance_by(4 * 86_400)
    assert world.invitations.page("acct", "SENT", None, 10) == ([], None)
    assert world.invitations.profile_invitation("acct", person) == {"type": "SENT", "status": "IGNORED"}
    assert world.network.graph(account(world)).distance(person) != FIRST


def test_withdrawing_cancels_the_scheduled_answer():
    world = network_world(behaviours={"invitations": {"accept": 1, "decline": 0, "ignore": 0}})
    person = strangers(world)[0]
    sent = world.invitations.send("acct", person.provider_id, note=None)
    assert len(world.queue) == 1
    world.invitations.withdraw("acct", sent.invitation.id)
    assert len(world.queue) == 0
    assert world.advance_by(7 * 86_400) == []
    assert world.invitations.profile_invitation("acct", person) == {"type": "SENT", "status": "WITHDRAWN"}


def test_forced_answers_and_their_errors():
    world = network_world()
    people = strangers(world)
    first = world.invitations.send("acct", people[0].provider_id, note=None).invitation
    outcome = world.invitations.force_answer(first.id, "accept")
    assert outcome["status"] == "ACCEPTED" and "new_relation_at" in outcome
    refused(lambda: world.invitations.force_answer(first.id, "decline"), "action_already_performed")
    refused(lambda: world.invitations.force_answer("7000000000000000000", "accept"), "resource_not_found")
    received = world.invitations.receive(people[1].provider_id, "acct", "hello")
    refused(lambda: world.invitations.force_answer(received.id, "accept"), "unprocessable_entity")


@pytest.mark.parametrize("forced", ["accept", "decline"])
def test_a_forced_answer_calls_off_the_answer_the_behaviours_drew(forced):
    # Found by tests/reliability: a forced decline later became a relation when the drawn
    # acceptance fired, and a forced accept announced `new_relation` twice.
    world = network_world(behaviours={"invitations": {"accept": 1, "decline": 0, "ignore": 0}})
    person = strangers(world)[0]
    sent = world.invitations.send("acct", person.provider_id, note=None).invitation
    world.invitations.force_answer(sent.id, forced)
    fired = world.advance_by(7 * 86_400)
    assert [e["kind"] for e in fired] == (["new_relation"] if forced == "accept" else [])
    assert sent.status == ("ACCEPTED" if forced == "accept" else "DECLINED")
    is_relation = world.network.graph(account(world)).distance(person) == FIRST
    assert is_relation is (forced == "accept")


def test_received_invitation_accepted_with_its_shared_secret():
    world = network_world()
    person = strangers(world)[0]
    received = world.invitations.receive(person.provider_id, "acct", "Let's connect")
    assert world.invitations.profile_invitation("acct", person) == {"type": "RECEIVED", "status": "PENDING"}
    refused(lambda: world.invitations.send("acct", person.provider_id, note=None), "already_invited_recently")
    refused(
        lambda: world.invitations.handle_received("acct", received.id, "accept", shared_secret="wrong"),
        "invalid_parameters",
        "shared_secret",
    )
    world.invitations.handle_received(
        "acct", received.id, "accept", shared_secret=received.shared_secret
    )
    assert received.status == "ACCEPTED"
    assert world.network.graph(account(world)).distance(person) == FIRST
    refused(
        lambda: world.invitations.handle_received(
            "acct", received.id, "decline", shared_secret=received.shared_secret
        ),
        "action_already_performed",
    )
    refused(lambda: world.invitations.receive(person.provider_id, "acct", None), "already_connected")


def test_answers_follow_the_behaviour_weights_deterministically():
    behaviours = {"invitations": {"accept": 0.5, "decline": 0.2, "ignore": 0.3, "delay": {"min": "1h", "max": "2d"}}}
    outcomes = []
    for _ in range(2):
        world = network_world(behaviours=behaviours, limits={"premium": {"daily_invitations": None}})
        send_many(world, strangers(world)[:100])
        fired = world.advance_by(3 * 86_400)
        outcomes.append([(e["kind"], e.get("invitation_id"), e["at"]) for e in fired])
    assert outcomes[0] == outcomes[1]
    kinds = [kind for kind, _, _ in outcomes[0]]
    accepted, declined = kinds.count("invitation_accepted"), kinds.count("invitation_declined")
    assert 35 <= accepted <= 65 and 8 <= declined <= 32
    assert kinds.count("new_relation") == accepted


def test_a_listed_persons_answer_overrides_the_behaviours():
    world = network_world(
        listed=[{"first_name": "Jane", "last_name": "Doe", "public_identifier": "jane-doe",
                 "distance": "SECOND_DEGREE", "answer": "accept"}],
    )
    jane = world.network.person("jane-doe")
    world.invitations.send("acct", jane.provider_id, note=None)
    fired = world.advance_by(3 * 86_400)
    assert fired[0]["kind"] == "invitation_accepted"


def test_account_deleted_while_an_answer_waits_does_not_break_the_clock():
    world = network_world(behaviours={"invitations": {"accept": 1, "decline": 0, "ignore": 0}})
    world.invitations.send("acct", strangers(world)[0].provider_id, note=None)
    world.accounts.delete("acct")
    fired = world.advance_by(4 * 86_400)
    assert [e["status"] for e in fired] == ["ACCOUNT_DELETED"]


def test_a_member_withdrawn_from_may_still_invite_the_account():
    world = network_world()
    person = strangers(world)[0]
    sent = world.invitations.send("acct", person.provider_id, note=None)
    world.invitations.withdraw("acct", sent.invitation.id)
    received = world.invitations.receive(person.provider_id, "acct", None)
    assert received.direction == "RECEIVED" and received.status == "PENDING"


@pytest.mark.parametrize(
    "weights", [(0.35, 0.10, 0.55), (1, 0, 0), (0, 0, 1), (0.2, 0.3, 0), (3, 1, 2), (0.1, 0.2, 0.3)]
)
def test_the_answer_drawn_is_the_one_random_choices_draws_from_the_same_stream(weights):
    import random

    from simulator.world.invitations import InvitationBehaviour
    from simulator.world.people import ANSWERS

    accept, decline, ignore = weights
    behaviour = InvitationBehaviour(accept=accept, decline=decline, ignore=ignore)
    ours, theirs = random.Random(11), random.Random(11)
    drawn = [behaviour._drawn_answer(ours) for _ in range(2_000)]
    assert drawn == [theirs.choices(ANSWERS, weights)[0] for _ in range(2_000)]
    assert ours.random() == theirs.random()  # one draw each: the streams stay in step


@pytest.mark.parametrize("weights", [(0, 0, 0), (float("nan"), 0, 1), (float("inf"), 0, 1)])
def test_weights_that_cannot_be_drawn_fail_as_random_choices_does(weights):
    import random

    from simulator.world.invitations import InvitationBehaviour

    accept, decline, ignore = weights
    behaviour = InvitationBehaviour(accept=accept, decline=decline, ignore=ignore)
    with pytest.raises(ValueError):
        behaviour._drawn_answer(random.Random(1))
