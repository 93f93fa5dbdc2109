"""LinkedIn's messaging rules, in the world (no HTTP)."""

from __future__ import annotations

import pytest

from simulator.clock import iso_ms
from simulator.world.errors import ApiError
from simulator.world.messaging import ChatQuery, MessageQuery, NewAttachment
from simulator.world.people import FIRST
from tests.unit.messaging_worlds import (
    ANA,
    BOB,
    DAY_MS,
    HOUR_MS,
    JANE,
    messaging_world,
    new_chat,
    png,
    record_events,
    stranger,
)
from tests.unit.network_worlds import default_world


def error_of(call, *args, **kwargs) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    return caught.value


# -- starting chats -----------------------------------------------------------------------------


def test_a_relation_gets_a_new_chat_with_the_first_message_from_the_account():
    world = messaging_world()
    chat, message = world.messaging.start_chat(new_chat(ANA, text="Hi Ana"))
    assert chat.account_id == "acct" and [a.provider_id for a in chat.attendees] == [ANA]
    assert message.is_sender and message.text == "Hi Ana"
    assert message.timestamp_ms == world.now_ms()
    assert chat.last_message is message and chat.unread_count == 0
    assert message.message_type == "MESSAGE" and chat.content_type is None


def test_starting_a_chat_again_with_the_same_person_writes_in_the_existing_one():
    world = messaging_world()
    first, _ = world.messaging.start_chat(new_chat(ANA, text="one"))
    world.advance_by(60)
    again, second = world.messaging.start_chat(new_chat(ANA, text="two"))
    assert again is first
    views, _ = world.messaging.chat_messages(first.id, MessageQuery(), None, 10)
    assert [v.message.text for v in views] == ["two", "one"]
    assert second.id == first.last_message.id


def test_classic_messages_go_only_to_relations():
    world = messaging_world()
    error = error_of(world.messaging.start_chat, new_chat(JANE))
    assert (error.status, error.error.type) == (422, "errors/no_connection_with_recipient")
    assert "Jane Doe" in error.detail


def test_inmail_needs_a_premium_sales_navigator_or_recruiter_plan():
    world = messaging_world(plan="free")
    error = error_of(world.messaging.start_chat, new_chat(JANE, inmail=True))
    assert (error.status, error.error.type) == (422, "errors/not_allowed_inmail")


def test_an_inmail_spends_a_credit_until_none_is_left():
    world = messaging_world(limits={"inmail_credits": {"premium": 2}})
    account = world.accounts.get("acct")
    chat, message = world.messaging.start_chat(new_chat(JANE, inmail=True, subject="Hello"))
    assert world.limits.inmail_balance(account)["premium"] == 1
    assert message.message_type == "INMAIL" and message.subject == "Hello"
    assert chat.content_type == "inmail" and chat.subject == "Hello"
    world.messaging.start_chat(new_chat(stranger(world).provider_id, inmail=True))
    assert world.limits.inmail_balance(account)["premium"] == 0
    error = error_of(world.messaging.start_chat, new_chat(JANE, inmail=True))
    assert (error.status, error.error.type) == (422, "errors/insufficient_credits")
    assert world.limits.inmail_balance(account)["premium"] == 0


def test_an_inmail_flag_to_a_relation_is_a_plain_message_and_free():
    world = messaging_world(limits={"inmail_credits": {"premium": 1}})
    _, message = world.messaging.start_chat(new_chat(ANA, inmail=True))
    assert message.message_type == "MESSAGE"
    assert world.limits.inmail_balance(world.accounts.get("acct"))["premium"] == 1


def test_sales_navigator_needs_its_seat():
    world = messaging_world(plan="premium")
    error = error_of(world.messaging.start_chat, new_chat(ANA, api="sales_navigator"))
    assert (error.status, error.error.type) == (403, "errors/feature_not_subscribed")


