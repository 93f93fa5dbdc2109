"""A stand-in for the developer's app on 127.0.0.1: it receives the hosted-auth `notify_url`
POSTs, and serves the pages the wizard redirects the browser to."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class AppStub:
    def __init__(self) -> None:
        self.notifications: list[tuple[str, dict[str, Any]]] = []  # (path, JSON body)
        self.visits: list[str] = []  # paths the browser landed on
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with stub._lock:
                    stub.notifications.append((self.path, json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802
                with stub._lock:
                    stub.visits.append(self.path)
                page = f"<!doctype html><title>My app</title><h1>Back in my app: {self.path}</h1>"
                data = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def notified(self, path: str) -> list[dict[str, Any]]:
        with self._lock:
            return [body for seen, body in self.notifications if seen == path]

    def __enter__(self) -> AppStub:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
