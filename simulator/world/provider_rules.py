"""What each messaging provider accepts in one message (README "Messaging on every provider").

LinkedIn's figures are the reference's (part 1 §5.3; its attachment limit is the scenario's
`limits.attachment_max_bytes`). For the other providers no Unipile source gives numbers
(reference part 2 §8: OPEN); these are the providers' own published limits, rounded, and kept
in this one table so that changing one is one line:

- text: WhatsApp 65,536 characters, Instagram 1,000, Telegram 4,096, Messenger 2,000;
- files per message: LinkedIn 20, WhatsApp 30, Instagram 10, Telegram 10, Messenger 10;
- bytes per file: WhatsApp 100 MiB, Instagram 25 MiB, Telegram 50 MiB, Messenger 25 MiB;
- voice notes (`voice_message`): LinkedIn and WhatsApp (reference part 2 §3.2, CONFLICT
  settled that way); video messages (`video_message`): LinkedIn only;
- group chats started through the API: LinkedIn, WhatsApp and Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ProviderRules:
    text_max_chars: int
    max_attachments: int
    attachment_max_bytes: int | None  # None: the scenario's limit (LinkedIn)
    voice_notes: bool
    video_messages: bool
    group_chats: bool


RULES = {
    "LINKEDIN": ProviderRules(8000, 20, None, True, True, True),
    "WHATSAPP": ProviderRules(65_536, 30, 100 * MIB, True, False, True),
    "INSTAGRAM": ProviderRules(1000, 10, 25 * MIB, False, False, False),
    "TELEGRAM": ProviderRules(4096, 10, 50 * MIB, False, False, True),
    "MESSENGER": ProviderRules(2000, 10, 25 * MIB, False, False, False),
}
