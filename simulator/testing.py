"""Run the simulator from tests: a real server on a free port, and pytest fixtures.

    with SimulatorServer() as sim:
        world = sim.new_world("default")
        httpx.get(f"{sim.unipile_url}/accounts", headers={"X-API-KEY": world.api_key})
        world.advance(seconds=3600)

The pytest fixtures built on it live in `simulator.pytest_plugin`.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn

from simulator.app import CONTROL_PREFIX, POSTPRESS_PREFIX, UNIPILE_PREFIX, Settings, build_app
from simulator.server_protocol import GuardedHttpToolsProtocol
from simulator.webhook_receiver import WebhookReceiver
from simulator.world.webhooks import SOURCE_EVENTS

_START_TIMEOUT_S = 10.0


class SimulatorError(AssertionError):
    """The control plane refused a call: the message carries the error envelope."""


@dataclass
class SimWorld:
    """One world on a running simulator, seen through its API key."""

    server: SimulatorServer
    api_key: str
    scenario: str
    seed: int
    clock_mode: str
    client: httpx.Client = field(repr=False, kw_only=True)

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-KEY": self.api_key}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        """GET a Unipile route as this world, e.g. `world.get("/accounts")` (its key is sent;
        `headers=` adds to or overrides it)."""
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **(kwargs.pop("headers", None) or {})}
        return self.client.request(
            method, self.server.unipile_url + path, headers=headers, **kwargs
        )

    def control(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """Call a world-scoped /_sim route; a non-2xx answer raises SimulatorError."""
        return self.server.control(method, path, headers=self.headers, **kwargs)

    def clock(self) -> dict[str, Any]:
        return self.control("GET", "/clock")

    def advance(self, seconds: float | None = None, until: str | None = None) -> list[dict]:
        """Move this world's clock; returns the events that fired, in time order."""
        body = {"seconds": seconds} if until is None else {"until": until}
        return self.control("POST", "/clock/advance", json=body)["fired"]

    def requests(self, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
        """What clients sent to this world, oldest first; `path` may be a `{param}` template."""
        params = {k: v for k, v in (("method", method), ("path", path)) if v is not None}
        return self.control("GET", "/requests", params=params)["items"]

    def assert_sent(self, method: str, path: str, times: int = 1) -> list[dict[str, Any]]:
        """Fail unless the client sent `method path` exactly `times` times; returns them."""
        sent = self.requests(method, path)
        if len(sent) != times:
            seen = "\n".join(f"  {e['method']} {e['path']} -> {e['status']}" for e in self.requests())
            raise AssertionError(
                f"expected {method} {path} {times} time(s), got {len(sent)}; journal:\n{seen or '  (empty)'}"
            )
        return sent

    def failures(self) -> list[dict[str, Any]]:
        """Requests the simulator itself failed on (a bug, or strict mode's drift), oldest
        first: `{at, method, path, detail}`."""
        return self.control("GET", "/failures")["items"]

    def http_client(self, dialect: str = "unipile") -> httpx.Client:
        """An httpx client for this world: base URL `/api/v1` (or `/v1`), the key sent."""
        base = self.server.unipile_url if dialect == "unipile" else self.server.postpress_url
        return httpx.Client(base_url=base, headers=self.headers, timeout=30.0)

    def listen(self, receiver: WebhookReceiver, sources: tuple[str, ...] | None = None) -> None:
        """Register one webhook per source (every event of it) pointing at `receiver`."""
        for source in sources or tuple(SOURCE_EVENTS):
            response = self.request(
                "POST", "/webhooks",
                json={"request_url": receiver.url_for(source), "source": source,
                      "events": list(SOURCE_EVENTS[source]), "name": f"sim_webhooks {source}"},
                headers=self.headers,
            )  # fmt: skip
            if response.status_code != 201:
                raise SimulatorError(f"POST /webhooks ({source}) -> {response.status_code}: "
                                     f"{response.text}")  # fmt: skip

    def deliveries(self, **filters: str) -> list[dict[str, Any]]:
        """Webhook delivery attempts (filters: webhook_id, event, outcome), oldest first."""
        return self.control("GET", "/webhooks/deliveries", params=filters)["items"]

    def clear_requests(self) -> None:
        self.control("DELETE", "/requests")

    def reset(self) -> None:
        self.control("POST", "/reset")

    def drop(self) -> None:
        self.server.control("DELETE", f"/tenants/{self.api_key}")


class SimulatorServer:
    """A real uvicorn server on 127.0.0.1 in a background thread, as a context manager."""

    def __init__(
        self,
        scenarios: list[str] | None = None,
        seed: int | None = None,
        clock: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        strict: bool = False,
        control_token: str | None = None,
        state_file: str | None = None,
    ) -> None:
        self.settings = Settings(
            scenarios=scenarios if scenarios is not None else ["default"],
            seed=seed,
            clock=clock,
            strict=strict,
            control_token=control_token,
            state_file=state_file,  # worlds kept across servers (README "Keeping state")
        )
        self.app = build_app(self.settings)
        self._host = host
        self._requested_port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        # The control token, when the server has one, goes with every control-plane call.
        control_headers = {"X-Control-Token": control_token} if control_token else {}
        self._client = httpx.Client(timeout=30.0, headers=control_headers)
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> SimulatorServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="on",
            http=GuardedHttpToolsProtocol,  # as `serve` runs it
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True, name="unipile-sim"
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=_START_TIMEOUT_S)
        self._client.close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def unipile_url(self) -> str:
        return self.base_url + UNIPILE_PREFIX

    @property
    def postpress_url(self) -> str:
        return self.base_url + POSTPRESS_PREFIX

    @property
    def control_url(self) -> str:
        return self.base_url + CONTROL_PREFIX

    @property
    def api_key(self) -> str:
        """The key of the first scenario's world (the one `serve` would print)."""
        return self.app.state.registry.worlds()[0].api_key

    # -- control plane -----------------------------------------------------------------------

    def control(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._client.request(method, self.control_url + path, **kwargs)
        if response.status_code >= 300:
            raise SimulatorError(f"{method} /_sim{path} -> {response.status_code}: {response.text}")
        return response.json()

    def new_world(
        self,
        scenario: str | dict[str, Any] = "default",
        seed: int | None = None,
        clock: str | None = None,
        api_key: str | None = None,
    ) -> SimWorld:
        options = {"seed": seed, "clock": clock, "api_key": api_key}
        body = {"scenario": scenario} | {k: v for k, v in options.items() if v is not None}
        tenant = self.control("POST", "/tenants", json=body)
        return SimWorld(
            server=self,
            api_key=tenant["api_key"],
            scenario=tenant["scenario"],
            seed=tenant["seed"],
            clock_mode=tenant["clock"],
            client=self._client,
        )
