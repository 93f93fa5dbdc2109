"""The accounts page: each account with its source and status, the provider side's buttons
(disconnect, credentials expired, restricted, plan change), and the hosted-auth sessions in
flight with their links and a way to finish them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from simulator.api.control.accounts import NewPremium, NewStatus
from simulator.api.control.hosted import Completion
from simulator.pages.inspector.access import world_action, world_page
from simulator.pages.inspector.rendering import form_of, page, redirect, text_field, validated
from simulator.world.accounts import PREMIUM_FEATURES, SOURCE_STATUSES
from simulator.world.hosted import HostedSession
from simulator.world.world import World

# What the provider side does, as buttons: the status each one sets.
PROVIDER_SIDE = (
    ("Disconnect", "STOPPED"),
    ("Credentials expired", "CREDENTIALS"),
    ("Restricted", "PERMISSIONS"),
    ("Error", "ERROR"),
    ("Back to OK", "OK"),
)


@world_page
async def show_accounts(request: Request, world: World) -> Response:
    return page(
        request,
        "accounts.html",
        {
            "world": world,
            "accounts": sorted(world.accounts, key=lambda account: account.seq),
            "sessions": sessions_in_flight(world),
            "provider_side": PROVIDER_SIDE,
            "statuses": SOURCE_STATUSES,
            "features": PREMIUM_FEATURES,
        },
    )


def sessions_in_flight(world: World) -> list[HostedSession]:
    """Open sessions: those whose link's expiry is still on the clock, soonest first."""
    sessions = []
    for event in world.queue.pending():
        if event.kind == "hosted_link_expired":
            session = world.hosted.find(event.details.get("session_id", ""))
            if session is not None and session.state == "pending":
                sessions.append(session)
    return sessions


@world_action
async def set_status(request: Request, world: World) -> Response:
    """As POST /_sim/accounts/{id}/status."""
    account = world.accounts.get(request.path_params["account_id"])
    form = await form_of(request)
    body = validated(NewStatus, {"status": text_field(form, "status")})
    previous = account.status
    world.lifecycle.set_status(account, body.status)
    return redirect("/accounts", f"{account.id}: {previous} -> {account.status}")


@world_action
async def set_premium(request: Request, world: World) -> Response:
    """As POST /_sim/accounts/{id}/premium: the features ticked are the new plan."""
    account = world.accounts.get(request.path_params["account_id"])
    form = await form_of(request)
    body = validated(NewPremium, {"features": form.getlist("features")})
    world.lifecycle.set_premium(account, body.features)
    plan = ", ".join(account.premium_features) or "free"
    return redirect("/accounts", f"{account.id}: plan {plan}")


@world_action
async def complete_session(request: Request, world: World) -> Response:
    """As POST /_sim/hosted/{session}/complete."""
    form = await form_of(request)
    fields = {"outcome": text_field(form, "outcome"), "provider": text_field(form, "provider")}
    body = validated(Completion, {name: value for name, value in fields.items() if value})
    session = world.hosted.complete(
        request.path_params["session_id"], body.outcome == "success", body.provider
    )
    return redirect("/accounts", f"Hosted session {session.id}: {session.state}")
