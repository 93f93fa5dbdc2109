"""/api/v1/webhooks: create, list, delete (reference §7.1). Delivery lives in simulator.webhooks."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from starlette.requests import Request
from starlette.responses import Response

from simulator.api.bodies import RequestBody, read_json
from simulator.api.pagination import decode_cursor, encode_cursor, list_body
from simulator.api.params import Query
from simulator.api.responses import json_response
from simulator.world.errors import invalid_parameter
from simulator.world.webhooks import Webhook
from simulator.world.world import World

_LIST = "webhooks"


class HeaderEntry(RequestBody):
    key: str = Field(min_length=1, max_length=256)
    value: str = Field(max_length=4096)


class DataEntry(RequestBody):
    name: str = Field(min_length=1, max_length=256)
    key: str = Field(min_length=1, max_length=256)


class NewWebhook(RequestBody):
    # `name`, `events` and `account_ids` may be null, as the contract says.
    request_url: str = Field(min_length=1)
    source: str = Field(min_length=1)
    name: str | None = Field(None, min_length=1, max_length=256)
    headers: list[HeaderEntry] = Field(default_factory=list)
    events: list[str] | None = None
    account_ids: list[str] | None = None
    format: Literal["json", "form"] = "json"
    enabled: bool = True
    data: list[DataEntry] = Field(default_factory=list)


def webhook_json(webhook: Webhook) -> dict[str, Any]:
    """The list item of §7.1 (the schema has no `source`: `events` tells it)."""
    body: dict[str, Any] = {
        "object": "Webhook",
        "id": webhook.id,
        "type": "AUTO",
        "account_ids": [
            {"id": ref.id, "name": ref.name, "type": ref.type} for ref in webhook.accounts
        ],
        "enabled": webhook.enabled,
        "request_url": webhook.request_url,
        "format": webhook.format,
        "headers": [{"key": pair.key, "value": pair.value} for pair in webhook.headers],
        "data": [{"name": item.name, "key": item.key} for item in webhook.data],
        "events": list(webhook.events),
    }
    if webhook.name is not None:
        body["name"] = webhook.name
    return body


async def create_webhook(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    body = await read_json(request, NewWebhook)
    webhook = world.webhooks.create(
        request_url=body.request_url,
        source=body.source,
        name=body.name,
        headers=[(entry.key, entry.value) for entry in body.headers],
        events=body.events,
        account_ids=body.account_ids,
        format=body.format,
        enabled=body.enabled,
        data=[(entry.name, entry.key) for entry in body.data],
    )
    return json_response(201, {"object": "WebhookCreated", "webhook_id": webhook.id})


async def list_webhooks(request: Request) -> Response:
    world: World = request.state.world
    query = Query(request, ("limit", "cursor"))
    cursor = query.text("cursor")
    if cursor is not None:
        limit, after = decode_cursor(cursor, _LIST)
        if not 1 <= limit <= 250 or not isinstance(after, int) or isinstance(after, bool):
            raise invalid_parameter("cursor", "not a cursor returned by this list")
    else:
        limit, after = query.integer("limit", 100, 1, 250), None
    webhooks, next_after = world.webhooks.page(after, limit)
    next_cursor = encode_cursor(_LIST, limit, next_after) if next_after is not None else None
    items = [webhook_json(webhook) for webhook in webhooks]
    return json_response(200, list_body("WebhookList", items, next_cursor))


async def delete_webhook(request: Request) -> Response:
    world: World = request.state.world
    Query(request, ())
    world.webhooks.delete(request.path_params["webhook_id"])
    return json_response(200, {"object": "WebhookDeleted"})