def test_through_sales_navigator_a_stranger_gets_an_inmail_of_that_seat():
    world = messaging_world(plan="sales_navigator")
    account = world.accounts.get("acct")
    before = world.limits.inmail_balance(account)
    chat, message = world.messaging.start_chat(new_chat(JANE, api="sales_navigator"))
    after = world.limits.inmail_balance(account)
    assert after["sales_navigator"] == before["sales_navigator"] - 1
    assert after["premium"] == before["premium"]
    assert chat.folder == ("INBOX_LINKEDIN_SALES_NAVIGATOR",) and message.message_type == "INMAIL"


def test_each_linkedin_product_has_its_own_chat_with_a_person():
    world = messaging_world(plan="sales_navigator")
    classic, _ = world.messaging.start_chat(new_chat(ANA))
    sales, _ = world.messaging.start_chat(new_chat(ANA, api="sales_navigator"))
    assert classic is not sales
    assert classic.folder == ("INBOX", "INBOX_LINKEDIN_CLASSIC")


@pytest.mark.parametrize("recipient", ["ACoAANobodyNobodyNobody0000", "not-a-member"])
def test_an_unknown_recipient_is_refused(recipient):
    world = messaging_world()
    error = error_of(world.messaging.start_chat, new_chat(ANA, recipient))
    assert (error.status, error.error.type) == (422, "errors/invalid_recipient")
    assert error.detail.startswith("attendees_ids[1]:")
    assert len(world.messaging.inbox.chats) == 0


def test_an_account_cannot_write_to_itself():
    world = messaging_world()
    own = world.accounts.get("acct").provider_user_id
    error = error_of(world.messaging.start_chat, new_chat(own))
    assert error.error.type == "errors/invalid_recipient" and "itself" in error.detail


def test_several_relations_open_a_group_chat_that_is_never_reused():
    world = messaging_world()
    group, _ = world.messaging.start_chat(new_chat(ANA, BOB, subject="Offsite"))
    assert group.is_group and group.name == "Offsite"
    again, _ = world.messaging.start_chat(new_chat(ANA, BOB))
    assert again is not group
    error = error_of(world.messaging.start_chat, new_chat(ANA, JANE, inmail=True))
    assert error.error.type == "errors/invalid_recipient" and "one recipient" in error.detail


def test_a_disconnected_account_cannot_write_but_its_chats_stay_readable():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.lifecycle.set_status(world.accounts.get("acct"), "CREDENTIALS")
    for call, args in (
        (world.messaging.start_chat, (new_chat(BOB),)),
        (world.messaging.send, (chat.id, "more")),
        (world.messaging.set_read, (chat.id, True)),
    ):
        error = error_of(call, *args)
        assert (error.status, error.error.type) == (401, "errors/disconnected_account")
    chats, _ = world.messaging.chats_page(ChatQuery(), None, 10)
    assert [c.id for c in chats] == [chat.id]


def test_a_linkedin_id_is_no_whatsapp_recipient_and_a_mailbox_has_no_chats():
    world = messaging_world(
        extra_accounts=[{"id": "wa", "provider": "WHATSAPP"}, {"id": "mail", "provider": "MAIL"}]
    )
    error = error_of(world.messaging.start_chat, new_chat(ANA, account_id="wa"))
    assert (error.status, error.error.type) == (422, "errors/invalid_recipient")
    assert error.detail.startswith("attendees_ids[0]: a WhatsApp attendee is")
    error = error_of(world.messaging.start_chat, new_chat(ANA, account_id="mail"))
    assert (error.status, error.error.type) == (422, "errors/invalid_account")


# -- what a message may carry ---------------------------------------------------------------


def test_a_message_needs_a_text_or_attachments():
    world = messaging_world()
    for text in (None, ""):
        error = error_of(world.messaging.start_chat, new_chat(ANA, text=text))
        assert (error.status, error.error.type) == (400, "errors/missing_parameters")
    chat, _ = world.messaging.start_chat(new_chat(ANA, text=None, attachments=(png(),)))
    assert chat.last_message.text is None and len(chat.last_message.attachments) == 1


def test_texts_over_8000_characters_are_refused():
    world = messaging_world()
    error = error_of(world.messaging.start_chat, new_chat(ANA, text="x" * 8001))
    assert (error.status, error.error.type) == (400, "errors/too_many_characters")
    world.messaging.start_chat(new_chat(ANA, text="x" * 8000))


