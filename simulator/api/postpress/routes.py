"""Every /v1 route, in one table: Postpress mirrors Unipile's account routes (§10, seed 003).

Reads and deletes are Unipile's own handlers; connect and reconnect accept Postpress's body
variants (WhatsApp pairing code, Instagram `sessionid`, Messenger cookie session).
"""

from __future__ import annotations

from starlette.routing import Route

from simulator.api.paths import guard_parameters
from simulator.api.unipile import accounts, connect
from simulator.coverage import load_ledger

# A parameter never takes a path a sibling operation owns (`/users/followers` is not a member).
ROUTES = guard_parameters(
    [
        Route("/accounts", accounts.list_accounts, methods=["GET"]),
        Route("/accounts", connect.POSTPRESS_ENDPOINTS.connect, methods=["POST"]),
        Route("/accounts/checkpoint", connect.solve_checkpoint, methods=["POST"]),
        Route("/accounts/checkpoint/resend", connect.resend_checkpoint, methods=["POST"]),
        Route("/accounts/{account_id}", accounts.get_account, methods=["GET"]),
        Route(
            "/accounts/{account_id}",
            connect.POSTPRESS_ENDPOINTS.reconnect,
            methods=["POST"],
        ),
        Route("/accounts/{account_id}", accounts.delete_account, methods=["DELETE"]),
    ],
    load_ledger().templates("postpress"),
)
