"""Every /v1 route, in one table: Postpress mirrors Unipile's account routes (§10, seed 003).

Reads and deletes are Unipile's own handlers; connect and reconnect accept Postpress's body
variants (WhatsApp pairing code, Instagram `sessionid`, Messenger cookie session).
"""

from __future__ import annotations

from starlette.routing import Route

import simulator.api.convertors  # noqa: F401  (registers {account_id:account_id})
from simulator.api.unipile import accounts, connect

ROUTES = [
    Route("/accounts", accounts.list_accounts, methods=["GET"]),
    Route("/accounts", connect.POSTPRESS_ENDPOINTS.connect, methods=["POST"]),
    Route("/accounts/checkpoint", connect.solve_checkpoint, methods=["POST"]),
    Route("/accounts/checkpoint/resend", connect.resend_checkpoint, methods=["POST"]),
    Route("/accounts/{account_id:account_id}", accounts.get_account, methods=["GET"]),
    Route(
        "/accounts/{account_id:account_id}",
        connect.POSTPRESS_ENDPOINTS.reconnect,
        methods=["POST"],
    ),
    Route("/accounts/{account_id:account_id}", accounts.delete_account, methods=["DELETE"]),
]
