"""The `chats` scenario key: validation with clear errors, and compiled histories."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.api.unipile.render_messaging import chat_json
from simulator.clock import iso_ms
from simulator.scenario.blueprint import compile_blueprint
from simulator.scenario.build import build_world
from simulator.scenario.loader import ScenarioError, parse_scenario_text, scenario_from_mapping
from simulator.world.contacts import contact_of
from simulator.world.errors import ApiError
from simulator.world.messaging import ChatQuery, MessageQuery
from simulator.world.world import World
from tests.unit.messaging_worlds import (
    ANA,
    BOB,
    DAY_MS,
    JANE,
    messaging_scenario,
    messaging_world,
    new_chat,
    record_events,
)


def world_with(chats: dict[str, Any], **options: Any) -> World:
    return messaging_world(chats=chats, **options)


def refused(chats: dict[str, Any], plan: str = "premium") -> str:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(messaging_scenario(plan=plan, chats=chats))
    return str(caught.value)


def only_chat(world: World):
    [chat] = world.messaging.chats_page(ChatQuery(), None, 10)[0]
    return chat, [
        v.message for v in world.messaging.chat_messages(chat.id, MessageQuery(), None, 100)[0]
    ][::-1]


def test_a_listed_thread_keeps_its_senders_texts_and_times():
    world = world_with(
        {
            "threads": [
                {
                    "with": "ana-silva",
                    "messages": [
                        {"from": "me", "text": "Hi Ana", "ago": "3d"},
                        {"from": "them", "text": "Hi!", "at": "2026-01-04T10:00:00Z"},
                        {"from": "them", "text": "Coffee?"},
                    ],
                }
            ]
        }
    )
    start = world.blueprint.start_ms
    chat, messages = only_chat(world)
    assert [(m.is_sender, m.text) for m in messages] == [
        (True, "Hi Ana"),
        (False, "Hi!"),
        (False, "Coffee?"),
    ]
    assert messages[0].timestamp_ms == start - 3 * DAY_MS
    assert iso_ms(messages[1].timestamp_ms) == "2026-01-04T10:00:00.000Z"
    assert messages[2].timestamp_ms == messages[1].timestamp_ms + 10 * 60_000
    assert chat.unread_count == 2  # what Ana wrote after the account's last message


def test_a_listed_thread_may_say_how_much_is_unread_and_open_with_an_inmail():
    world = world_with(
        {
            "threads": [
                {
                    "with": JANE,
                    "inmail": True,
                    "subject": "Hello",
                    "unread": 0,
                    "messages": [{"from": "me", "text": "Hi"}, {"from": "them", "text": "Yes?"}],
                }
            ]
        }
    )
    chat, messages = only_chat(world)
    assert chat.unread_count == 0 and chat.content_type == "inmail" and chat.subject == "Hello"
    assert [m.message_type for m in messages] == ["INMAIL", "MESSAGE"]
    assert messages[0].timestamp_ms == world.blueprint.start_ms - DAY_MS


def test_a_listed_group_thread():
    world = world_with(
        {
            "threads": [
                {
                    "with": ["ana-silva", "bob-stone"],
                    "subject": "Offsite",
                    "messages": [
                        {"from": "me", "text": "Agenda?"},
                        {"from": "bob-stone", "text": "Monday"},
                        {"from": "them", "text": "Works"},
                    ],
                }
            ]
        }
    )
    chat, messages = only_chat(world)
    assert chat.is_group and chat.name == "Offsite"
    assert [m.sender.provider_id for m in messages[1:]] == [BOB, ANA]


def test_generated_chats_are_with_relations_in_both_directions_before_the_start():
    world = world_with(
        {"generate": 8, "messages": {"min": 3, "max": 6}, "within": "30d", "unread": 1}
    )
    start = world.blueprint.start_ms
    account = world.accounts.get("acct")
    chats = world.messaging.chats_page(ChatQuery(), None, 50)[0]
    assert len(chats) == 8
    assert len({c.attendees[0].provider_id for c in chats}) == 8
    for chat in chats:
        assert world.network.distance(account, chat.attendees[0].person) == 1
        messages = [
            v.message for v in world.messaging.chat_messages(chat.id, MessageQuery(), None, 50)[0]
        ]
        assert 3 <= len(messages) <= 6
        assert all(start - 30 * DAY_MS <= m.timestamp_ms < start for m in messages)
        assert not chat.last_message.is_sender and chat.unread_count >= 1  # unread: 1
    texts = [m.text for c in chats for m in (c.last_message,)]
    assert all("{first}" not in text for text in texts)


def test_generated_chats_skip_people_a_listed_thread_already_has():
    world = world_with(
        {
            "generate": 500,
            "threads": [{"with": "ana-silva", "messages": [{"from": "me", "text": "x"}]}],
        }
    )
    chats = world.messaging.chats_page(ChatQuery(), None, 250)[0]
    partners = [c.attendees[0].provider_id for c in chats]
    assert partners.count(ANA) == 1
    assert len(chats) == 30  # every relation has exactly one chat


def test_each_account_draws_its_history_from_its_own_stream():
    def chats_of_acct(extra: list[dict[str, Any]]) -> list[str]:
        world = world_with({"generate": 4}, extra_accounts=extra)
        return [
            c.id for c in world.messaging.chats_page(ChatQuery(account_ids=("acct",)), None, 10)[0]
        ]

    alone = chats_of_acct([])
    beside = chats_of_acct([{"id": "other", "provider": "LINKEDIN", "chats": {"generate": 5}}])
    assert alone == beside


def test_adding_chats_changes_nothing_else_the_blueprint_compiles():
    plain = compile_blueprint(scenario_from_mapping(messaging_scenario()))
    chatty = compile_blueprint(scenario_from_mapping(messaging_scenario(chats={"generate": 5})))
    assert [a.id for a in plain.accounts] == [a.id for a in chatty.accounts]
    assert [p.provider_id for p in plain.people.people] == [
        p.provider_id for p in chatty.people.people
    ]


@pytest.mark.parametrize(
    ("chats", "plan", "message"),
    [
        ({"threads": [{"with": "nobody", "messages": [{"from": "me", "text": "x"}]}]}, "premium",
         "accounts.0.chats.threads.0.with: no listed person is 'nobody'"),
        ({"threads": [{"with": "ana-silva", "messages": [{"from": "me", "text": "x", "ago": "1d"},
                                                         {"from": "me", "text": "y", "ago": "2d"}]}]},
         "premium", "accounts.0.chats.threads.0.messages.1: earlier than the message before it"),
        ({"threads": [{"with": "ana-silva", "messages": [{"from": "me", "text": "x", "at": "2027-01-01T00:00:00Z"}]}]},
         "premium", "accounts.0.chats.threads.0.messages.0: after the world starts"),
        ({"threads": [{"with": "ana-silva", "messages": [{"from": "bob-stone", "text": "x"}]}]}, "premium",
         "messages.0.from: 'bob-stone' is not me, them or a participant"),
        ({"threads": [{"with": "ana-silva", "messages": [{"from": "me", "text": "a"}]},
                      {"with": ANA, "messages": [{"from": "me", "text": "b"}]}]}, "premium",
         "threads.1.with: a second 1:1 chat with"),
        ({"threads": [{"with": "ana-silva", "api": "sales_navigator", "messages": [{"from": "me", "text": "x"}]}]},
         "premium", "chats.threads.0.api: a premium account has no sales_navigator inbox"),
        ({"threads": [{"with": "ana-silva", "messages": [{"from": "me", "text": "x", "at": "2026-01-01T00:00:00Z", "ago": "1d"}]}]},
         "premium", "give at or ago, not both"),
        ({"threads": [{"with": "ana-silva", "messages": []}]}, "premium", "messages"),
        ({"messages": {"min": 5, "max": 2}}, "premium", "min must not exceed max"),
    ],
)  # fmt: skip
def test_mistakes_in_chats_are_named(chats, plan, message):
    assert message in refused(chats, plan)


def test_a_mailbox_has_no_chats_in_a_scenario_file():
    text = "name: mail\naccounts:\n  - provider: MAIL\n    chats: {generate: 2}\n"
    with pytest.raises(
        ScenarioError,
        match=r"mail.yaml:4: accounts.0.chats: MAIL accounts have no chats \(chats live on "
        r"LINKEDIN, WHATSAPP, INSTAGRAM, TELEGRAM, MESSENGER accounts\)",
    ):
        parse_scenario_text(text, "mail.yaml")


@pytest.mark.parametrize(
    "thread, refusal",
    [
        ({"with": "ana-silva", "api": "recruiter"}, "api and inmail are LinkedIn's, not INSTAGRAM's"),
        ({"with": ["ana-silva", "jane-doe"]}, "INSTAGRAM chats have one other participant"),
        ({"with": "ana-silva", "subject": "Hi"}, "off LinkedIn, only a group has a subject"),
    ],
)  # fmt: skip
def test_threads_off_linkedin_keep_to_the_provider(thread, refusal):
    text = (
        "name: ig\npeople:\n  listed:\n    - {first_name: Ana, last_name: Silva, "
        "public_identifier: ana-silva}\n    - {first_name: Jane, last_name: Doe, "
        "public_identifier: jane-doe}\naccounts:\n  - provider: INSTAGRAM\n    chats:\n"
        f"      threads: [{{{', '.join(f'{k}: {v!r}' for k, v in thread.items())}, "
        "messages: [{from: me, text: Hi}]}]\n"
    ).replace("'", '"')
    with pytest.raises(ScenarioError, match=refusal):
        parse_scenario_text(text, "ig.yaml")


def test_a_whatsapp_history_names_its_contacts_by_their_numbers():
    scenario = messaging_scenario(chats={"generate": 3})
    scenario["accounts"].append(
        {
            "id": "wa",
            "provider": "WHATSAPP",
            "phone_number": "33611111111",
            "chats": {
                "generate": 2,
                "threads": [
                    {"with": "ana-silva", "messages": [{"from": "them", "text": "Salut !"}]},
                    {
                        "with": ["ana-silva", "jane-doe"],
                        "subject": "Pilot",
                        "messages": [{"from": "jane-doe", "text": "Hello group"}],
                    },
                ],
            },
        }
    )
    world = build_world(scenario_from_mapping(scenario), api_key="k")
    chats = world.messaging.chats_page(ChatQuery(account_ids=("wa",)), None, 10)[0]
    assert len(chats) == 4 and {c.account_type for c in chats} == {"WHATSAPP"}
    ana = contact_of(world.network.directory.find("ana-silva"), "WHATSAPP")
    one_to_one = next(c for c in chats if c.provider_id == ana.provider_id)
    assert one_to_one.attendees[0].contact == ana and one_to_one.folder == ("INBOX",)
    group = next(c for c in chats if c.is_group)
    assert group.name == "Pilot" and group.provider_id.endswith("@g.us")
    for chat in chats:
        for attendee in chat.attendees:
            assert attendee.provider_id.endswith("@s.whatsapp.net") and attendee.contact.reachable
    me = world.messaging.chat_attendees(one_to_one.id)[-1].attendee
    assert me.is_self and me.provider_id == "33611111111@s.whatsapp.net"


def test_behaviours_replies_and_the_daily_cap_reach_the_blueprint():
    scenario = messaging_scenario(
        replies={"probability": 0.5, "delay": {"min": "5m", "max": "2h"}, "texts": ["Yes", "No"]},
        limits={"messages_per_day": 25},
    )
    blueprint = compile_blueprint(scenario_from_mapping(scenario))
    assert blueprint.reply_behaviour.probability == 0.5
    assert blueprint.reply_behaviour.delay_ms == (5 * 60_000, 2 * 3_600_000)
    assert blueprint.reply_behaviour.texts == ("Yes", "No")
    assert blueprint.messaging_limits.messages_per_day == 25
    default = compile_blueprint(
        scenario_from_mapping(messaging_scenario(replies={"probability": 1}))
    )
    assert default.reply_behaviour.texts and default.messaging_limits.messages_per_day is None


def test_a_listed_thread_may_have_a_fixed_id_for_the_timeline():
    world = world_with(
        {
            "threads": [
                {
                    "id": "chat-with-ana",
                    "with": "ana-silva",
                    "messages": [{"from": "me", "text": "Hi"}],
                }
            ]
        }
    )
    assert world.messaging.chat("chat-with-ana").chat.attendees[0].provider_id == ANA
    reply = world.messaging.reply("chat-with-ana", "Hello!")
    assert world.messaging.chat("chat-with-ana").chat.unread_count == 1 and not reply.is_sender
    twice = {"threads": [{"id": "same", "with": "ana-silva", "messages": [{"from": "me", "text": "a"}]},
                         {"id": "same", "with": "bob-stone", "messages": [{"from": "me", "text": "b"}]}]}  # fmt: skip
    assert "accounts.0.chats.threads.1.id: 'same' is used twice" in refused(twice)


def test_read_receipts_come_from_the_reads_behaviour_on_the_virtual_clock():
    scenario = messaging_scenario(extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}])
    scenario["behaviours"] = {
        "replies": {"probability": 0},
        "reads": {"probability": 1, "delay": {"min": "10m", "max": "10m"}},
    }
    world = build_world(scenario_from_mapping(scenario), api_key="k")
    events = record_events(world)
    ana = contact_of(world.network.directory.find("ana-silva"), "WHATSAPP")
    chat, message = world.messaging.start_chat(new_chat(ana.provider_id, account_id="wa"))
    view = world.messaging.message(message.id)
    assert (view.delivered, view.seen) == (False, False)
    world.advance_by(2)
    assert world.messaging.message(message.id).delivered
    assert [e.name for e in events] == ["message_received", "message_delivered"]
    world.advance_by(10 * 60 - 0.001)
    assert not world.messaging.message(message.id).seen
    world.advance_by(0.001)
    assert world.messaging.message(message.id).seen
    read = events[-1]
    assert read.name == "message_read" and read.data["message_id"] == message.id
    assert read.at_ms == world.now_ms()


def test_nobody_reads_when_the_behaviour_says_never():
    scenario = messaging_scenario(extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}])
    scenario["behaviours"] = {"replies": {"probability": 0}, "reads": {"probability": 0}}
    world = build_world(scenario_from_mapping(scenario), api_key="k")
    ana = contact_of(world.network.directory.find("ana-silva"), "WHATSAPP")
    _, message = world.messaging.start_chat(new_chat(ana.provider_id, account_id="wa"))
    world.advance_by(30 * 86_400)
    view = world.messaging.message(message.id)
    assert view.delivered and not view.seen


def test_a_provider_can_have_its_own_replies_and_reads():
    scenario = messaging_scenario(extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}])
    scenario["behaviours"] = {
        "replies": {"probability": 0},
        "reads": {"probability": 0},
        "providers": {
            "WHATSAPP": {
                "replies": {"probability": 1, "delay": {"min": "5m", "max": "5m"},
                            "texts": ["On WhatsApp!"]},
                "reads": {"probability": 1, "delay": {"min": "1m", "max": "1m"}},
            }
        },
    }  # fmt: skip
    world = build_world(scenario_from_mapping(scenario), api_key="k")
    ana = contact_of(world.network.directory.find("ana-silva"), "WHATSAPP")
    wa_chat, wa_message = world.messaging.start_chat(new_chat(ana.provider_id, account_id="wa"))
    li_chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.advance_by(62)
    assert world.messaging.message(wa_message.id).seen  # read after 2 s + 1 min
    world.advance_by(5 * 60)
    wa_newest = world.messaging.chat(wa_chat.id).last_message
    assert wa_newest.message.text == "On WhatsApp!" and not wa_newest.message.is_sender
    assert world.messaging.chat(li_chat.id).last_message.message.is_sender  # nobody answered


def test_providers_are_named_as_in_the_api():
    scenario = messaging_scenario()
    scenario["behaviours"] = {"providers": {"SIGNAL": {"replies": {"probability": 1}}}}
    with pytest.raises(ScenarioError, match="behaviours.providers"):
        scenario_from_mapping(scenario)


def test_a_chat_without_reactions_or_replies_refuses_them():
    world = world_with(
        {
            "threads": [
                {
                    "id": "quiet",
                    "with": "ana-silva",
                    "disabled_features": ["reactions", "reply"],
                    "messages": [{"from": "them", "text": "Hi"}, {"from": "me", "text": "Hey"}],
                }
            ]
        }
    )
    chat, messages = only_chat(world)
    assert chat_json(chat)["disabledFeatures"] == ["reactions", "reply"]
    with pytest.raises(ApiError, match="quote_id: chat quiet does not allow replies"):
        world.messaging.send("quiet", "x", quote_id=messages[0].id)
    with pytest.raises(ApiError, match="value: chat quiet does not allow reactions"):
        world.messaging.react("quiet", messages[1].id, "👍")
