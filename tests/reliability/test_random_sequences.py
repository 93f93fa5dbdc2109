"""Random request sequences, one fresh world per example, invariants checked after every step.

A hypothesis state machine drives a new `default` world per example on the session's real
SimulatorServer (a request costs a fifth of the in-process TestClient's wall time on 2 shared
cores, where its thread hand-offs dominate): invitations (one at a time, and in bursts that
reach the caps), withdrawals, the other side's answers and invitations, clock jumps, chats,
messages, read marks, webhooks, and malformed requests with generated ids, queries and bodies.
After every step:

- the relations listed are the initial ones plus every accepted invitation, either way;
- no account ever had more successful invitations in any rolling 7 days (or 24 hours) than
  its plan's cap (read from the world's limits), and a cap refusal only comes at the cap;
- the pending invitation and webhook lists are the ones the sequence left;
- no id returned by a create call was ever seen before in the world;
- every 4xx is the error envelope with a detail, and nothing is a 5xx (checked on each answer).

Derandomized, without the example database: CI runs the same sequences every time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from simulator.testing import SimulatorServer
from simulator.world.plans import PLAN_FEATURES, InvitationLimits
from tests.reliability.checks import check_answer

DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
SEEDS = (11, 12, 13)
SEATS = st.sampled_from(("sales_navigator", "free"))
PICK = st.integers(min_value=0, max_value=10_000)  # an index into whatever list applies
NOTES = st.one_of(
    st.none(),
    st.sampled_from(("", "Hello!", "n" * 200, "n" * 201, "n" * 300, "n" * 301)),
    st.text(max_size=320),
)
JUNK = st.text(min_size=1, max_size=40)
JUNK_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.lists(st.text(max_size=10), max_size=3),
)
# Routes a malformed request goes to, with the body keys worth generating values for.
JUNK_TARGETS = (
    ("GET", "/api/v1/users/{}", ("account_id", "linkedin_sections")),
    ("GET", "/api/v1/chats/{}", ("account_id",)),
    ("GET", "/api/v1/chats/{}/messages", ("limit", "cursor", "before", "sender_id")),
    ("GET", "/api/v1/messages/{}", ()),
    ("DELETE", "/api/v1/users/invite/sent/{}", ("account_id",)),
    ("DELETE", "/api/v1/webhooks/{}", ()),
    ("POST", "/api/v1/users/invite", ("account_id", "provider_id", "message")),
    ("POST", "/api/v1/chats", ("account_id", "attendees_ids", "text", "linkedin")),
    ("POST", "/api/v1/chats/{}/messages", ("text", "account_id")),
    ("POST", "/api/v1/webhooks", ("request_url", "source", "events", "enabled")),
    ("GET", "/api/v1/users/relations", ("account_id", "limit", "cursor", "filter")),
    ("GET", "/api/v1/users/invite/sent", ("account_id", "limit", "cursor")),
    ("POST", "/api/v1/linkedin/search", ("api", "category", "keywords", "network_distance")),
    ("POST", "/_sim/invitations/{}/accept", ()),
    ("POST", "/_sim/people/{}/invite", ("account_id", "message")),
)


@dataclass
class Seat:
    """A usable LinkedIn account as the sequence left it."""

    id: str
    limits: InvitationLimits
    initial_relations: frozenset[str]
    relations: set[str]
    candidates: list[str]
    pending_sent: dict[str, str] = field(default_factory=dict)  # invitation id -> provider id
    closed_sent: list[str] = field(default_factory=list)
    pending_received: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (who, secret)
    closed_received: list[str] = field(default_factory=list)
    invited: set[str] = field(default_factory=set)
    send_times: list[int] = field(default_factory=list)
    classic_chats: dict[str, str] = field(default_factory=dict)  # provider id -> 1:1 chat id
    accepted: int = 0  # invitations accepted, sent or received

    def pending_with(self, provider_id: str) -> bool:
        return provider_id in self.pending_sent.values() or any(
            who == provider_id for who, _ in self.pending_received.values()
        )


def sent_within(times: list[int], since_ms: int) -> int:
    """Sends strictly after `since_ms` (one sent at t leaves a window of w at t + w)."""
    return len(times) - bisect.bisect_right(times, since_ms)


class WorldSequences(RuleBasedStateMachine):
    def __init__(self, server: SimulatorServer, client: httpx.Client) -> None:
        super().__init__()
        self.server = server
        self.client = client
        self.api_key = ""
        self.now_ms = 0
        self.seats: dict[str, Seat] = {}
        self.disconnected = ""
        self.chats: dict[str, str] = {}  # chat id -> account id
        self.webhooks: list[str] = []
        self.deleted_webhooks: list[str] = []
        self.initial_ids: frozenset[str] = frozenset()  # chats and messages of the scenario
        self.created_ids: list[str] = []  # every id a create call returned, in order

    # -- plumbing -----------------------------------------------------------------------------

    def call(self, method: str, path: str, *expect: int, **kwargs: Any) -> tuple[int, Any]:
        """(status, JSON body), checked: never a 5xx, a 4xx in the envelope, one of `expect`."""
        response = self.client.request(method, path, headers={"X-API-KEY": self.api_key}, **kwargs)
        body = response.json() if response.content else None
        where = f"{method} {path} {kwargs} -> {response.status_code}: {response.text[:400]}"
        check_answer(response.status_code, response.headers.get("content-type"), body, where)
        if expect:
            assert response.status_code in expect, where
        return response.status_code, body

    def new_id(self, created_id: str) -> None:
        self.created_ids.append(created_id)  # `ids_never_reused` checks it right after the step

    def seat(self, name: str) -> Seat:
        return self.seats[name]

    def absorb(self, fired: list[dict[str, Any]]) -> None:
        """Behaviours that fired while the clock moved: invitation answers and replies."""
        seats = {seat.id: seat for seat in self.seats.values()}
        for event in fired:
            kind = event["kind"]
            if kind in ("invitation_accepted", "invitation_declined"):
                seat = seats[event["account_id"]]
                provider_id = seat.pending_sent.pop(event["invitation_id"])
                seat.closed_sent.append(event["invitation_id"])
                if kind == "invitation_accepted":
                    seat.relations.add(provider_id)
                    seat.accepted += 1
            elif kind == "message_reply" and "message_id" in event:
                self.new_id(event["message_id"])

    # -- the world ----------------------------------------------------------------------------

    @initialize(seed=st.sampled_from(SEEDS))
    def make_world(self, seed: int) -> None:
        _, tenant = self.call(
            "POST", "/_sim/tenants", 201, json={"scenario": "default", "seed": seed}
        )
        self.api_key = tenant["api_key"]
        limits = self.server.app.state.registry.get(self.api_key).limits
        _, clock = self.call("GET", "/_sim/clock", 200)
        self.now_ms = _epoch_ms(clock["now"])
        _, accounts = self.call("GET", "/api/v1/accounts", 200)
        for account in accounts["items"]:
            if account["type"] != "LINKEDIN":
                continue
            if account["sources"][0]["status"] != "OK":
                self.disconnected = account["id"]
                continue
            features = account["connection_params"]["im"]["premiumFeatures"]
            plan = next(p for p, wanted in PLAN_FEATURES.items() if set(wanted) == set(features))
            _, relations = self.call(
                "GET",
                "/api/v1/users/relations",
                200,
                params={"account_id": account["id"], "limit": 1000},
            )
            members = {r["member_id"] for r in relations["items"]}
            self.seats[plan] = Seat(
                account["id"],
                limits.invitations[plan],
                frozenset(members),
                set(members),
                self.people_beyond(account["id"]),
            )
        assert set(self.seats) == {"sales_navigator", "free"}, accounts
        _, chats = self.call("GET", "/api/v1/chats", 200, params={"limit": 250})
        assert chats["cursor"] is None
        by_id = {seat.id: seat for seat in self.seats.values()}
        for chat in chats["items"]:
            self.chats[chat["id"]] = chat["account_id"]
            seat = by_id.get(chat["account_id"])
            if seat is not None and "INBOX_LINKEDIN_CLASSIC" in chat["folder"]:
                seat.classic_chats[chat["attendee_provider_id"]] = chat["id"]
        _, messages = self.call("GET", "/api/v1/messages", 200, params={"limit": 250})
        self.initial_ids = frozenset(self.chats) | {m["id"] for m in messages["items"]}

    def people_beyond(self, account_id: str) -> list[str]:
        """120 people at 2nd or 3rd degree, from Classic search (50 a page)."""
        found: list[str] = []
        params: dict[str, Any] = {"account_id": account_id, "limit": 50}
        body: dict[str, Any] = {"api": "classic", "category": "people", "network_distance": [2, 3]}
        while len(found) < 120:
            _, page = self.call("POST", "/api/v1/linkedin/search", 200, params=params, json=body)
            found += [person["id"] for person in page["items"]]
            params = {"account_id": account_id, "cursor": page["cursor"]}
            body = {"cursor": page["cursor"]}
        return found

    def teardown(self) -> None:
        if self.api_key:
            self.call("DELETE", f"/_sim/tenants/{self.api_key}", 200)

    # -- invitations --------------------------------------------------------------------------

    def send_invitation(self, seat: Seat, provider_id: str, note: str | None) -> bool:
        """Sends one invitation; False once a cap refuses it."""
        body = {"account_id": seat.id, "provider_id": provider_id}
        if note is not None:
            body["message"] = note
        week = sent_within(seat.send_times, self.now_ms - WEEK_MS)
        day = sent_within(seat.send_times, self.now_ms - DAY_MS)
        status, answer = self.call("POST", "/api/v1/users/invite", 201, 400, 422, json=body)
        if status == 201:
            assert provider_id not in seat.relations and not seat.pending_with(provider_id)
            self.new_id(answer["invitation_id"])
            seat.pending_sent[answer["invitation_id"]] = provider_id
            seat.invited.add(provider_id)
            seat.send_times.append(self.now_ms)
        elif "invitation limit reached" in answer["detail"]:
            limits = seat.limits
            assert (limits.weekly is not None and week >= limits.weekly) or (
                limits.daily is not None and day >= limits.daily
            ), f"refused below the caps ({week} this week, {day} today): {answer}"
            return False
        return True

    @rule(name=SEATS, pick=PICK, note=NOTES)
    def invite(self, name: str, pick: int, note: str | None) -> None:
        seat = self.seat(name)
        self.send_invitation(seat, seat.candidates[pick % len(seat.candidates)], note)

    @rule(name=SEATS, count=st.integers(min_value=1, max_value=60))
    def invite_many(self, name: str, count: int) -> None:
        """A campaign's burst: people never invited, one after the other, no note, until the
        batch is out or a cap says stop."""
        seat = self.seat(name)
        fresh = [p for p in seat.candidates if p not in seat.invited and p not in seat.relations]
        for provider_id in fresh[:count]:
            if not self.send_invitation(seat, provider_id, None):
                return

    @staticmethod
    def sent_invitation(seat: Seat, pick: int) -> str | None:
        """One of the invitations the seat ever sent, pending or closed; None before any."""
        known = sorted(seat.pending_sent) + seat.closed_sent
        return known[pick % len(known)] if known else None

    @rule(name=SEATS, pick=PICK, seed_004_route=st.booleans())
    def withdraw(self, name: str, pick: int, seed_004_route: bool) -> None:
        seat = self.seat(name)
        invitation_id = self.sent_invitation(seat, pick)
        if invitation_id is None:
            return
        expected = 200 if invitation_id in seat.pending_sent else 404
        if seed_004_route:
            body = {"account_id": seat.id, "invitation_id": invitation_id}
            self.call("POST", "/api/v1/users/cancel-invite", expected, json=body)
        else:
            params = {"account_id": seat.id}
            self.call(
                "DELETE", f"/api/v1/users/invite/sent/{invitation_id}", expected, params=params
            )
        if expected == 200:
            seat.pending_sent.pop(invitation_id)
            seat.closed_sent.append(invitation_id)

    @rule(name=SEATS, pick=PICK, accept=st.booleans())
    def invited_person_answers(self, name: str, pick: int, accept: bool) -> None:
        seat = self.seat(name)
        invitation_id = self.sent_invitation(seat, pick)
        if invitation_id is None:
            return
        verb = "accept" if accept else "decline"
        if invitation_id not in seat.pending_sent:
            self.call("POST", f"/_sim/invitations/{invitation_id}/{verb}", 422)
            return
        _, answer = self.call("POST", f"/_sim/invitations/{invitation_id}/{verb}", 200)
        assert answer["status"] == ("ACCEPTED" if accept else "DECLINED"), answer
        provider_id = seat.pending_sent.pop(invitation_id)
        seat.closed_sent.append(invitation_id)
        if accept:
            seat.relations.add(provider_id)
            seat.accepted += 1

    @rule(name=SEATS, pick=PICK)
    def person_invites(self, name: str, pick: int) -> None:
        seat = self.seat(name)
        provider_id = seat.candidates[pick % len(seat.candidates)]
        path = f"/_sim/people/{provider_id}/invite"
        if provider_id in seat.relations or seat.pending_with(provider_id):
            self.call("POST", path, 422, json={"account_id": seat.id})
            return
        _, invitation = self.call("POST", path, 201, json={"account_id": seat.id})
        self.new_id(invitation["id"])
        secret = invitation["specifics"]["shared_secret"]
        seat.pending_received[invitation["id"]] = (provider_id, secret)

    @rule(name=SEATS, pick=PICK, accept=st.booleans(), right_secret=st.booleans())
    def handle_received(self, name: str, pick: int, accept: bool, right_secret: bool) -> None:
        seat = self.seat(name)
        known = sorted(seat.pending_received) + seat.closed_received
        if not known:
            return
        invitation_id = known[pick % len(known)]
        pending = seat.pending_received.get(invitation_id)
        body = {
            "provider": "LINKEDIN",
            "shared_secret": pending[1] if pending and right_secret else "not-the-secret",
            "account_id": seat.id,
            "action": "accept" if accept else "decline",
        }
        path = f"/api/v1/users/invite/received/{invitation_id}"
        if pending is None:
            self.call("POST", path, 422, json=body)
        elif not right_secret:
            self.call("POST", path, 400, json=body)
        else:
            self.call("POST", path, 200, json=body)
            del seat.pending_received[invitation_id]
            seat.closed_received.append(invitation_id)
            if accept:
                seat.relations.add(pending[0])
                seat.accepted += 1

    # -- time ---------------------------------------------------------------------------------

    @rule(seconds=st.sampled_from((60, 3_600, 6 * 3_600, 86_400, 3 * 86_400, 8 * 86_400)))
    def advance_clock(self, seconds: int) -> None:
        _, answer = self.call("POST", "/_sim/clock/advance", 200, json={"seconds": seconds})
        self.now_ms += seconds * 1000
        assert _epoch_ms(answer["now"]) == self.now_ms
        self.absorb(answer["fired"])

    # -- messaging ----------------------------------------------------------------------------

    @rule(name=SEATS, pick=PICK, relation=st.booleans(), inmail=st.booleans())
    def start_chat(self, name: str, pick: int, relation: bool, inmail: bool) -> None:
        seat = self.seat(name)
        people = sorted(seat.relations) if relation else seat.candidates
        provider_id = people[pick % len(people)]
        body: dict[str, Any] = {"account_id": seat.id, "attendees_ids": [provider_id], "text": "Hi"}
        if inmail:
            body["linkedin"] = {"inmail": True}
        if provider_id not in seat.relations and not inmail:
            self.call("POST", "/api/v1/chats", 422, json=body)
            return
        status, answer = self.call("POST", "/api/v1/chats", 201, 422, json=body)
        if status == 422:  # an InMail: free plans have none, paid ones run out of credits
            assert provider_id not in seat.relations and answer["type"] in (
                "errors/not_allowed_inmail",
                "errors/insufficient_credits",
            ), answer
            return
        known = seat.classic_chats.get(provider_id)
        if known is not None:
            assert answer["chat_id"] == known, "a second 1:1 chat with the same person"
        else:
            self.new_id(answer["chat_id"])
            seat.classic_chats[provider_id] = answer["chat_id"]
            self.chats[answer["chat_id"]] = seat.id
        self.new_id(answer["message_id"])

    @rule(pick=PICK, text=st.text(min_size=1, max_size=50))
    def send_message(self, pick: int, text: str) -> None:
        chat_id = sorted(self.chats)[pick % len(self.chats)]
        path = f"/api/v1/chats/{chat_id}/messages"
        if self.chats[chat_id] == self.disconnected:
            self.call("POST", path, 401, json={"text": text})
            return
        _, answer = self.call("POST", path, 201, json={"text": text})
        self.new_id(answer["message_id"])

    @rule(pick=PICK, read=st.booleans())
    def mark_chat(self, pick: int, read: bool) -> None:
        chat_id = sorted(self.chats)[pick % len(self.chats)]
        expected = 401 if self.chats[chat_id] == self.disconnected else 200
        body = {"action": "setReadStatus", "value": read}
        self.call("PATCH", f"/api/v1/chats/{chat_id}", expected, json=body)

    # -- webhooks -----------------------------------------------------------------------------

    @rule(valid=st.booleans(), source=st.sampled_from(("users", "messaging", "account_status")))
    def create_webhook(self, valid: bool, source: str) -> None:
        url = "http://127.0.0.1:9/hook" if valid else "ftp://127.0.0.1/hook"
        body = {"request_url": url, "source": source, "enabled": False}
        if not valid:
            self.call("POST", "/api/v1/webhooks", 400, json=body)
            return
        _, answer = self.call("POST", "/api/v1/webhooks", 201, json=body)
        self.new_id(answer["webhook_id"])
        self.webhooks.append(answer["webhook_id"])

    @rule(pick=PICK)
    def delete_webhook(self, pick: int) -> None:
        known = self.webhooks + self.deleted_webhooks
        if not known:
            return
        webhook_id = known[pick % len(known)]
        if webhook_id in self.webhooks:
            self.call("DELETE", f"/api/v1/webhooks/{webhook_id}", 200)
            self.webhooks.remove(webhook_id)
            self.deleted_webhooks.append(webhook_id)
        else:
            self.call("DELETE", f"/api/v1/webhooks/{webhook_id}", 404)

    # -- malformed requests -------------------------------------------------------------------

    @rule(
        route=st.sampled_from(JUNK_TARGETS),
        segment=JUNK,
        values=st.lists(JUNK_VALUES, min_size=4, max_size=4),
        as_query=st.booleans(),
    )
    def malformed_request(
        self, route: tuple[str, str, tuple[str, ...]], segment: str, values: list, as_query: bool
    ) -> None:
        """Generated ids, query values and bodies: a defined 4xx, never a 5xx or a change."""
        method, template, names = route
        path = template.format(quote(segment, safe=""))
        fields = dict(zip(names, values))
        if method == "GET" or as_query:
            params = {name: str(value) for name, value in fields.items() if value is not None}
            status, _ = self.call(method, path, params=params)
        else:
            status, _ = self.call(method, path, json=fields)
        if method != "GET":
            assert status >= 400, f"{method} {path} with generated values succeeded"

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def relations_add_up(self) -> None:
        for seat in self.seats.values():
            _, page = self.call(
                "GET", "/api/v1/users/relations", 200, params={"account_id": seat.id, "limit": 1000}
            )
            listed = {relation["member_id"] for relation in page["items"]}
            assert len(page["items"]) == len(seat.initial_relations) + seat.accepted
            assert listed == seat.relations

    @invariant()
    def invitation_caps_never_exceeded(self) -> None:
        for seat in self.seats.values():
            times = seat.send_times
            for position, sent_at in enumerate(times, start=1):
                for window, cap in ((WEEK_MS, seat.limits.weekly), (DAY_MS, seat.limits.daily)):
                    if cap is not None:
                        in_window = position - bisect.bisect_right(times, sent_at - window)
                        assert in_window <= cap, f"{in_window} sends within {window} ms, cap {cap}"

    @invariant()
    def pending_lists_are_the_sequences(self) -> None:
        for seat in self.seats.values():
            lists = [("sent", set(seat.pending_sent))]
            if seat.pending_received or seat.closed_received:  # else none was ever received
                lists.append(("received", set(seat.pending_received)))
            for direction, expected in lists:
                listed: set[str] = set()
                params: dict[str, Any] = {"account_id": seat.id, "limit": 100}
                while True:
                    _, page = self.call(
                        "GET", f"/api/v1/users/invite/{direction}", 200, params=params
                    )
                    listed |= {invitation["id"] for invitation in page["items"]}
                    if page["cursor"] is None:
                        break
                    params = {"account_id": seat.id, "cursor": page["cursor"]}
                assert listed == expected, direction
        if self.webhooks or self.deleted_webhooks:  # `default` starts without webhooks
            _, webhooks = self.call("GET", "/api/v1/webhooks", 200, params={"limit": 250})
            assert [webhook["id"] for webhook in webhooks["items"]] == self.webhooks

    @invariant()
    def ids_never_reused(self) -> None:
        created = self.created_ids
        assert len(set(created)) == len(created), f"an id returned twice: {created}"
        assert not self.initial_ids & set(created), "a create returned an id the world had"


def _epoch_ms(instant: str) -> int:
    return int(datetime.fromisoformat(instant).timestamp() * 1000)


@pytest.mark.slow
def test_random_request_sequences_keep_the_invariants(unipile_sim: SimulatorServer) -> None:
    with httpx.Client(base_url=unipile_sim.base_url, timeout=30.0) as client:
        run_state_machine_as_test(
            lambda: WorldSequences(unipile_sim, client),
            settings=settings(
                derandomize=True,
                database=None,
                max_examples=25,
                stateful_step_count=40,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
