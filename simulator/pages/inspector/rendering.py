"""How every inspector page answers: templates, the error page, POST-redirect-GET, forms.

- A page is a Jinja2 template under `pages/templates/inspector/`, styled by the wizard's own
  stylesheet and the inspector's few additions; no script, no external asset.
- An action is a form POST: it validates the form with the control plane's own body model,
  calls the world operation the control plane calls, and answers 303 to the page that shows
  the new state. A refused action (`ApiError`) answers its 4xx status with a page saying what
  is wrong, and the world is left as it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from simulator.api.bodies import BodyShape, validate_fields
from simulator.api.forms import read_form
from simulator.clock import iso_ms
from simulator.world.errors import ApiError

if TYPE_CHECKING:
    from jinja2 import Environment

    from simulator.api.bodies import B

PREFIX = "/_sim/ui"
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
Action = Callable[[Request], Awaitable[Response]]


@cache
def environment() -> Environment:
    """Made on the first page shown: jinja2 is not needed to serve the API."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["ui"] = PREFIX
    env.filters["instant"] = lambda at_ms: iso_ms(at_ms) if at_ms is not None else "-"
    env.filters["masked"] = masked_key
    return env


def masked_key(key: str) -> str:
    """As the request journal masks it: the last four characters tell keys apart."""
    return "****" + key[-4:] if len(key) > 8 else "****"


def page(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    context = {"request": request, "notice": request.query_params.get("done"), **context}
    html = environment().get_template(f"inspector/{template}").render(context)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def error_page(request: Request, error: ApiError, world: Any = None) -> HTMLResponse:
    context = {
        "status": error.status,
        "title": error.error.title,
        "type": error.error.type,
        "detail": error.detail,
        "world": world,
        "back": _same_origin_referer(request),
    }
    return page(request, "error.html", context, status=error.status)


def redirect(path: str, notice: str | None = None, **query: str | None) -> Response:
    """303 to a page of the inspector (POST-redirect-GET); `notice` says what was done."""
    params = {name: value for name, value in query.items() if value is not None}
    if notice:
        params["done"] = notice
    url = PREFIX + path + ("?" + urlencode(params) if params else "")
    return RedirectResponse(url, status_code=303, headers=PAGE_HEADERS)


def refusing_errors(action: Action) -> Action:
    """An action whose `ApiError` becomes the 4xx page that says what is wrong."""

    @wraps(action)
    async def guarded(request: Request) -> Response:
        try:
            return await action(request)
        except ApiError as error:
            world = (request.scope.get("state") or {}).get("world")
            return error_page(request, error, world)

    return guarded


async def form_of(request: Request) -> FormData:
    return await read_form(request)


def validated(shape: BodyShape[B], fields: dict[str, Any]) -> B:
    """Form fields read as the control plane reads the same JSON body: one set of rules."""
    return validate_fields(shape, fields)


def text_field(form: FormData, name: str) -> str | None:
    """A text input: blank is "not given"."""
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def number_field(form: FormData, name: str, integer: bool = False) -> Any:
    """A number typed into a text input; text that is no number is passed on as text, for the
    body model to refuse by name."""
    raw = text_field(form, name)
    if raw is None:
        return None
    try:
        return int(raw) if integer else float(raw)
    except ValueError:
        return raw


def _same_origin_referer(request: Request) -> str | None:
    referer = request.headers.get("referer")
    host = request.headers.get("host")
    if referer and host and referer.split("/")[2:3] == [host]:
        return referer
    return None
