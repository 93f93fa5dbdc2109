"""Hosted-auth `notify_url` calls: the world announces them, the delivery engine POSTs them.

The world stays free of HTTP: when a hosted-auth session completes it publishes
`WorldEvent("hosted_auth_notify", at_ms, account_id, {"notify_url", "body"})`, and this hook
hands it to `WebhookEngine.notify` (flat JSON body, no webhook headers, same retries and log).
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.webhooks.engine import WebhookEngine
from simulator.world.events import WorldEvent
from simulator.world.world import World

HOSTED_AUTH_NOTIFY = "hosted_auth_notify"


def forward_hosted_notifications(engine: WebhookEngine) -> Callable[[World], None]:
    """A `TenantRegistry.on_world_created` hook; register it after `engine.attach`."""

    def attach(world: World) -> None:
        def on_event(event: WorldEvent) -> None:
            if event.name == HOSTED_AUTH_NOTIFY:
                engine.notify(world, event.data["notify_url"], event.data["body"])

        world.bus.subscribe(on_event)

    return attach
