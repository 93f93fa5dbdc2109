"""Each email provider's folders and their roles (reference part 2 §2.4).

Gmail has labels: an email can carry several (INBOX and IMPORTANT, a user label...). Outlook
and IMAP have folders: an email is in exactly one. No source gives the names and roles the API
shows, so these follow each provider's own conventions (README "Email"): Gmail's system label
ids, Outlook's well-known folder names, IMAP's special-use folders.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

GMAIL, OUTLOOK, IMAP = "gmail", "outlook", "imap"
FOLDER_MODEL = {
    "GOOGLE_OAUTH": GMAIL,
    "OUTLOOK": OUTLOOK,
    "EXCHANGE": OUTLOOK,
    "MAIL": IMAP,
    "ICLOUD": IMAP,
}
ROLES = (
    "inbox", "sent", "archive", "drafts", "trash", "spam", "all", "important", "starred",
    "unknown",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Folder:
    id: str  # the Unipile id
    account_id: str
    name: str
    provider_id: str  # Gmail's label id, Outlook's folder id, the IMAP path
    role: str


# (name, provider id or None for a derived one, role), in the order the folder list shows them.
_FOLDERS = {
    GMAIL: (
        ("INBOX", "INBOX", "inbox"),
        ("SENT", "SENT", "sent"),
        ("DRAFT", "DRAFT", "drafts"),
        ("TRASH", "TRASH", "trash"),
        ("SPAM", "SPAM", "spam"),
        ("STARRED", "STARRED", "starred"),
        ("IMPORTANT", "IMPORTANT", "important"),
        ("Clients", "Label_1", "unknown"),
    ),
    OUTLOOK: (
        ("Inbox", None, "inbox"),
        ("Sent Items", None, "sent"),
        ("Drafts", None, "drafts"),
        ("Deleted Items", None, "trash"),
        ("Junk Email", None, "spam"),
        ("Archive", None, "archive"),
    ),
    IMAP: (
        ("INBOX", "INBOX", "inbox"),
        ("Sent", "Sent", "sent"),
        ("Drafts", "Drafts", "drafts"),
        ("Trash", "Trash", "trash"),
        ("Junk", "Junk", "spam"),
        ("Archive", "Archive", "archive"),
    ),
}
# When an email sits in several (Gmail), the one role it shows: the most specific.
_ROLE_ORDER = ("trash", "spam", "drafts", "sent", "inbox", "archive", "starred", "important")


def derived_id(token: str) -> str:
    """A 22-character Unipile-style id computed from `token` (no draw from the world's RNG:
    every world of a blueprint agrees on it, whenever it is first asked for)."""
    digest = hashlib.blake2b(token.encode(), digest_size=16).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _outlook_id(account_id: str, name: str) -> str:
    digest = hashlib.blake2b(f"{account_id}/{name}".encode(), digest_size=30).digest()
    return "AQMkAD" + base64.urlsafe_b64encode(digest).decode("ascii")


def folders_of(account_id: str, account_type: str) -> tuple[Folder, ...]:
    model = FOLDER_MODEL[account_type]
    return tuple(
        Folder(
            derived_id(f"{account_id}/folder/{name}"),
            account_id,
            name,
            provider_id if provider_id is not None else _outlook_id(account_id, name),
            role,
        )
        for name, provider_id, role in _FOLDERS[model]
    )


def role_of(folders: tuple[Folder, ...], model: str) -> str:
    """The role an email shows for the folders it is in; a Gmail email without a system label
    is in All Mail only (archived)."""
    roles = {folder.role for folder in folders}
    for role in _ROLE_ORDER:
        if role in roles:
            return role
    return "all" if model == GMAIL else "unknown"
