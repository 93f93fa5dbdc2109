"""Scenario key `webhooks`: webhooks the world has from the start, as if a client had made them
with `POST /api/v1/webhooks` before the first request.

```yaml
webhooks:
  - name: crm-events
    request_url: http://127.0.0.1:8790/unipile/events
    source: account_status              # messaging | users | account_status | email | email_tracking
    events: [credentials, reconnected]  # omitted: the source's default events
    headers: [{key: X-Webhook-Secret, value: s3cr3t}]
```
The same rules as the API apply (reference §7.1): the URL is http(s) and printable ASCII, the
events belong to the source (`account_status` filters are the lowercase status messages).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.world.webhooks import SOURCE_ALIASES, SOURCE_EVENTS

WebhookSource = Literal[(*SOURCE_EVENTS, *SOURCE_ALIASES)]  # type: ignore[valid-type]
# The request_url pattern of POST /api/v1/webhooks (contracts/unipile.yaml).
REQUEST_URL_PATTERN = (
    r"^https?://[A-Za-z0-9._~-]+"
    r"(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
    r"([/?#][!-~]*)?$"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WebhookHeaderSpec(_Strict):
    key: str = Field(pattern=r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", max_length=256)
    value: str = Field(pattern=r"^[\t -~]*$", max_length=4096)


class WebhookSpec(_Strict):
    request_url: str = Field(
        pattern=REQUEST_URL_PATTERN, max_length=2048, description="Where deliveries are POSTed."
    )
    source: WebhookSource
    events: list[str] | None = Field(
        None, min_length=1, description="Events of the source; the source's defaults if omitted."
    )
    headers: list[WebhookHeaderSpec] = Field([], max_length=50)
    name: str | None = Field(None, min_length=1, max_length=256)

    @model_validator(mode="after")
    def events_of_the_source(self) -> WebhookSpec:
        allowed = SOURCE_EVENTS[SOURCE_ALIASES.get(self.source, self.source)]
        for position, event in enumerate(self.events or ()):
            if event not in allowed:
                raise ValueError(
                    f"events.{position}: {event!r} is not an event of source {self.source} "
                    f"(one of {', '.join(allowed)})"
                )
        return self
