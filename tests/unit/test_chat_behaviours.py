"""The other side acting on its own (scenario `behaviours`): reactions, voice notes, stickers,
quotes, edits and deletions, on the virtual clock."""

from __future__ import annotations

import io
import random
import wave
from typing import Any

import pytest

from simulator.scenario.build import build_world
from simulator.scenario.loader import ScenarioError, scenario_from_mapping
from simulator.world.chat_behaviours import DEFAULT_REPLY_TEXTS, ReplyBehaviour
from simulator.world.contacts import contact_of
from simulator.world.errors import ApiError
from simulator.world.world import World
from tests.unit.messaging_worlds import ANA, messaging_scenario, new_chat, record_events

FIXED_5M = {"min": "5m", "max": "5m"}


def world_with(behaviours: dict[str, Any]) -> World:
    scenario = messaging_scenario(extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}])
    scenario["behaviours"] = {"replies": {"probability": 0}, "reads": {"probability": 0}} | (
        behaviours
    )
    return build_world(scenario_from_mapping(scenario), api_key="k")


def whatsapp_chat(world: World, text: str = "Hello!"):
    ana = contact_of(world.network.directory.find("ana-silva"), "WHATSAPP")
    return world.messaging.start_chat(new_chat(ana.provider_id, account_id="wa", text=text))


def always_replies(**extra: Any) -> dict[str, Any]:
    return {"probability": 1, "delay": FIXED_5M, "texts": ["Sure!"]} | extra


def test_people_react_to_what_the_account_sends_when_the_behaviour_says():
    world = world_with(
        {"reactions": {"probability": 1, "delay": {"min": "30m", "max": "30m"}, "values": ["🔥"]}}
    )
    events = record_events(world)
    chat, message = whatsapp_chat(world)
    world.advance_by(30 * 60 - 1)
    assert world.messaging.message(message.id).changes is None
    world.advance_by(1)
    [reaction] = [e for e in events if e.name == "message_reaction"]
    assert reaction.data["reaction"] == "🔥" and reaction.data["message_id"] == message.id
    assert reaction.data["reaction_sender"]["attendee_provider_id"] == chat.attendees[0].provider_id
    assert [value for value, _ in world.messaging.message(message.id).changes.reactions] == ["🔥"]


def test_a_provider_may_react_otherwise_and_linkedin_follows_the_scenario():
    world = world_with(
        {
            "reactions": {"probability": 0},
            "providers": {"WHATSAPP": {"reactions": {"probability": 1, "delay": FIXED_5M}}},
        }
    )
    events = record_events(world)
    whatsapp_chat(world)
    world.messaging.start_chat(new_chat(ANA))
    world.advance_by(3600)
    reactions = [e for e in events if e.name == "message_reaction"]
    assert [e.data["account_type"] for e in reactions] == ["WHATSAPP"]
    assert reactions[0].data["reaction"] in ("👍", "❤️", "😂", "😮", "🙏")


def test_a_chat_without_reactions_gets_none_from_the_behaviours():
    world = world_with({"reactions": {"probability": 1, "delay": FIXED_5M}})
    chat, message = whatsapp_chat(world)
    chat.disabled_features = ("reactions",)
    again = world.messaging.send(chat.id, "Again")
    world.advance_by(3600)
    # the first reaction was planned before the feature went away: it is skipped
    assert all(world.messaging.message(m.id).changes is None for m in (message, again))


def test_a_reply_may_be_a_voice_note_a_real_wav_of_the_drawn_length():
    world = world_with({"replies": always_replies(voice_notes=1)})
    chat, _ = whatsapp_chat(world)
    world.advance_by(5 * 60)
    reply = world.messaging.chat(chat.id).last_message.message
    assert not reply.is_sender and reply.text is None
    [audio] = reply.attachments
    assert (audio.kind, audio.voice_note, audio.mimetype) == ("audio", True, "audio/wav")
    with wave.open(io.BytesIO(audio.content)) as played:
        seconds = played.getnframes() / played.getframerate()
    assert seconds == audio.duration_s and 2 <= seconds <= 15


def test_stickers_come_off_linkedin_only():
    world = world_with({"replies": always_replies(stickers=1)})
    chat, _ = whatsapp_chat(world)
    li_chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.advance_by(5 * 60)
    sticker = world.messaging.chat(chat.id).last_message.message
    [image] = sticker.attachments
    assert (image.kind, image.sticker, image.mimetype) == ("img", True, "image/png")
    assert image.content.startswith(b"\x89PNG") and (image.width, image.height) == (120, 120)
    linkedin = world.messaging.chat(li_chat.id).last_message.message
    assert linkedin.text == "Sure!" and linkedin.attachments == ()


def test_a_reply_may_quote_the_account_s_last_message():
    world = world_with({"replies": always_replies(quote=1)})
    chat, first = whatsapp_chat(world)
    world.advance_by(60)
    second = world.messaging.send(chat.id, "Are you there?")
    world.advance_by(4 * 60)
    reply = world.messaging.chat(chat.id).last_message
    assert reply.message.quoted_id == second.id != first.id
    assert world.messaging.message(reply.message.id).quoted.id == second.id


