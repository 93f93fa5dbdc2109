"""The state-dependent refusals schemathesis must accept: each pattern takes the details the
world writes, whatever the drawn values look like (a quoted repr may use either quote)."""

from __future__ import annotations

import pytest

from simulator.contract_test import SEMANTIC_REJECTIONS
from simulator.world.errors import ApiError
from simulator.world.messaging import Messaging


@pytest.mark.parametrize("quote_id", ["nope", "it's", 'say "hi"', "+\U00059acb\x7f'°"])
def test_a_quote_of_no_message_is_a_documented_refusal(quote_id):
    detail = f"quote_id: no message {quote_id!r} in chat w94BdgcDwWDSjCIbfB6tJA"
    for operation in ("POST /chats/{chat_id}/messages", "POST /chats/{chat_id}/reply"):
        assert SEMANTIC_REJECTIONS[operation].match(detail), (operation, detail)


def test_the_world_writes_the_quote_refusal_the_pattern_takes():
    class Chat:
        id = "chat-1"

    class Messages:
        @staticmethod
        def find(message_id):
            return None

    class Inbox:
        messages = Messages()

    messaging = Messaging.__new__(Messaging)
    messaging._inbox = Inbox()
    messaging._changes = {}
    with pytest.raises(ApiError) as refused:
        messaging._quotable(Chat(), "it's")
    assert SEMANTIC_REJECTIONS["POST /chats/{chat_id}/messages"].match(refused.value.detail)