def test_attachments_are_kept_with_their_kind_size_and_bytes():
    world = messaging_world()
    files = (
        png(40, 30),
        NewAttachment("deck.pdf", "application/octet-stream", b"%PDF-1.4"),
        NewAttachment("memo", None, b"raw"),
        NewAttachment("hello.ogg", "audio/ogg", b"OggS", voice_note=True),
    )
    _, message = world.messaging.start_chat(new_chat(ANA, attachments=files))
    image, pdf, raw, voice = message.attachments
    assert (image.kind, image.mimetype, image.width, image.height) == ("img", "image/png", 40, 30)
    assert (pdf.kind, pdf.mimetype, pdf.file_name, pdf.size) == (
        "file",
        "application/pdf",
        "deck.pdf",
        8,
    )
    assert (raw.kind, raw.mimetype) == ("file", "application/octet-stream")
    assert (voice.kind, voice.voice_note) == ("audio", True)
    assert world.messaging.attachment(message.id, pdf.id).content == b"%PDF-1.4"
    error = error_of(world.messaging.attachment, message.id, "nope")
    assert error.status == 404


def test_an_attachment_over_the_limit_is_content_too_large():
    world = messaging_world()
    limit = world.messaging.limits.attachment_max_bytes
    big = NewAttachment("big.pdf", "application/pdf", b"0" * (limit + 1))
    error = error_of(world.messaging.start_chat, new_chat(ANA, attachments=(png(), big)))
    assert (error.status, error.error.type) == (400, "errors/content_too_large")
    assert error.detail.startswith("attachments[1]:")


@pytest.mark.parametrize(
    "attachment",
    [
        NewAttachment("setup.exe", "application/x-msdownload", b"MZ"),
        NewAttachment("page.html", None, b"<html>"),
        NewAttachment("note.txt", "text/plain", b"hi", voice_note=True),
    ],
)
def test_files_linkedin_does_not_carry_are_unsupported_media(attachment):
    world = messaging_world()
    error = error_of(world.messaging.start_chat, new_chat(ANA, attachments=(attachment,)))
    assert (error.status, error.error.type) == (415, "errors/unsupported_media_type")


# -- sending in a chat, and the daily cap -----------------------------------------------------


def test_sending_moves_the_chat_to_the_top_of_its_account():
    world = messaging_world()
    ana, _ = world.messaging.start_chat(new_chat(ANA))
    world.advance_by(60)
    bob, _ = world.messaging.start_chat(new_chat(BOB))
    chats, _ = world.messaging.chats_page(ChatQuery(), None, 10)
    assert [c.id for c in chats] == [bob.id, ana.id]
    world.advance_by(60)
    world.messaging.send(ana.id, "back on top")
    chats, _ = world.messaging.chats_page(ChatQuery(), None, 10)
    assert [c.id for c in chats] == [ana.id, bob.id]


def test_send_checks_the_chat_belongs_to_the_account_named():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    error = error_of(world.messaging.send, chat.id, "hi", account_id="someone-else")
    assert error.status == 404
    assert world.messaging.send(chat.id, "hi", account_id="acct").text == "hi"


def test_the_daily_cap_counts_a_rolling_24_hours():
    world = messaging_world(limits={"messages_per_day": 3})
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.advance_by(3600)
    world.messaging.send(chat.id, "2")
    world.messaging.send(chat.id, "3")
    error = error_of(world.messaging.send, chat.id, "4")
    assert (error.status, error.error.type) == (429, "errors/too_many_requests")
    assert iso_ms(world.blueprint.start_ms + DAY_MS) in error.detail
    assert error_of(world.messaging.start_chat, new_chat(BOB)).status == 429
    world.advance_to(world.blueprint.start_ms + DAY_MS)  # the first send leaves the window
    world.messaging.send(chat.id, "4")
    assert error_of(world.messaging.send, chat.id, "5").status == 429


def test_without_a_cap_an_account_sends_freely():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    for n in range(300):
        world.messaging.send(chat.id, str(n))
    assert len(chat.messages) == 301


