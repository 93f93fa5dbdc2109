"""Every inspector page and form, in one table (under /_sim/ui; `/` redirects there).

GETs show a page; POSTs act and answer 303 to the page that shows the result. Each module is
imported on the first request it serves, so serving the API never loads jinja2.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from simulator.api.dispatch import lazy, lazy_route

PREFIX = "/_sim/ui"  # as rendering.PREFIX, which imports jinja2's user on first use
# The routes sit in the control plane's mount (`/_sim`), before its own: a path under /_sim/ui
# that a page does not serve then answers the control plane's 404 or 405 as any other.
MOUNTED_AT = "/ui"

access = lazy("simulator.pages.inspector.access")
accounts = lazy("simulator.pages.inspector.accounts")
calendars = lazy("simulator.pages.inspector.calendars")
clock = lazy("simulator.pages.inspector.clock")
faults = lazy("simulator.pages.inspector.faults")
inbox = lazy("simulator.pages.inspector.inbox")
journal = lazy("simulator.pages.inspector.journal")
mail = lazy("simulator.pages.inspector.mail")
network = lazy("simulator.pages.inspector.network")
posts = lazy("simulator.pages.inspector.posts")
webhooks = lazy("simulator.pages.inspector.webhooks")
worlds = lazy("simulator.pages.inspector.worlds")


async def to_inspector(request: Request) -> Response:
    return RedirectResponse(PREFIX, status_code=303)


def _get(path: str, endpoint: object) -> Route:
    return lazy_route(MOUNTED_AT + path, endpoint, methods=["GET"])  # type: ignore[arg-type]


def _post(path: str, endpoint: object) -> Route:
    return lazy_route(MOUNTED_AT + path, endpoint, methods=["POST"])  # type: ignore[arg-type]


# `/` leads here: served by the app's last mount (path ""), after every other route.
ROOT_ROUTES = [Route("/", to_inspector, methods=["GET"])]
ROUTES = [
    _get("", worlds("show_worlds")),
    _post("/worlds", worlds("create_world")),
    _post("/worlds/reset", worlds("reset_world")),
    _post("/worlds/drop", worlds("drop_world")),
    _post("/worlds/export", worlds("export_world")),
    _post("/worlds/import", worlds("import_world")),
    _get("/login", access("show_sign_in")),
    _post("/login", access("sign_in")),
    _post("/logout", access("sign_out")),
    _get("/accounts", accounts("show_accounts")),
    _post("/accounts/{account_id}/status", accounts("set_status")),
    _post("/accounts/{account_id}/premium", accounts("set_premium")),
    _post("/hosted/{session_id}/complete", accounts("complete_session")),
    _get("/network", network("show_network")),
    _post("/invitations/{invitation_id}/{answer}", network("answer_invitation")),
    _post("/people/invite", network("person_invites")),
    _get("/inbox", inbox("show_inbox")),
    _get("/chats/{chat_id}", inbox("show_chat")),
    _post("/chats/{chat_id}/reply", inbox("reply")),
    _get("/mail", mail("show_mail")),
    _post("/mail/deliver", mail("deliver")),
    _post("/mail/{email_id}/reply", mail("reply")),
    _get("/posts", posts("show_posts")),
    _get("/posts/{post_id}", posts("show_post")),
    _post("/posts/{post_id}/react", posts("react")),
    _post("/posts/{post_id}/comment", posts("comment")),
    _get("/calendars", calendars("show_calendars")),
    _post("/calendars/{calendar_id}/events", calendars("create_event")),
    _post("/calendars/{calendar_id}/events/{event_id}/respond", calendars("respond")),
    _get("/webhooks", webhooks("show_webhooks")),
    _post("/webhooks/deliveries/{delivery_id}/retry", webhooks("retry")),
    _get("/requests", journal("show_requests")),
    _get("/requests/{seq}", journal("show_request")),
    _post("/journal/clear", journal("clear_requests")),
    _get("/clock", clock("show_clock")),
    _post("/clock/advance", clock("advance")),
    _post("/clock/next", clock("advance_to_next")),
    _get("/faults", faults("show_faults")),
    _post("/faults", faults("add_fault")),
    _post("/faults/clear", faults("clear_faults")),
    _post("/faults/{fault_id}/delete", faults("delete_fault")),
    _post("/chaos", faults("start_chaos")),
    _post("/chaos/stop", faults("stop_chaos")),
]
