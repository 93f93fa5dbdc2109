"""The two dialects of one route table: Unipile (`/api/v1`) and Postpress (`/v1`).

Every operation is written once (simulator/api/routes.py) and mounted under both prefixes; the
handlers read `request.state.dialect` for what Postpress documents differently (reference
part 2 §7.2, part 1 §10). Everything else, world, state and webhooks included, is shared.

Postpress's own curl examples call `/api/v1` with its Bearer key, so on `/api/v1` a request
authenticated by `Authorization: Bearer` (which Unipile never uses) is answered in the Postpress
dialect; `X-API-KEY` there is Unipile.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.api.bodies import BodyShape
    from simulator.api.unipile.connect_bodies import BodyVariants
    from simulator.api.unipile.invitation_bodies import HandleInvitation


@dataclass(frozen=True)
class PageLimit:
    """A list's `limit` query parameter: its default and its inclusive bounds."""

    default: int
    low: int
    high: int


@dataclass(frozen=True)
class Dialect:
    name: str  # as in contracts/coverage.yaml: "unipile" or "postpress"
    prefix: str
    contract: str  # the file under contracts/ that documents it
    accept_bearer: bool
    idempotency_keys: bool  # POST and PATCH honour `Idempotency-Key`
    # Body models are named, not imported: their modules load with the first route that reads
    # them (the route table's handlers are lazy too, api/dispatch.py).
    connect_bodies_name: str  # in api/unipile/connect_bodies.py
    reconnect_bodies_name: str
    invitation_sent_status: int  # POST /users/invite
    sent_invitations_limit: PageLimit  # GET /users/invite/sent
    # POST /users/invite/received/{id}: the body variants accepted
    # (api/unipile/invitation_bodies.py).
    invitation_handling_name: str

    @property
    def connect_bodies(self) -> BodyVariants:
        return _named("simulator.api.unipile.connect_bodies", self.connect_bodies_name)

    @property
    def reconnect_bodies(self) -> BodyVariants:
        return _named("simulator.api.unipile.connect_bodies", self.reconnect_bodies_name)

    @property
    def invitation_handling(self) -> BodyShape[HandleInvitation]:
        return _named("simulator.api.unipile.invitation_bodies", self.invitation_handling_name)


def _named(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


INVITATION_LIMIT = PageLimit(default=10, low=1, high=100)

UNIPILE = Dialect(
    name="unipile",
    prefix="/api/v1",
    contract="unipile.yaml",
    accept_bearer=False,
    idempotency_keys=False,
    connect_bodies_name="UNIPILE_CONNECT",
    reconnect_bodies_name="UNIPILE_RECONNECT",
    invitation_sent_status=201,
    sent_invitations_limit=INVITATION_LIMIT,
    invitation_handling_name="LINKEDIN_ONLY",
)

POSTPRESS_DIALECT = Dialect(
    name="postpress",
    prefix="/v1",
    contract="postpress.yaml",
    accept_bearer=True,
    idempotency_keys=True,
    connect_bodies_name="POSTPRESS",
    reconnect_bodies_name="POSTPRESS",
    invitation_sent_status=200,
    sent_invitations_limit=PageLimit(default=100, low=1, high=250),
    invitation_handling_name="LINKEDIN_OR_INSTAGRAM",
)

DIALECTS = (UNIPILE, POSTPRESS_DIALECT)


def key_and_dialect(
    raw_headers: list[tuple[bytes, bytes]], mounted: Dialect
) -> tuple[str | None, Dialect]:
    """The caller's API key and the dialect that answers it.

    `X-API-KEY` wins over a Bearer token (as before); a Bearer token is read on both prefixes,
    and on `/api/v1` it makes the request Postpress's.
    """
    bearer = None
    for name, value in raw_headers:
        if name == b"x-api-key":
            return value.decode("latin-1"), mounted
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                bearer = token.strip()
    if bearer is None:
        return None, mounted
    return bearer, POSTPRESS_DIALECT
