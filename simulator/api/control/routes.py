"""Every /_sim route, in one table."""

from __future__ import annotations

from starlette.routing import Route

from simulator.api.control import (
    accounts,
    chaos,
    chats,
    clock,
    faults,
    hosted,
    journal,
    network,
    tenants,
    webhooks,
)

ROUTES = [
    Route("/health", tenants.health, methods=["GET"]),
    Route("/tenants", tenants.create_tenant, methods=["POST"]),
    Route("/tenants/{api_key}", tenants.delete_tenant, methods=["DELETE"]),
    Route("/reset", tenants.reset_world, methods=["POST"]),
    Route("/clock", clock.read_clock, methods=["GET"]),
    Route("/clock/advance", clock.advance_clock, methods=["POST"]),
    Route("/accounts/{account_id}/status", accounts.set_status, methods=["POST"]),
    Route("/accounts/{account_id}/premium", accounts.set_premium, methods=["POST"]),
    Route("/checkpoints/{account_id}/approve", accounts.approve_checkpoint, methods=["POST"]),
    Route("/hosted/{session_id}/complete", hosted.complete_session, methods=["POST"]),
    Route("/requests", journal.list_requests, methods=["GET"]),
    Route("/requests", journal.clear_requests, methods=["DELETE"]),
    Route("/faults", faults.add_fault, methods=["POST"]),
    Route("/faults", faults.list_faults, methods=["GET"]),
    Route("/faults", faults.clear_faults, methods=["DELETE"]),
    Route("/faults/{fault_id}", faults.delete_fault, methods=["DELETE"]),
    Route("/chaos", chaos.start_chaos, methods=["POST"]),
    Route("/chaos", chaos.read_chaos, methods=["GET"]),
    Route("/chaos", chaos.stop_chaos, methods=["DELETE"]),
    Route("/webhooks/deliveries", webhooks.list_deliveries, methods=["GET"]),
    Route("/invitations/{invitation_id}/accept", network.accept_invitation, methods=["POST"]),
    Route("/invitations/{invitation_id}/decline", network.decline_invitation, methods=["POST"]),
    Route("/people/{provider_id}/invite", network.person_invites, methods=["POST"]),
    Route("/chats/{chat_id}/reply", chats.reply, methods=["POST"]),
]