# -- the other side, read state and events ----------------------------------------------------


def test_sent_messages_are_announced_with_is_sender_true():
    world = messaging_world()
    events = record_events(world)
    chat, message = world.messaging.start_chat(new_chat(ANA, text="Hi"))
    [event] = events
    assert (event.name, event.account_id) == ("message_received", "acct")
    data = event.data
    assert data["is_sender"] is True and data["message"] == "Hi"
    assert data["chat_id"] == chat.id and data["message_id"] == message.id
    assert data["sender"]["attendee_provider_id"] == world.accounts.get("acct").provider_user_id
    assert [a["attendee_provider_id"] for a in data["attendees"]] == [ANA]


def test_a_reply_is_unread_and_announced_with_the_full_payload():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    events = record_events(world)
    world.advance_by(120)
    reply = world.messaging.reply(chat.id, "Thanks!")
    assert not reply.is_sender and reply.sender.provider_id == ANA
    assert reply.timestamp_ms == world.now_ms()
    assert chat.unread_count == 1
    [event] = events
    assert list(event.data) == [
        "account_type", "account_info", "chat_id", "message_id", "message", "timestamp",
        "subject", "attachments", "sender", "attendees", "is_sender", "provider_chat_id",
        "provider_message_id", "is_event", "chat_pinned", "quoted", "reply_to", "is_forwarded",
        "chat_content_type", "message_type", "is_group", "folder", "event_type",
    ]  # fmt: skip
    data = event.data
    assert data["is_sender"] is False and data["message"] == "Thanks!"
    assert data["account_info"] == {
        "type": "LINKEDIN",
        "feature": "classic",
        "user_id": world.accounts.get("acct").provider_user_id,
    }
    assert data["timestamp"] == iso_ms(world.now_ms())
    sender = data["sender"]
    assert sender["attendee_provider_id"] == ANA and sender["attendee_name"] == "Ana Silva"
    assert sender["attendee_specifics"]["network_distance"] == "DISTANCE_1"
    assert data["provider_message_id"].startswith("2-") and data["folder"] == [
        "INBOX",
        "INBOX_LINKEDIN_CLASSIC",
    ]


def test_reading_a_chat_clears_unread_and_announces_message_read_once():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    first = world.messaging.reply(chat.id, "one")
    second = world.messaging.reply(chat.id, "two")
    assert chat.unread_count == 2
    assert not chat.seen(first) and not chat.seen(second)
    events = record_events(world)
    world.messaging.set_read(chat.id, True)
    assert chat.unread_count == 0 and chat.seen(first) and chat.seen(second)
    [event] = events
    assert event.name == "message_read"
    assert event.data == {
        "account_type": "LINKEDIN",
        "chat_id": chat.id,
        "timestamp": iso_ms(world.now_ms()),
        "message_id": second.id,
    }
    world.messaging.set_read(chat.id, True)
    assert len(events) == 1  # nothing was unread: no transition, no event


def test_marking_unread_counts_the_latest_inbound_message():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    older = world.messaging.reply(chat.id, "older")
    latest = world.messaging.reply(chat.id, "latest")
    world.messaging.set_read(chat.id, True)
    world.messaging.set_read(chat.id, False)
    assert chat.unread_count == 1
    assert chat.seen(older) and not chat.seen(latest)


def test_an_outbound_message_counts_as_seen_once_the_other_side_writes():
    world = messaging_world()
    chat, sent = world.messaging.start_chat(new_chat(ANA))
    assert not chat.seen(sent)
    world.advance_by(1)
    world.messaging.reply(chat.id, "seen it")
    assert chat.seen(sent)


def test_reply_behaviour_answers_after_a_seeded_delay():
    replies = {"probability": 1, "delay": {"min": "1h", "max": "1h"}, "texts": ["Sure!"]}
    world = messaging_world(replies=replies)
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.messaging.send(chat.id, "a second message does not plan a second reply")
    events = record_events(world)
    fired = world.advance_by(2 * 3600)
    assert [f["kind"] for f in fired] == ["message_reply"]
    assert chat.unread_count == 1 and chat.last_message.text == "Sure!"
    assert chat.last_message.timestamp_ms == world.blueprint.start_ms + HOUR_MS
    assert [e.data["is_sender"] for e in events] == [False]


