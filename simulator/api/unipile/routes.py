"""Every /api/v1 route, in one table."""

from __future__ import annotations

from starlette.routing import Route

from simulator.api.unipile import accounts

ROUTES = [
    Route("/accounts", accounts.list_accounts, methods=["GET"]),
    Route("/accounts/{account_id}", accounts.get_account, methods=["GET"]),
    Route("/accounts/{account_id}", accounts.delete_account, methods=["DELETE"]),
]
