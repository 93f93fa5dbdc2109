"""Identifiers drawn from the world's seeded RNG, shaped like Unipile's and LinkedIn's."""

from __future__ import annotations

import base64
import random
import string

_URLSAFE = string.ascii_letters + string.digits + "-_"


class IdFactory:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def unique_id(self) -> str:
        """A 22-char URL-safe id, like `fFl27we2Rqa0eSbwIKX9hw` (128 random bits)."""
        raw = self._rng.getrandbits(128).to_bytes(16, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def linkedin_member_id(self) -> str:
        """A LinkedIn member id in the `ACoAA…` form (39 chars, as seen in live payloads)."""
        return "ACoAA" + "".join(self._rng.choices(_URLSAFE, k=34))

    def digits(self, length: int) -> str:
        """`length` uniform decimal digits, leading zeros kept (one draw, not one per digit)."""
        return str(self._rng.randrange(10**length)).zfill(length)
