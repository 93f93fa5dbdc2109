"""Strict mode: every response of an API route is checked against its contract before it
leaves, and one that drifted becomes a 500 `errors/unexpected_error` saying what drifted.

`build_app(Settings(strict=True))` checks the API's responses in its gateway and the others'
with `StrictMiddleware`. A response is checked when its request is a documented operation
(method + path template of contracts/unipile.yaml, postpress.yaml or control.yaml): its status
must be documented for the operation, its `Content-Type` one the status documents, and a JSON
body must match the documented schema.
Answers a fault rule or chaos mode injected are deliberate (the fault middleware marks them)
and pass unchecked, as do paths no contract documents (the hosted-auth pages, unknown routes).
"""

from __future__ import annotations

import logging
import re
from itertools import islice

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.api.contract_index import ContractIndex, Operation, api_contracts
from simulator.api.dialects import UNIPILE, key_and_dialect
from simulator.api.errors import envelope, note_failure
from simulator.api.faulting import FAULTED
from simulator.world.errors import ApiError

log = logging.getLogger("simulator")

_MAX_MESSAGE_CHARS = 400
_MORE_ERRORS_COUNTED = 50
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StrictChecks:
    """The contracts a response is checked against, and the `send` that checks it."""

    def __init__(self, contracts: list[ContractIndex] | None = None) -> None:
        self.contracts = api_contracts() if contracts is None else contracts

    def operation_for(self, method: str, path: str) -> Operation | None:
        """The documented operation; `path` is the dialect's (see `documented_path`)."""
        for contract in self.contracts:
            if path == contract.prefix or path.startswith(contract.prefix + "/"):
                return contract.operation_for(method, path)
        return None

    def checked_send(self, scope: Scope, send: Send) -> Send:
        """`send`, checking the response of a documented operation first."""
        operation = self.operation_for(scope["method"], documented_path(scope))
        if operation is None:
            return send
        scope.setdefault("state", {})  # shared with the mounts below: FAULTED lands here
        return _CheckedResponse(operation, scope, send).send


class StrictMiddleware:
    """Strict mode for the requests the API's gateway does not serve (the control plane's);
    the gateway checks the API's own with the same `StrictChecks`."""

    def __init__(self, app: ASGIApp, checks: StrictChecks | None = None) -> None:
        self.app = app
        self.checks = StrictChecks() if checks is None else checks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            send = self.checks.checked_send(scope, send)
        await self.app(scope, receive, send)


class _CheckedResponse:
    """The `send` the app sees: holds a JSON answer until its whole body can be validated."""

    def __init__(self, operation: Operation, scope: Scope, send: Send) -> None:
        self.operation = operation
        self.scope = scope
        self._send = send
        self._mode = "unknown"  # then "pass", "buffer" or "replaced"
        self._start: Message | None = None
        self._code = self._media_type = ""
        self._chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            await self._on_start(message)
        elif self._mode == "pass":
            await self._send(message)
        elif self._mode == "buffer" and message["type"] == "http.response.body":
            self._chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._on_complete_body()
        # "replaced": the drift was answered already; the rest of the original is dropped.

    async def _on_start(self, message: Message) -> None:
        if self.scope["state"].get(FAULTED):
            self._mode = "pass"
            await self._send(message)
            return
        status = message["status"]
        found = self.operation.response_for(status)
        if found is None:
            documented = ", ".join(self.operation.responses)
            await self._replace(f"answered {status}, not documented (documented: {documented})")
            return
        code, response = found
        content_type = _content_type(message)
        media_type = response.media_type_for(content_type) if content_type else None
        if response.media_types and media_type is None:
            documented = ", ".join(response.media_types)
            await self._replace(
                f"{status}: Content-Type {content_type or '(none)'!r} is not documented "
                f"(documented: {documented})",
            )
            return
        if (
            self.scope["method"] == "HEAD"
            or media_type is None
            or not _is_json(media_type)
            or not self.operation.has_schema(code, media_type)
        ):
            self._mode = "pass"
            await self._send(message)
            return
        self._mode, self._start, self._code, self._media_type = "buffer", message, code, media_type

    async def _on_complete_body(self) -> None:
        assert self._start is not None
        status = self._start["status"]
        body = b"".join(self._chunks)
        problem = self._problem_with(body)
        if problem is not None:
            await self._replace(f"{status}{problem}")
            return
        self._mode = "pass"
        await self._send(self._start)
        await self._send({"type": "http.response.body", "body": body})

    def _problem_with(self, body: bytes) -> str | None:
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError as error:
            return f": the body is not JSON ({error})"
        errors = self.operation.validator(self._code, self._media_type).iter_errors(document)
        first = next(errors, None)
        if first is None:
            return None
        message = first.message
        if len(message) > _MAX_MESSAGE_CHARS:
            message = message[:_MAX_MESSAGE_CHARS] + "..."
        more = sum(1 for _ in islice(errors, _MORE_ERRORS_COUNTED))
        suffix = f" (and {more}{'+' if more == _MORE_ERRORS_COUNTED else ''} more)" if more else ""
        return f" at {json_path(first.instance_path)}: {message}{suffix}"

    async def _replace(self, problem: str) -> None:
        """Answer a 500 naming the drift instead of the response that drifted."""
        operation = self.operation
        detail = (
            f"strict mode: the response drifted from contracts/{operation.contract.name}: "
            f"{operation.label} {problem}"
        )
        log.error("%s", detail)
        note_failure(self.scope, detail)
        self._mode = "replaced"
        body = orjson.dumps(envelope(ApiError("unexpected_error", detail), self.scope["path"]))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await self._send({"type": "http.response.start", "status": 500, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})


def documented_path(scope: Scope) -> str:
    """The path under the prefix of the dialect that answers: a Bearer key on /api/v1 is
    answered in Postpress's dialect (api/dialects.py), so it is checked against postpress.yaml."""
    path: str = scope["path"]
    if path.startswith(UNIPILE.prefix + "/"):
        _, dialect = key_and_dialect(scope["headers"], UNIPILE)
        if dialect is not UNIPILE:
            return dialect.prefix + path.removeprefix(UNIPILE.prefix)
    return path


def json_path(parts: list[str | int]) -> str:
    """`['items', 0, 'sources']` -> `$.items[0].sources`."""
    path = "$"
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            path += f".{part}"
        else:
            path += f"[{orjson.dumps(part).decode()}]"
    return path


def _content_type(message: Message) -> str:
    for name, value in message.get("headers", ()):
        if name.lower() == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")
