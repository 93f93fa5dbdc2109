"""Every /_sim route, in one table."""

from __future__ import annotations

from simulator.api.dispatch import lazy, lazy_route

# Each module is imported on the first request it serves (api/dispatch.py, LazyEndpoint).
accounts = lazy("simulator.api.control.accounts")
chaos = lazy("simulator.api.control.chaos")
chats = lazy("simulator.api.control.chats")
emails = lazy("simulator.api.control.emails")
clock = lazy("simulator.api.control.clock")
deliveries = lazy("simulator.api.control.deliveries")
faults = lazy("simulator.api.control.faults")
hosted = lazy("simulator.api.control.hosted")
journal = lazy("simulator.api.control.journal")
network = lazy("simulator.api.control.network")
state = lazy("simulator.api.control.state")
tenants = lazy("simulator.api.control.tenants")
webhooks = lazy("simulator.api.control.webhooks")

ROUTES = [
    lazy_route("/health", tenants("health"), methods=["GET"]),
    lazy_route("/tenants", tenants("create_tenant"), methods=["POST"]),
    lazy_route("/tenants", tenants("list_tenants"), methods=["GET"]),
    lazy_route("/tenants/{api_key}", tenants("delete_tenant"), methods=["DELETE"]),
    lazy_route("/reset", tenants("reset_world"), methods=["POST"]),
    lazy_route("/state", state("export_state"), methods=["GET"]),
    lazy_route("/state", state("import_state"), methods=["PUT"]),
    lazy_route("/clock", clock("read_clock"), methods=["GET"]),
    lazy_route("/clock/advance", clock("advance_clock"), methods=["POST"]),
    lazy_route("/accounts/{account_id}/status", accounts("set_status"), methods=["POST"]),
    lazy_route("/accounts/{account_id}/premium", accounts("set_premium"), methods=["POST"]),
    lazy_route(
        "/checkpoints/{account_id}/approve", accounts("approve_checkpoint"), methods=["POST"]
    ),
    lazy_route("/hosted/{session_id}/complete", hosted("complete_session"), methods=["POST"]),
    lazy_route("/requests", journal("list_requests"), methods=["GET"]),
    lazy_route("/requests", journal("clear_requests"), methods=["DELETE"]),
    lazy_route("/failures", journal("list_failures"), methods=["GET"]),
    lazy_route("/faults", faults("add_fault"), methods=["POST"]),
    lazy_route("/faults", faults("list_faults"), methods=["GET"]),
    lazy_route("/faults", faults("clear_faults"), methods=["DELETE"]),
    lazy_route("/faults/{fault_id}", faults("delete_fault"), methods=["DELETE"]),
    lazy_route("/chaos", chaos("start_chaos"), methods=["POST"]),
    lazy_route("/chaos", chaos("read_chaos"), methods=["GET"]),
    lazy_route("/chaos", chaos("stop_chaos"), methods=["DELETE"]),
    lazy_route("/webhooks/deliveries", webhooks("list_deliveries"), methods=["GET"]),
    lazy_route(
        "/webhooks/deliveries/{delivery_id}/retry",
        deliveries("retry_delivery"),
        methods=["POST"],
    ),
    lazy_route(
        "/invitations/{invitation_id}/accept", network("accept_invitation"), methods=["POST"]
    ),
    lazy_route(
        "/invitations/{invitation_id}/decline", network("decline_invitation"), methods=["POST"]
    ),
    lazy_route("/people/{provider_id}/invite", network("person_invites"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/reply", chats("reply"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/read", chats("read_by_contact"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/react", chats("react"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/edit", chats("edit"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/delete", chats("delete"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/leave", chats("leave"), methods=["POST"]),
    lazy_route("/chats/{chat_id}/subject", chats("subject"), methods=["POST"]),
    lazy_route("/emails", emails("deliver"), methods=["POST"]),
    lazy_route("/emails/{email_id}/reply", emails("reply"), methods=["POST"]),
]