def test_a_control_reply_calls_off_the_planned_one():
    world = messaging_world(replies={"probability": 1, "delay": {"min": "1h", "max": "1h"}})
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.messaging.reply(chat.id, "now")
    assert world.advance_by(2 * 3600) == []
    assert chat.unread_count == 1


def test_no_reply_when_the_behaviour_says_so():
    world = messaging_world(replies={"probability": 0})
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    assert world.advance_by(30 * 86400) == [] and chat.unread_count == 0


def test_no_webhook_event_while_the_account_is_not_ok():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.lifecycle.set_status(world.accounts.get("acct"), "CREDENTIALS")
    events = record_events(world)
    world.messaging.reply(chat.id, "hello?")
    assert events == [] and chat.unread_count == 1


def test_same_requests_same_ids():
    def run():
        world = messaging_world(replies={"probability": 0.5})
        chat, first = world.messaging.start_chat(new_chat(ANA))
        second = world.messaging.send(chat.id, "more")
        world.advance_by(86400)
        return (
            chat.id,
            first.id,
            second.id,
            [
                m.message.id
                for m in world.messaging.chat_messages(chat.id, MessageQuery(), None, 9)[0]
            ],
        )

    assert run() == run()


def test_deleting_an_account_takes_its_chats_along():
    world = messaging_world()
    chat, message = world.messaging.start_chat(new_chat(ANA))
    world.accounts.delete("acct")
    assert error_of(world.messaging.chat, chat.id).status == 404
    assert error_of(world.messaging.message, message.id).status == 404
    assert world.messaging.messages_page(MessageQuery(), None, 10) == ([], None)


# -- lists --------------------------------------------------------------------------------------


def test_history_walks_newest_first_with_exclusive_bounds():
    world = messaging_world(chats={"generate": 1, "messages": {"min": 40, "max": 40}})
    [chat] = world.messaging.chats_page(ChatQuery(), None, 10)[0]
    every = [
        v.message for v in world.messaging.chat_messages(chat.id, MessageQuery(), None, 100)[0]
    ]
    assert len(every) == 40
    assert [m.key for m in every] == sorted((m.key for m in every), reverse=True)
    walked, after = [], None
    while True:
        page, after = world.messaging.chat_messages(chat.id, MessageQuery(), after, 7)
        walked += [v.message.id for v in page]
        if after is None:
            break
    assert walked == [m.id for m in every]
    upper, lower = every[5].timestamp_ms, every[30].timestamp_ms
    window = MessageQuery(before_ms=upper, after_ms=lower)
    inside = [v.message for v in world.messaging.chat_messages(chat.id, window, None, 100)[0]]
    assert inside and all(lower < m.timestamp_ms < upper for m in inside)
    assert every[5] not in inside and every[30] not in inside


def test_chat_list_filters():
    world = messaging_world(
        chats={"generate": 6, "unread": 0.5},
        extra_accounts=[{"id": "other", "provider": "LINKEDIN", "chats": {"generate": 2}}],
    )
    mine = world.messaging.chats_page(ChatQuery(account_ids=("acct",)), None, 50)[0]
    both = world.messaging.chats_page(ChatQuery(account_ids=("acct", "other")), None, 50)[0]
    assert len(mine) == 6 and len(both) == 8
    assert [c.key for c in both] == sorted((c.key for c in both), reverse=True)
    unread = world.messaging.chats_page(ChatQuery(unread=True), None, 50)[0]
    read = world.messaging.chats_page(ChatQuery(unread=False), None, 50)[0]
    assert all(c.unread_count > 0 for c in unread) and all(c.unread_count == 0 for c in read)
    assert len(unread) + len(read) == 8
    assert world.messaging.chats_page(ChatQuery(account_type="WHATSAPP"), None, 50)[0] == []
    assert (
        error_of(world.messaging.chats_page, ChatQuery(account_ids=("nope",)), None, 5).status
        == 404
    )