def test_in_a_chat_without_replies_a_drawn_quote_becomes_a_plain_reply():
    world = world_with({"replies": always_replies(quote=1)})
    chat, _ = whatsapp_chat(world)
    chat.disabled_features = ("reply",)
    world.advance_by(5 * 60)
    reply = world.messaging.chat(chat.id).last_message.message
    assert reply.text == "Sure!" and reply.quoted_id is None


def test_a_reply_may_be_edited_then_deleted_later():
    world = world_with(
        {
            "replies": always_replies(
                edit={"probability": 1, "delay": {"min": "2m", "max": "2m"}, "texts": ["Sure, Friday!"]},
                delete={"probability": 1, "delay": {"min": "10m", "max": "10m"}},
            )
        }
    )  # fmt: skip
    events = record_events(world)
    chat, _ = whatsapp_chat(world)
    world.advance_by(5 * 60)
    reply = world.messaging.chat(chat.id).last_message.message
    world.advance_by(2 * 60)
    changes = world.messaging.message(reply.id).changes
    assert (changes.text, changes.edited, changes.deleted) == ("Sure, Friday!", True, False)
    world.advance_by(8 * 60)
    assert world.messaging.message(reply.id).changes.deleted
    names = [e.name for e in events if e.data.get("message_id") == reply.id]
    assert names == ["message_received", "message_edited", "message_deleted"]


def test_an_edit_planned_after_the_deletion_is_skipped():
    world = world_with(
        {
            "replies": always_replies(
                edit={"probability": 1, "delay": {"min": "20m", "max": "20m"}},
                delete={"probability": 1, "delay": {"min": "1m", "max": "1m"}},
            )
        }
    )
    events = record_events(world)
    whatsapp_chat(world)
    world.advance_by(3600)
    assert [e.name for e in events if e.name.startswith("message_") and "ed" in e.name][-1] == (
        "message_deleted"
    )
    assert not [e for e in events if e.name == "message_edited"]


def test_behaviours_that_cannot_happen_draw_nothing():
    """A scenario without the new behaviours keeps the story it had: a reply draws what it
    always drew (odds, text, delay), nothing more."""
    rng, expected = random.Random(5), random.Random(5)
    ReplyBehaviour(probability=1).draw(rng)
    expected.random()
    expected.choice(DEFAULT_REPLY_TEXTS)
    expected.randint(10 * 60_000, 86_400_000)
    assert rng.getstate() == expected.getstate()


def test_the_same_seed_tells_the_same_story():
    behaviours = {
        "replies": always_replies(voice_notes=0.3, stickers=0.3, quote=0.5,
                                  edit={"probability": 0.5}, delete={"probability": 0.2}),
        "reactions": {"probability": 0.5},
    }  # fmt: skip

    def story() -> list[tuple[str, int, Any]]:
        world = world_with(behaviours)
        events = record_events(world)
        chat, _ = whatsapp_chat(world)
        for n in range(6):
            world.advance_by(3600)
            world.messaging.send(chat.id, f"Follow-up {n}")
        world.advance_by(86_400)
        return [(e.name, e.at_ms, e.data.get("reaction")) for e in events]

    first = story()
    assert first == story() and len(first) > 12


@pytest.mark.parametrize(
    ("replies", "named"),
    [
        ({"voice_notes": 0.6, "stickers": 0.6}, "voice_notes + stickers must not exceed 1"),
        ({"quote": 2}, "behaviours.replies.quote"),
        ({"edit": {"probability": 1, "colour": "red"}}, "behaviours.replies.edit.colour"),
    ],
)
def test_mistakes_in_the_behaviours_are_named(replies, named):
    scenario = messaging_scenario()
    scenario["behaviours"] = {"replies": replies}
    with pytest.raises(ScenarioError, match=named.replace("+", r"\+")):
        scenario_from_mapping(scenario)


def test_the_control_plane_sends_voice_notes_and_stickers_and_names_what_is_wrong():
    world = world_with({})
    chat, _ = whatsapp_chat(world)
    voice = world.messaging.reply(chat.id, None, form="voice_note")
    assert voice.attachments[0].voice_note and voice.text is None
    sticker = world.messaging.reply(chat.id, None, form="sticker")
    assert sticker.attachments[0].sticker
    li_chat, _ = world.messaging.start_chat(new_chat(ANA))
    with pytest.raises(ApiError, match="form: LinkedIn has no stickers"):
        world.messaging.reply(li_chat.id, None, form="sticker")
    with pytest.raises(ApiError, match="text: a voice_note reply has no text"):
        world.messaging.reply(chat.id, "hi", form="voice_note")
    with pytest.raises(ApiError, match="text: a text reply needs a text"):
        world.messaging.reply(chat.id, None)
