"""Plays a scenario onto a freshly built world: its fault rules, chaos mode and webhooks, and
its timeline on the world's clock (`scenario/build.py` calls these, in that order).

Timeline entries become events on the world's queue, so they fire in time order with every
other event when the clock is advanced (or runs). An entry that can no longer apply when it
falls due (its account was deleted meanwhile, say) is reported as skipped, never a crash.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from simulator.clock import parse_when
from simulator.scenario.faults import ChaosSpec, FaultSpec
from simulator.scenario.job_schema import JobPostingEntry
from simulator.scenario.timeline import TimelineEntry
from simulator.scenario.webhooks_schema import WebhookSpec
from simulator.world.emails import Address
from simulator.world.errors import ApiError
from simulator.world.plans import PLAN_FEATURES
from simulator.world.world import World


def install_faults(world: World, faults: Sequence[FaultSpec]) -> None:
    """Scenario fault rules: relative windows count from the scenario's clock start."""
    for spec in faults:
        rule = spec.to_rule(world.faults.new_id(), world.blueprint.start_ms, origin="scenario")
        world.faults.add(rule)


def install_chaos(world: World, chaos: ChaosSpec | None) -> None:
    if chaos is not None:
        world.faults.start_chaos(chaos.fraction, tuple(chaos.statuses))


def install_webhooks(world: World, webhooks: Sequence[WebhookSpec]) -> None:
    """The scenario's webhooks, made before any event, so they see the world's first ones."""
    for spec in webhooks:
        world.webhooks.create(
            request_url=spec.request_url,
            source=spec.source,
            name=spec.name,
            headers=[(header.key, header.value) for header in spec.headers],
            events=spec.events,
        )


def schedule_timeline(world: World, entries: Sequence[TimelineEntry]) -> None:
    start_ms = world.blueprint.start_ms
    for entry in entries:
        kind, action = _action(world, entry)
        world.schedule_at(parse_when(entry.at, start_ms), f"timeline.{kind}", _guarded(action))


def _guarded(action: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        try:
            return action()
        except ApiError as error:
            return {"skipped": f"{error.error.type}: {error.detail}"}

    return run


def _action(world: World, entry: TimelineEntry) -> tuple[str, Callable[[], dict[str, Any]]]:
    if (change := entry.account_status) is not None:

        def set_status() -> dict[str, Any]:
            account = world.accounts.get(change.account)
            published = world.lifecycle.set_status(account, change.status)
            return {"account_id": account.id, "status": account.status, "published": published}

        return "account_status", set_status

    if (plan := entry.plan) is not None:

        def set_plan() -> dict[str, Any]:
            account = world.accounts.get(plan.account)
            world.lifecycle.set_premium(account, list(PLAN_FEATURES[plan.plan]))
            return {"account_id": account.id, "plan": plan.plan}

        return "plan", set_plan

    if (invitation := entry.invitation) is not None:

        def invite() -> dict[str, Any]:
            person = world.network.person(invitation.person)
            received = world.invitations.receive(
                person.provider_id, invitation.account, invitation.message
            )
            return {"account_id": invitation.account, "invitation_id": received.id}

        return "invitation", invite

    if (message := entry.message) is not None:

        def reply() -> dict[str, Any]:
            sent = world.messaging.reply(message.chat, message.text)
            return {"chat_id": message.chat, "message_id": sent.id}

        return "message", reply

    if (email := entry.email) is not None:

        def deliver() -> dict[str, Any]:
            sender = Address(email.from_, email.name)
            view = world.mail.deliver(email.account, sender, email.subject, email.body)
            return {"account_id": email.account, "email_id": view.email.id}

        return "email", deliver

    if (scheduled := entry.calendar_event) is not None:

        def put_in_calendar() -> dict[str, Any]:
            page = world.calendars.calendars(scheduled.account)
            calendar = page.items[0 if scheduled.calendar == "primary" else 1]
            made = world.calendars.create_event(scheduled.account, calendar.id, scheduled.event)
            return {
                "account_id": scheduled.account, "calendar_id": calendar.id, "event_id": made.id,
            }  # fmt: skip

        return "calendar_event", put_in_calendar

    if (posting := entry.job_posting) is not None:
        return "job_posting", lambda: _post_job(world, posting)

    window = entry.fault
    assert window is not None

    def open_fault() -> dict[str, Any]:
        rule = window.rule.to_rule(world.faults.new_id(), world.now_ms(), origin="timeline")
        world.faults.add(rule)
        if window.duration is not None:
            world.schedule_in(
                window.duration,
                "timeline.fault_closed",
                _guarded(lambda: _close_fault(world, rule.id)),
            )
        return {"fault_id": rule.id}

    return "fault_opened", open_fault


def _post_job(world: World, posting: JobPostingEntry) -> dict[str, Any]:
    """The API's steps: the draft, its publish with each checkpoint solved by its code, the
    close. A publish refused when it falls due (the free slots taken meanwhile by postings made
    over HTTP) leaves the draft, reported with `skipped`."""
    from simulator.world.jobs import CHECKPOINT_CODES

    jobs, account_id = world.jobs, posting.account
    job = jobs.create_draft(account_id, posting.draft())
    solved: list[str] = []
    done: dict[str, Any] = {"account_id": account_id, "job_id": job.id}
    if posting.state != "draft":
        try:
            outcome = jobs.publish(account_id, job.id, posting.publish_request())
            while outcome.checkpoint is not None:
                solved.append(outcome.checkpoint)
                code = CHECKPOINT_CODES[outcome.checkpoint]
                outcome = jobs.solve_checkpoint(account_id, job.id, code)
        except ApiError as error:
            return done | {"state": job.state, "skipped": f"{error.error.type}: {error.detail}"}
        if posting.state == "closed":
            jobs.close(account_id, job.id)
    return done | {"state": job.state, "checkpoints": solved}


def _close_fault(world: World, rule_id: str) -> dict[str, Any]:
    world.faults.remove(rule_id)
    return {"fault_id": rule_id}