def test_messages_of_a_sender_across_the_world():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    world.messaging.reply(chat.id, "from Ana")
    bob, _ = world.messaging.start_chat(new_chat(BOB))
    world.messaging.reply(bob.id, "from Bob")
    views, _ = world.messaging.messages_page(MessageQuery(sender_id=ANA), None, 10)
    assert [v.message.text for v in views] == ["from Ana"]
    views, _ = world.messaging.chat_messages(chat.id, MessageQuery(sender_id=ANA), None, 10)
    assert [v.message.text for v in views] == ["from Ana"]
    assert views[0].sender_distance == FIRST


def test_attendees_of_an_account_and_their_chats_and_messages():
    world = messaging_world()
    chat, _ = world.messaging.start_chat(new_chat(ANA))
    reply = world.messaging.reply(chat.id, "hi")
    people = world.messaging.chat_attendees(chat.id)
    assert [(v.name, v.attendee.is_self) for v in people] == [
        ("Ana Silva", False),
        ("Ada Lovelace", True),
    ]
    ana = people[0].attendee
    assert world.messaging.attendee(ana.id).distance == FIRST
    assert [c.id for c in world.messaging.attendee_chats(ana.id, ChatQuery(), None, 10)[0]] == [
        chat.id
    ]
    views, _ = world.messaging.attendee_messages(ana.id, MessageQuery(), None, 10)
    assert [v.message.id for v in views] == [reply.id]
    listed, _ = world.messaging.attendees_page("acct", None, 10)
    assert {v.attendee.id for v in listed} == {ana.id, people[1].attendee.id}


def test_a_chat_with_a_stranger_shows_the_pending_invitation():
    world = messaging_world()
    target = stranger(world)
    world.invitations.send("acct", target.provider_id, note=None)
    chat, _ = world.messaging.start_chat(new_chat(target.provider_id, inmail=True))
    them = world.messaging.chat_attendees(chat.id)[0]
    assert them.pending_invitation and them.distance != FIRST


# -- the scenario's history -------------------------------------------------------------------


def test_default_world_gives_the_premium_account_at_least_ten_chats_with_history():
    world = default_world()
    premium = next(a for a in world.accounts if "sales_navigator" in a.premium_features)
    chats, _ = world.messaging.chats_page(ChatQuery(account_ids=(premium.id,)), None, 100)
    assert len(chats) >= 10
    messages = [
        v.message
        for chat in chats
        for v in world.messaging.chat_messages(chat.id, MessageQuery(), None, 100)[0]
    ]
    assert {m.is_sender for m in messages} == {True, False}
    assert all(m.timestamp_ms <= world.now_ms() for m in messages)
    attendees = {chat.attendees[0].person for chat in chats}
    assert all(person is not None for person in attendees)
    ana = next(
        c for c in chats if c.attendees[0].provider_id == "ACoAASoQdu5M7to3rQhX8GZomVyJcDmpc0VRrn1"
    )
    assert (
        ana.unread_count == 1 and ana.last_message.text == "Sure, Tuesday afternoon works for me."
    )


def test_worlds_share_the_compiled_history_records():
    first, second = default_world(), default_world()
    a = first.messaging.chats_page(ChatQuery(), None, 5)[0]
    b = second.messaging.chats_page(ChatQuery(), None, 5)[0]
    assert [c.id for c in a] == [c.id for c in b]
    assert a[0] is not b[0]  # chats are each world's own (unread counts move)
    assert a[0].last_message is b[0].last_message  # messages are shared and immutable
    assert a[0].unread_count == b[0].unread_count == 1  # Ana's chat: her last message
    second.messaging.set_read(b[0].id, True)
    assert (a[0].unread_count, b[0].unread_count) == (1, 0)


def test_at_most_twenty_files_in_a_message():
    world = messaging_world()
    error = error_of(world.messaging.start_chat, new_chat(ANA, attachments=(png(),) * 21))
    assert (error.status, error.error.type) == (400, "errors/invalid_parameters")
    assert error.detail.startswith("attachments:")
    world.messaging.start_chat(new_chat(ANA, attachments=(png(),) * 20))
