"""The installation's secret: what signs the cursors lists hand out (api/pagination.py).

A cursor must be one a list returned, so the key that signs it cannot be in the source. It is,
in this order: `UNIPILE_SIM_SECRET` from the environment (any text; CI and containers that want
the same cursors on every machine set it); a random key kept in
`$XDG_STATE_HOME/unipile-sim/secret` (`~/.local/state/...`), made on first use, readable by its
owner only, so one installation gives the same cursors from run to run; a random key for this
process alone when that file cannot be written.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

ENV_VAR = "UNIPILE_SIM_SECRET"
_KEY_BYTES = 32


_adopted: list[bytes] = []  # a state file's secret, once adopted: it signs from then on


def signing_secret() -> bytes:
    """The secret cursors are signed with: a state file's (`adopt_secret`), else the
    installation's (read once)."""
    if not _adopted:
        _adopted.append(installation_secret())
    return _adopted[-1]


def adopt_secret(secret: bytes) -> None:
    """A state file keeps the secret its worlds' cursors were signed with: they stay good."""
    _adopted.append(secret)


def secret_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "unipile-sim" / "secret"


def installation_secret() -> bytes:
    named = os.environ.get(ENV_VAR)
    if named:
        return hashlib.sha256(named.encode()).digest()
    path = secret_file()
    try:
        kept = path.read_bytes()
        if len(kept) == _KEY_BYTES:
            return kept
    except OSError:
        pass
    made = secrets.token_bytes(_KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(made)
    except FileExistsError:  # another process made it first: use theirs
        kept = path.read_bytes()
        return kept if len(kept) == _KEY_BYTES else made
    except OSError:
        return made  # a read-only home: this process's own key
    return made
