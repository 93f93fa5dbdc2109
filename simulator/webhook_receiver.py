"""A webhook receiver for tests: a small HTTP server on 127.0.0.1 that keeps what the simulator
delivers, and waits for it.

    with WebhookReceiver() as receiver:
        register a webhook whose request_url is receiver.url_for("messaging")
        ... make the world do something ...
        delivery = receiver.wait_for(event="message_received", timeout=5)

It advances nothing: a delivery comes when the world's clock (or a request) makes the event
happen; `wait_for` only waits for the POST to arrive.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs


@dataclass(frozen=True)
class Delivery:
    """One POST the receiver got: the source its URL named, the body, the headers."""

    source: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def event(self) -> str | None:
        """`message_received`, `mail_opened`...; an account-status payload's message in lower
        case (`creation_success`, `credentials`...)."""
        if "event" in self.body:
            return str(self.body["event"])
        status = self.body.get("AccountStatus")
        if isinstance(status, dict) and "message" in status:
            return str(status["message"]).lower()
        return None


class WebhookReceiver:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.deliveries: list[Delivery] = []
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                receiver._keep(self.path, raw, dict(self.headers.items()))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="webhook-receiver"
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url_for(self, source: str) -> str:
        return f"{self.url}/hooks/{source}"

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _keep(self, path: str, raw: bytes, headers: dict[str, str]) -> None:
        source = path.rsplit("/", 1)[-1] if path.startswith("/hooks/") else ""
        body = _decoded(raw, headers.get("Content-Type", ""))
        with self._arrived:
            self.deliveries.append(Delivery(source, body, headers))
            self._arrived.notify_all()

    def received(self, event: str | None = None, source: str | None = None) -> list[Delivery]:
        with self._arrived:
            return [d for d in self.deliveries if _matches(d, event, source, None)]

    def wait_for(
        self,
        event: str | None = None,
        source: str | None = None,
        timeout: float = 5.0,
        where: Callable[[Delivery], bool] | None = None,
    ) -> Delivery:
        """The first delivery (oldest first) that matches, waiting up to `timeout` seconds for
        it; AssertionError listing what did arrive otherwise."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for delivery in self.deliveries:
                    if _matches(delivery, event, source, where):
                        return delivery
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = ", ".join(f"{d.source}:{d.event}" for d in self.deliveries) or "nothing"
                    wanted = " ".join(
                        f"{name}={value}" for name, value in (("event", event), ("source", source))
                        if value is not None
                    )  # fmt: skip
                    raise AssertionError(
                        f"no webhook delivery matching {wanted or 'the filter'} within "
                        f"{timeout}s; received: {seen}"
                    )
                self._arrived.wait(left)


def _matches(
    delivery: Delivery, event: str | None, source: str | None,
    where: Callable[[Delivery], bool] | None,
) -> bool:  # fmt: skip
    return (
        (event is None or delivery.event == event)
        and (source is None or delivery.source == source)
        and (where is None or where(delivery))
    )


def _decoded(raw: bytes, content_type: str) -> dict[str, Any]:
    """JSON, or a webhook registered with `format: form` (one value per key)."""
    text = raw.decode("utf-8", "replace")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {key: values[0] for key, values in parse_qs(text).items()}
    try:
        decoded = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"raw": text}
    return decoded if isinstance(decoded, dict) else {"raw": decoded}
