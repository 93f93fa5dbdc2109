"""Every /_sim route, in one table."""

from __future__ import annotations

from starlette.routing import Route

from simulator.api.control import clock, faults, journal, tenants

ROUTES = [
    Route("/health", tenants.health, methods=["GET"]),
    Route("/tenants", tenants.create_tenant, methods=["POST"]),
    Route("/tenants/{api_key}", tenants.delete_tenant, methods=["DELETE"]),
    Route("/reset", tenants.reset_world, methods=["POST"]),
    Route("/clock", clock.read_clock, methods=["GET"]),
    Route("/clock/advance", clock.advance_clock, methods=["POST"]),
    Route("/requests", journal.list_requests, methods=["GET"]),
    Route("/requests", journal.clear_requests, methods=["DELETE"]),
    Route("/faults", faults.add_fault, methods=["POST"]),
    Route("/faults", faults.list_faults, methods=["GET"]),
    Route("/faults", faults.clear_faults, methods=["DELETE"]),
    Route("/faults/{fault_id}", faults.delete_fault, methods=["DELETE"]),
]
