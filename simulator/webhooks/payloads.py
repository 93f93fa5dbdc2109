"""The bodies webhooks receive (reference §7.3-7.6), built from the events the world publishes.

Event data contract: what the world publishes on `world.bus` for the webhook layer. Emit exactly
these names and keys; the webhook layer adds the rest.

- `WorldEvent("account_status", at_ms, account_id, {"account_type": "LINKEDIN",
  "message": "CREATION_SUCCESS"|"RECONNECTED"|"CREDENTIALS"|"DELETED"|"OK"|...})`
  -> `{"AccountStatus": {"account_id", "message", "account_type"}}` (§7.4; no `webhook_name`,
  as in the live capture). `events` filters match the lowercase `message` (`deleted`, `ok`...).
- `WorldEvent("new_relation", at_ms, account_id, {"account_type", "user_full_name",
  "user_provider_id", "user_public_identifier", "user_profile_url", "user_picture_url"})`
  -> `{"event", "account_id", "account_type", "webhook_name", "timestamp", "user_..."}` (§7.5);
  `timestamp` is `at_ms` rendered in ms-ISO unless the data carries one.
- `WorldEvent("message_received"|"message_read"|"message_reaction"|..., at_ms, account_id,
  {<every flat key of the §7.3 payload except event, account_id and webhook_name>})`: at least
  `account_type`, `account_info`, `chat_id`, `message_id`, `timestamp`, ... in §7.3's order.
  `is_sender` and `is_group` are sent as real booleans even if given as 0/1 (the REST objects
  use 0/1, the webhook does not); `is_event` and `chat_pinned` stay 0/1 as in the capture.
- `mail_*` events (sources `email`, `email_tracking`): the §7.6 keys, flat, passed through.
- `calendar_event_created|updated|deleted` (source `calendar_event`, part 2 §5): the data of
  `world/calendar_events.change_data`, after `event`, `webhook_name` and `account_id` in the
  documented example's order; no `timestamp` (the example has none).

`webhook_name` is the webhook's `name` (null when it has none), placed after `account_info`
(or after `account_type` when there is no `account_info`), as in the captures.
A webhook with `data: [{name, key}]` receives only those keys, each renamed `name` -> `key`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import orjson

from simulator.clock import iso_ms
from simulator.world.events import WorldEvent
from simulator.world.webhooks import Webhook

_BOOLEAN_KEYS = frozenset({"is_sender", "is_group"})
_ENVELOPE_KEYS = frozenset({"event", "account_id", "webhook_name"})
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def build_payload(webhook: Webhook, event: WorldEvent) -> dict[str, Any]:
    if event.name == "account_status":
        return {
            "AccountStatus": {
                "account_id": event.account_id,
                "message": event.data.get("message"),
                "account_type": event.data.get("account_type"),
            }
        }
    if event.name.startswith("calendar_event_"):
        body = {"event": event.name, "webhook_name": webhook.name, "account_id": event.account_id}
        body.update(event.data)
    else:
        body = _flat_payload(webhook, event)
    if webhook.data:
        body = {item.key: body[item.name] for item in webhook.data if item.name in body}
    return body


def _flat_payload(webhook: Webhook, event: WorldEvent) -> dict[str, Any]:
    data = event.data
    body: dict[str, Any] = {"event": event.name, "account_id": event.account_id}
    anchor = "account_info" if "account_info" in data else "account_type"
    for key, value in data.items():
        if key in _ENVELOPE_KEYS:
            continue
        body[key] = bool(value) if key in _BOOLEAN_KEYS and value is not None else value
        if key == anchor:
            _add_name_and_time(body, webhook, event)
    if "webhook_name" not in body:
        _add_name_and_time(body, webhook, event)
    return body


def _add_name_and_time(body: dict[str, Any], webhook: Webhook, event: WorldEvent) -> None:
    body["webhook_name"] = webhook.name
    if "timestamp" not in event.data and not event.name.startswith("mail_"):
        body["timestamp"] = iso_ms(event.at_ms)


def encode_body(payload: dict[str, Any], format: str) -> tuple[bytes, str | None]:
    """The bytes to POST and the content type they imply (None: send no Content-Type, §7.2).

    `form` sends one field per top-level key; nested values are JSON text, null is empty.
    """
    if format == "form":
        fields = [(key, _form_value(value)) for key, value in payload.items()]
        return urlencode(fields).encode("ascii"), FORM_CONTENT_TYPE
    return orjson.dumps(payload), None


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode("utf-8")
