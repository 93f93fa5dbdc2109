"""The provider's own ids of chats and messages, per provider, derived rather than stored.

A message keeps its Unipile id only; what the provider calls it (`provider_id` on the Message,
`provider_message_id` in webhooks) is computed from that id in the provider's shape, so a world
of a million messages stores nothing more, and every world of a blueprint agrees.

- LINKEDIN: `2-<base64>` for conversations and messages.
- WHATSAPP: a 1:1 chat is the contact's jid (`33612345678@s.whatsapp.net`), a group
  `120363<12 digits>@g.us`; messages `3EB0<16 hex>`.
- INSTAGRAM: threads are long numbers (`340282366841710300949128<14 digits>`), messages
  `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj<…>` (base64 of `ig_item:1:IGMessageID:…`).
- TELEGRAM: a 1:1 chat is the contact's user id, a group `-100<10 digits>`; messages are
  numbers.
- MESSENGER: a 1:1 thread is the contact's id, a group `t_<15 digits>`; messages `m_<base64>`.
"""

from __future__ import annotations

import base64
import hashlib

from simulator.world.contacts import INSTAGRAM, MESSENGER, TELEGRAM, WHATSAPP, WHATSAPP_GROUP


def _digest(token: str, size: int = 12) -> bytes:
    return hashlib.blake2b(token.encode(), digest_size=size).digest()


def _digits(token: str, count: int) -> str:
    return f"{int.from_bytes(_digest(token, 12), 'big') % 10**count:0{count}d}"


def chat_provider_id(account_type: str, token: str, one_to_one_with: str | None = None) -> str:
    """A new chat's provider id. `token`: a fresh Unipile-style id to derive it from;
    `one_to_one_with`: the other side's provider id, for providers whose 1:1 chats are named
    after the contact."""
    if account_type == WHATSAPP:
        if one_to_one_with is not None:
            return one_to_one_with
        return f"120363{_digits(token, 12)}{WHATSAPP_GROUP}"
    if account_type == INSTAGRAM:
        return f"340282366841710300949128{_digits(token, 14)}"
    if account_type == TELEGRAM:
        return one_to_one_with if one_to_one_with is not None else f"-100{_digits(token, 10)}"
    if account_type == MESSENGER:
        return one_to_one_with if one_to_one_with is not None else f"t_{_digits(token, 15)}"
    return "2-" + token


def message_provider_id(account_type: str, message_id: str) -> str:
    if account_type == WHATSAPP:
        return "3EB0" + _digest(message_id, 8).hex().upper()
    if account_type == INSTAGRAM:
        item = f"ig_item:1:IGMessageID:{_digits(message_id, 19)}"
        return base64.urlsafe_b64encode(item.encode()).rstrip(b"=").decode("ascii")
    if account_type == TELEGRAM:
        return str(int.from_bytes(_digest(message_id, 4), "big") % 10**7 + 1)
    if account_type == MESSENGER:
        return "m_" + base64.urlsafe_b64encode(_digest(message_id, 18)).decode("ascii")
    return "2-" + base64.b64encode(message_id.encode("ascii")).decode("ascii")
