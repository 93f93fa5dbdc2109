"""Identifiers of emails shaped like each provider's: Gmail's hex ids, Outlook's `AAMkAD...`
item ids and `AAQkAD...` conversation ids, IMAP's numeric UIDs."""

from __future__ import annotations

import base64
import random

from simulator.world.mail_folders import GMAIL, OUTLOOK


def unique(rng: random.Random) -> str:
    """A 22-char URL-safe id (128 random bits), like Unipile's."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).rstrip(b"=").decode()


def provider_uid(model: str, rng: random.Random) -> str:
    if model == GMAIL:
        return f"{rng.getrandbits(64):016x}"
    if model == OUTLOOK:
        raw = rng.getrandbits(8 * 45).to_bytes(45, "big")
        return "AAMkAD" + base64.urlsafe_b64encode(raw).decode()
    return str(rng.randrange(1, 10**7))


def provider_thread_id(model: str, rng: random.Random) -> str:
    if model == OUTLOOK:
        raw = rng.getrandbits(8 * 30).to_bytes(30, "big")
        return "AAQkAD" + base64.urlsafe_b64encode(raw).decode()
    return f"{rng.getrandbits(64):016x}"


def message_id(rng: random.Random, sender: str) -> str:
    """An RFC 822 Message-ID on the sender's domain, with its angle brackets."""
    return f"<{unique(rng)}@{sender.rsplit('@', 1)[-1]}>"
