"""POST /hosted/accounts/link (§3): a hosted-auth link that points at the simulator's wizard."""

from __future__ import annotations

import calendar
from typing import Annotated, Literal

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import BodyUnion, Omittable, RequestBody, read_json
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.api.unipile.connect_bodies import (
    DATETIME_MS,
    DisabledFeature,
    MessagingSyncLimit,
    NonEmpty,
    Proxy,
)
from simulator.api.unipile.render import hosted_url_json
from simulator.world.hosted import HOSTED_PROVIDERS, PROVIDER_GROUPS, HostedLink
from simulator.world.world import World

# ASCII whitespace only: `\s` differs between regex engines (Python and Rust count U+0085 as
# space, JSON Schema's ECMA-262 does not), and the contract's pattern must mean the same here.
HTTP_URL = r"^https?://[^\t\n\v\f\r /?#]+[^\t\n\v\f\r ]*$"
HostedProvider = Literal[HOSTED_PROVIDERS]  # type: ignore[valid-type]
ProviderGroup = Literal[tuple(PROVIDER_GROUPS)]  # type: ignore[valid-type]
Providers = ProviderGroup | Annotated[list[HostedProvider], Field(min_length=1)]
Url = Annotated[str, Field(pattern=HTTP_URL)]
DisabledOption = Literal[
    "proxy", "autoproxy", "cookie_auth", "credentials_auth", "sync_limit", "language"
]


class HostedSyncLimit(RequestBody):
    MAILING: Omittable[Literal["NO_HISTORY_SYNC"]] = None
    MESSAGING: Omittable[MessagingSyncLimit] = None


class _HostedLinkRequest(RequestBody):
    # Required, but null is taken (Unipile's document leaves it untyped): the link points at
    # the simulator whatever the DSN says.
    api_url: Url | None
    expiresOn: Annotated[str, Field(pattern=DATETIME_MS)]
    name: Omittable[NonEmpty] = None
    # Null is "not given" for the three URLs: the real API's document leaves them untyped.
    success_redirect_url: Url | None = None
    failure_redirect_url: Url | None = None
    notify_url: Url | None = None
    bypass_success_screen: Omittable[bool] = None
    disabled_features: Omittable[list[DisabledFeature]] = None
    disabled_options: Omittable[list[DisabledOption]] = None
    proxy: Omittable[Proxy] = None
    sync_limit: Omittable[HostedSyncLimit] = None

    def to_link(self, expires_at_ms: int) -> HostedLink:
        return HostedLink(
            type="create",
            expires_at_ms=expires_at_ms,
            api_url=self.api_url,
            name=self.name,
            success_redirect_url=self.success_redirect_url,
            failure_redirect_url=self.failure_redirect_url,
            notify_url=self.notify_url,
            bypass_success_screen=bool(self.bypass_success_screen),
            disabled_features=list(self.disabled_features or []),
            disabled_options=list(self.disabled_options or []),
            options=self.model_dump(include={"proxy", "sync_limit"}, exclude_none=True),
        )


class HostedCreateLink(_HostedLinkRequest):
    type: Literal["create"]
    providers: Providers

    def to_link(self, expires_at_ms: int) -> HostedLink:
        link = super().to_link(expires_at_ms)
        link.providers = self.providers
        return link


class HostedReconnectLink(_HostedLinkRequest):
    type: Literal["reconnect"]
    reconnect_account: NonEmpty
    providers: Omittable[Providers] = None  # accepted and ignored: the account fixes the provider

    def to_link(self, expires_at_ms: int) -> HostedLink:
        link = super().to_link(expires_at_ms)
        link.type = "reconnect"
        link.reconnect_account = self.reconnect_account
        return link


HOSTED_LINK = BodyUnion[HostedCreateLink | HostedReconnectLink](
    Annotated[HostedCreateLink | HostedReconnectLink, Field(discriminator="type")],
    tags={"create", "reconnect"},
)


async def create_link(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, HOSTED_LINK)
    session = world.hosted.create(body.to_link(expires_on_ms(body.expiresOn)))
    url = f"{str(request.base_url).rstrip('/')}/hosted/{session.id}"
    return json_response(201, hosted_url_json(url))


def expires_on_ms(text: str) -> int:
    """`expiresOn` (already matching DATETIME_MS) in epoch ms. A day past the month's end rolls
    over (Feb 30 is Mar 2), as the pattern the contract documents allows it."""
    day, _, clock = text.rstrip("Z").partition("T")
    year, month, date = (int(part) for part in day.split("-"))
    hours, minutes, seconds = clock.split(":")
    whole, _, millis = seconds.partition(".")
    epoch_s = calendar.timegm((year, month, date, int(hours), int(minutes), int(whole), 0, 0, 0))
    return epoch_s * 1000 + int(millis)
