"""The state-dependent refusals schemathesis must accept: each pattern takes the details the
world writes, whatever the drawn values look like (a quoted repr may use either quote)."""

from __future__ import annotations

import pytest

from simulator.contract_test import SEMANTIC_REJECTIONS
from simulator.world.errors import ApiError
from simulator.world.messaging import ChatQuery
from tests.unit.messaging_worlds import messaging_world


@pytest.mark.parametrize("quote_id", ["nope", "it's", 'say "hi"', "+\U00059acb\x7f'°"])
def test_a_quote_of_no_message_is_a_documented_refusal(quote_id):
    detail = f"quote_id: no message {quote_id!r} in chat w94BdgcDwWDSjCIbfB6tJA"
    for operation in ("POST /chats/{chat_id}/messages", "POST /chats/{chat_id}/reply"):
        assert SEMANTIC_REJECTIONS[operation].match(detail), (operation, detail)


def test_the_world_writes_the_quote_refusals_the_pattern_takes():
    world = messaging_world(chats={"generate": 1})
    chat = world.messaging.chats_page(ChatQuery(), None, 1)[0][0]
    chat.disabled_features = ()
    pattern = SEMANTIC_REJECTIONS["POST /chats/{chat_id}/messages"]
    for quote_id in ("it's", 'say "hi"'):
        with pytest.raises(ApiError) as refused:
            world.messaging.send(chat.id, "x", quote_id=quote_id)
        assert pattern.match(refused.value.detail), refused.value.detail
    chat.disabled_features = ("reply",)
    with pytest.raises(ApiError) as refused:
        world.messaging.send(chat.id, "x", quote_id=chat.last_message.id)
    assert pattern.match(refused.value.detail), refused.value.detail
