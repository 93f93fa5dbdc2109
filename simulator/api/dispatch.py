"""The route table as a tree of path segments: finding an operation costs one dictionary lookup
per segment, however many operations are served.

Starlette's router tries its routes one by one, each with a regular expression; with every
operation of both dialects that is a few dozen failed matches before a route near the end of the
table. Here a request walks the tree instead. A literal segment wins over a parameter (and
`documented` paths not routed can claim their literals too, though every documented operation is
routed today), so a parameter never takes a path another operation owns (`/users/followers` is
not a member called "followers"), exactly as `simulator.api.paths.guard_parameters` guards the
same routes for Starlette's own matching (used by `allowed_methods` and by tests that walk
`app.routes`).

The endpoint's `ApiError`, and the 404 and 405 of a path or method not served, are answered here
so that the gateway around this app sees, and journals, the status the client got.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable, Sequence

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from simulator.api.body_guard import RequestAborted
from simulator.api.errors import error_response, on_http_exception, on_unexpected
from simulator.world.errors import ApiError

Endpoint = Callable[[Request], Awaitable[Response]]
# Where the index notes the status it answers, in scope["state"]: the gateway journals it.
ANSWERED_STATUS = "answered_status"
_PARAMETER = re.compile(r"^\{(\w+)(?::\w+)?\}$")


class LazyEndpoint:
    """An endpoint whose module is imported on the first request that needs it.

    Start-up imports only what the first requests need: a handler module with its bodies and
    renderers costs milliseconds to import, and a process serves few of them in a short run.
    The index replaces this by the loaded function on first use; calling it also works.
    """

    made: list[LazyEndpoint] = []  # every one made, for the test that loads them all

    def __init__(self, module: str, name: str) -> None:
        self.module, self.__name__ = module, name
        self._loaded: Endpoint | None = None
        LazyEndpoint.made.append(self)

    def load(self) -> Endpoint:
        if self._loaded is None:
            self._loaded = getattr(importlib.import_module(self.module), self.__name__)
        return self._loaded

    async def __call__(self, request: Request) -> Response:
        return await self.load()(request)

    def __repr__(self) -> str:
        return f"LazyEndpoint({self.module}.{self.__name__})"


def lazy_route(path: str, endpoint: LazyEndpoint, methods: list[str]) -> Route:
    """A route for Starlette's own router (the control plane), which wraps a function as an
    endpoint but would take any other callable for an ASGI app."""

    async def load_and_call(request: Request) -> Response:
        return await endpoint.load()(request)

    load_and_call.__name__ = endpoint.__name__
    return Route(path, load_and_call, methods=methods)


def lazy(module: str) -> Callable[[str], LazyEndpoint]:
    """`lazy("simulator.api.unipile.chats")("list_chats")`: endpoints of one module."""
    return lambda name: LazyEndpoint(module, name)


class ApiRequest(Request):
    """A request of the route table, whose `state` reads the scope's dict (the gateway's
    `world` and `dialect`) through a slotted view: Starlette's `State`, made per request,
    cost more than the lookups it serves."""

    @property
    def state(self) -> Any:
        return _ScopeState(self.scope["state"])


class _ScopeState:
    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"the request's state has no {name!r}") from None


@dataclass
class _Node:
    literals: dict[str, _Node] = field(default_factory=dict)
    parameter: tuple[str, _Node] | None = None
    endpoints: dict[str, Endpoint] = field(default_factory=dict)  # by method, HEAD with GET


class OperationIndex:
    """An ASGI app serving `routes` (mounted under a prefix), found through a segment tree."""

    def __init__(self, routes: Sequence[Route], documented: Iterable[str] = ()) -> None:
        self.routes = list(routes)  # what Starlette's introspection (`Mount.routes`) sees
        self._root = _Node()
        for route in self.routes:
            node = self._node_for(route.path)
            for method in route.methods or ():
                if method in node.endpoints:
                    raise ValueError(f"{method} {route.path} is routed twice")
                node.endpoints[method] = route.endpoint
        for path in documented:  # the document's names for parameters (`{id}`) are not ours
            self._node_for(path, routed=False)  # its literals are claimed, served or not

    def _node_for(self, path: str, routed: bool = True) -> _Node:
        node = self._root
        for segment in path.strip("/").split("/"):
            parameter = _PARAMETER.match(segment)
            if parameter is None:
                node = node.literals.setdefault(segment, _Node())
                continue
            if node.parameter is None:
                node.parameter = (parameter.group(1), _Node())
            elif routed and node.parameter[0] != parameter.group(1):
                raise ValueError(f"{path}: {{{node.parameter[0]}}} is named otherwise beside it")
            node = node.parameter[1]
        return node

    def find(self, route_path: str) -> tuple[_Node, dict[str, str]] | None:
        """The node `route_path` (the path below the mount) reaches, with its parameters."""
        node = self._root
        params: dict[str, str] = {}
        for segment in route_path.removeprefix("/").split("/"):  # a trailing / is a segment
            child = node.literals.get(segment)
            if child is None:
                if node.parameter is None or not segment:
                    return None
                name, child = node.parameter
                params[name] = segment
            node = child
        return node, params

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        root_path: str = scope.get("root_path", "")
        route_path = path[len(root_path) :] if path.startswith(root_path) else path
        found = self.find(route_path)
        endpoint = None
        if found is not None:
            node, params = found
            endpoint = node.endpoints.get(scope["method"])
            if isinstance(endpoint, LazyEndpoint):  # its first request: load it, once
                endpoint = node.endpoints[scope["method"]] = endpoint.load()
            scope["path_params"] = params
        request = ApiRequest(scope, receive)
        if endpoint is None:
            missing = 405 if found is not None and found[0].endpoints else 404
            response = await on_http_exception(request, HTTPException(missing))
        else:
            try:
                response = await endpoint(request)
            except ApiError as error:
                response = error_response(error, path)
            except RequestAborted:
                raise  # the body broke the server's rules: BodyGuard answers
            except Exception as exc:  # a bug: answered here, so the connection stays usable
                response = await on_unexpected(request, exc)
        scope.setdefault("state", {})[ANSWERED_STATUS] = response.status_code
        await response(scope, receive, send)

