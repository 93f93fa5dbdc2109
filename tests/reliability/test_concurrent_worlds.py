"""32 worlds on one real SimulatorServer, 500 mixed operations each, all running at once.

Each world is driven by its own coroutine and seeded RNG and keeps a model of what it should
hold: relations, pending invitations and the send times the caps count, chats and messages,
webhooks, its virtual clock. Every answer is checked as it arrives (no 5xx, every 4xx in the
envelope, the status and id the model predicts); at the end every list is walked and compared
with the model, and the ids each world made are looked up in every other world (404).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import aiohttp
import orjson
import pytest

from simulator.testing import SimulatorServer, SimWorld
from simulator.world.plans import PLAN_FEATURES, InvitationLimits
from tests.reliability.checks import check_answer, usage_crossed

WORLDS = 32
OPERATIONS = 500
FIRST_SEED = 7000
DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
MONTH_MS = 30 * DAY_MS
SEARCH_PAGE = 50  # Classic search pages hold at most 50 people
LISTED_PEOPLE = ("jane-doe", "marcus-lee", "ana-silva")  # the default scenario's named cast
ADVANCES_S = (600, 3_600, 4 * 3_600, 12 * 3_600, DAY_MS // 1000, 2 * DAY_MS // 1000)
CREATED_KINDS = ("invitation", "chat", "message", "webhook")
# The mix must meet each of these statuses at least once.
EXPECTED_STATUSES = {200, 201, 400, 401, 404, 422}
_COMMON = {
    "read_accounts": 3,
    "read_relations": 4,
    "read_chats": 4,
    "read_chat_messages": 4,
    "read_messages": 3,
    "read_sent_invitations": 4,
    "search_people": 4,
    "visit_listed_person": 2,
    "invite": 15,
    "cancel_invitation": 4,
    "start_chat_with_relation": 6,
    "start_chat_with_stranger": 2,
    "send_message": 10,
    "mark_chat_read": 4,
    "create_webhook": 3,
    "delete_webhook": 2,
    "advance_clock": 5,
    "probe_other_worlds": 4,
    "bad_request": 2,
}
# What each kind of tenant does most (relative weights); world i runs the profile i % 4.
# Campaign worlds invite in bulk on a clock that moves in small steps, so they reach the
# daily and weekly caps; the others spread their invitations over weeks.
PROFILES: dict[str, dict[str, int]] = {
    "balanced": _COMMON,
    "campaign": _COMMON
    | {
        "invite": 45,
        "search_people": 6,
        "cancel_invitation": 6,
        "send_message": 4,
        "start_chat_with_relation": 3,
    },
    "inbox": _COMMON
    | {
        "invite": 5,
        "read_chat_messages": 10,
        "read_chats": 8,
        "start_chat_with_relation": 12,
        "send_message": 25,
        "mark_chat_read": 10,
    },
    "reader": _COMMON
    | {
        "read_accounts": 8,
        "read_relations": 10,
        "read_chats": 10,
        "read_chat_messages": 10,
        "read_messages": 8,
        "read_sent_invitations": 8,
        "invite": 8,
        "send_message": 5,
    },
}
CAMPAIGN_ADVANCES_S = (600, 3_600, 2 * 3_600, 4 * 3_600)


def epoch_ms(instant: str) -> int:
    return int(datetime.fromisoformat(instant).timestamp() * 1000)


class Api:
    """One world's HTTP calls; every answer is checked before the caller sees it.

    aiohttp rather than httpx's AsyncClient: on 2 shared cores the client's own CPU decides
    how long 16,000 requests take, and httpx costs several times more per request here.
    """

    def __init__(self, http: aiohttp.ClientSession, server: SimulatorServer, api_key: str) -> None:
        self._http = http
        self._server = server
        self.api_key = api_key
        self.statuses: Counter[int] = Counter()
        self.error_types: Counter[str] = Counter()

    async def call(
        self,
        method: str,
        path: str,
        expect: int,
        error: str | None = None,
        control: bool = False,
        api_key: str | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """The JSON answer, after checking it is `expect` (and of type `error`, for a 4xx)."""
        base = self._server.control_url if control else self._server.unipile_url
        query = {name: str(value) for name, value in (params or {}).items()}
        async with self._http.request(
            method,
            base + path,
            headers={"X-API-KEY": api_key or self.api_key},
            params=query,
            json=json,
        ) as response:
            raw = await response.read()
            status, content_type = response.status, response.headers.get("Content-Type")
        body = orjson.loads(raw) if raw else None
        where = f"{method} {path} {query} {json!r:.200} -> {status}: {raw[:400]!r}"
        check_answer(status, content_type, body, where)
        self.statuses[status] += 1
        if status >= 400:
            self.error_types[body["type"]] += 1
        assert status == expect, f"expected {expect}: {where}"
        if error is not None:
            assert body["type"] == f"errors/{error}", f"expected errors/{error}: {where}"
        return body

    async def walk(self, path: str, params: dict[str, Any], expect_object: str) -> list[dict]:
        """Every item of a cursor-paged list."""
        items: list[dict] = []
        page = await self.call("GET", path, 200, params=params)
        while True:
            assert page["object"] == expect_object, page
            items += page["items"]
            if page["cursor"] is None:
                return items
            # The users lists want their account_id again beside the cursor.
            carried = {"account_id": params["account_id"]} if "account_id" in params else {}
            page = await self.call("GET", path, 200, params={"cursor": page["cursor"]} | carried)


@dataclass
class Seat:
    """A usable LinkedIn account of a world, as the test expects it to be."""

    id: str
    limits: InvitationLimits
    relations: set[str]
    initial_relations: frozenset[str]
    candidates: list[str] = field(default_factory=list)
    search_cursor: str | None = None
    pending: dict[str, str] = field(default_factory=dict)  # invitation id -> provider id
    closed: list[str] = field(default_factory=list)  # invitation ids no longer pending
    withdrawn_at: dict[str, int] = field(default_factory=dict)  # provider id -> when
    sends: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    classic_chats: dict[str, str] = field(default_factory=dict)  # provider id -> 1:1 chat id
    invited: set[str] = field(default_factory=set)  # everyone an invitation ever went to
    sent: int = 0
    cap_refusals: int = 0
    cancelled: int = 0
    accepted: int = 0
    declined: int = 0

    def add_candidate(self, provider_id: str) -> None:
        if provider_id not in self.candidates:
            self.candidates.append(provider_id)

    @staticmethod
    def count_since(times: list[int], since_ms: int) -> int:
        return sum(1 for t in times if t > since_ms)


@dataclass
class WorldRun:
    """One world: its calls, its RNG, and the model its answers are checked against."""

    index: int
    profile: str
    api: Api
    rng: random.Random
    registry: dict[str, dict[str, set[str]]]  # every world's created ids, by kind
    now_ms: int = 0
    cooldown_ms: int = 0
    seats: dict[str, Seat] = field(default_factory=dict)
    disconnected: str = ""
    account_ids: frozenset[str] = frozenset()
    chats: dict[str, str] = field(default_factory=dict)  # chat id -> account id
    messages: dict[str, str] = field(default_factory=dict)  # message id -> chat id
    ours: dict[str, list[str]] = field(default_factory=dict)  # chat id -> message ids we sent
    replies: dict[str, list[str]] = field(default_factory=dict)  # chat id -> replies fired
    webhooks: list[str] = field(default_factory=list)
    deleted_webhooks: list[str] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    newest: dict[str, str] = field(default_factory=dict)  # kind -> the last id made
    webhook_count: int = 0

    @property
    def created(self) -> dict[str, set[str]]:
        return self.registry[self.api.api_key]

    # -- setup --------------------------------------------------------------------------------

    async def setup(self, limits_of: Callable[[str], Any]) -> None:
        api = self.api
        accounts = (await api.call("GET", "/accounts", 200, params={"limit": 250}))["items"]
        self.account_ids = frozenset(a["id"] for a in accounts)
        limits = limits_of(api.api_key)
        self.cooldown_ms = limits.withdrawn_cooldown_ms
        for account in accounts:
            if account["type"] != "LINKEDIN":
                continue
            if account["sources"][0]["status"] != "OK":
                self.disconnected = account["id"]
                continue
            plan = plan_of(account["connection_params"]["im"]["premiumFeatures"])
            relations = await api.walk(
                "/users/relations",
                {"account_id": account["id"], "limit": 1000},
                "UserRelationsList",
            )
            members = {r["member_id"] for r in relations}
            seat = Seat(account["id"], limits.invitations[plan], members, frozenset(members))
            self.seats[seat.id] = seat
        assert len(self.seats) == 2 and self.disconnected, accounts
        clock = await api.call("GET", "/clock", 200, control=True)
        self.now_ms = epoch_ms(clock["now"])
        for chat in await api.walk("/chats", {"limit": 250}, "ChatList"):
            self.chats[chat["id"]] = chat["account_id"]
            seat = self.seats.get(chat["account_id"])
            if seat is not None and "INBOX_LINKEDIN_CLASSIC" in chat["folder"]:
                seat.classic_chats[chat["attendee_provider_id"]] = chat["id"]
        for message in await api.walk("/messages", {"limit": 250}, "MessageList"):
            self.messages[message["id"]] = message["chat_id"]
        assert set(self.messages.values()) <= set(self.chats)
        webhooks = await api.walk("/webhooks", {"limit": 250}, "WebhookList")
        self.webhooks = [w["id"] for w in webhooks]
        self.seen_ids = set(self.chats) | set(self.messages) | set(self.webhooks)
        for seat in self.seats.values():
            await self.search(seat)

    # -- the mix ------------------------------------------------------------------------------

    async def run(self, operations: int) -> None:
        profile = PROFILES[self.profile]
        operations_by_name = {name: getattr(self, name) for name in profile}
        names, weights = list(profile), list(profile.values())
        for _ in range(operations):
            await operations_by_name[self.rng.choices(names, weights)[0]]()

    def seat(self) -> Seat:
        return self.seats[self.rng.choice(sorted(self.seats))]

    def new_id(self, kind: str, new_id: str) -> None:
        assert new_id not in self.seen_ids, f"world {self.index} reused the id {new_id}"
        self.seen_ids.add(new_id)
        self.created[kind].add(new_id)
        self.newest[kind] = new_id

    async def read_accounts(self) -> None:
        page = await self.api.call("GET", "/accounts", 200)
        assert {a["id"] for a in page["items"]} == self.account_ids

    async def read_relations(self) -> None:
        seat = self.seat()
        page = await self.api.call(
            "GET", "/users/relations", 200, params={"account_id": seat.id, "limit": 1000}
        )
        assert page["cursor"] is None
        assert {r["member_id"] for r in page["items"]} == seat.relations
        assert len(page["items"]) == len(seat.relations)

    async def read_chats(self) -> None:
        limit = self.rng.choice((10, 100, 100))  # sometimes a walk over several pages
        chats = await self.api.walk("/chats", {"limit": limit}, "ChatList")
        ids = [c["id"] for c in chats]
        assert len(ids) == len(set(ids)), "a chat listed twice across pages"
        assert set(ids) == set(self.chats)
        assert all(c["account_id"] == self.chats[c["id"]] for c in chats)

    async def read_chat_messages(self) -> None:
        chat_id = self.rng.choice(sorted(self.chats))
        items = await self.api.walk(f"/chats/{chat_id}/messages", {"limit": 250}, "MessageList")
        ids = [m["id"] for m in items]
        assert len(ids) == len(set(ids)), f"a message listed twice in {chat_id}"
        assert set(ids) == {m for m, c in self.messages.items() if c == chat_id}

    async def read_messages(self) -> None:
        account_id = self.rng.choice(sorted(self.account_ids))
        page = await self.api.call(
            "GET", "/messages", 200, params={"account_id": account_id, "limit": 250}
        )
        for message in page["items"]:
            assert message["account_id"] == account_id
            assert self.messages.get(message["id"]) == message["chat_id"], message

    async def read_sent_invitations(self) -> None:
        seat = self.seat()
        listed = await self.api.walk(
            "/users/invite/sent", {"account_id": seat.id, "limit": 100}, "InvitationList"
        )
        assert {i["id"]: i["invited_user_id"] for i in listed} == seat.pending

    async def search(self, seat: Seat) -> None:
        """One page of 2nd/3rd-degree people; the walk starts over when it runs out."""
        params: dict[str, Any] = {"account_id": seat.id}
        if seat.search_cursor is not None:
            params["cursor"] = seat.search_cursor
            body: dict[str, Any] = {"cursor": seat.search_cursor}
        else:
            params["limit"] = SEARCH_PAGE
            body = {"api": "classic", "category": "people", "network_distance": [2, 3]}
        page = await self.api.call("POST", "/linkedin/search", 200, params=params, json=body)
        for person in page["items"]:
            assert person["network_distance"] != "DISTANCE_1", person
            assert person["id"] not in seat.relations, f"a relation found as 2nd/3rd: {person}"
            seat.add_candidate(person["id"])
        seat.search_cursor = page["cursor"]

    async def search_people(self) -> None:
        await self.search(self.seat())

    async def visit_listed_person(self) -> None:
        seat = self.seat()
        identifier = self.rng.choice(LISTED_PEOPLE)
        profile = await self.api.call(
            "GET", f"/users/{identifier}", 200, params={"account_id": seat.id}
        )
        is_relation = profile["provider_id"] in seat.relations
        assert profile["is_relationship"] is is_relation, profile
        assert (profile["network_distance"] == "FIRST_DEGREE") is is_relation, profile
        if not is_relation:
            seat.add_candidate(profile["provider_id"])

    async def invite(self) -> None:
        seat = self.seat()
        fresh = [p for p in seat.candidates if p not in seat.invited and p not in seat.relations]
        if not fresh and seat.search_cursor is not None:
            await self.search(seat)
            return
        # Mostly people never invited; sometimes anyone found, to meet the refusals too.
        pool = fresh if fresh and self.rng.random() < 0.8 else seat.candidates
        provider_id = self.rng.choice(pool)
        note = self.rng.choices(
            (None, "Hello, glad to connect.", "n" * 250, "x" * 301), (70, 20, 5, 5)
        )[0]
        body = {"account_id": seat.id, "provider_id": provider_id}
        if note is not None:
            body["message"] = note
        expected = self.expected_invite(seat, provider_id, note)
        if expected is not None:
            status, error, reason = expected
            refusal = await self.api.call("POST", "/users/invite", status, error, json=body)
            assert reason in refusal["detail"], (reason, refusal)
            seat.cap_refusals += "invitation limit" in reason
            return
        sent_week = Seat.count_since(seat.sends, self.now_ms - WEEK_MS)
        answer = await self.api.call("POST", "/users/invite", 201, json=body)
        assert answer.get("usage") == usage_crossed(sent_week, seat.limits.weekly), answer
        invitation_id = answer["invitation_id"]
        self.new_id("invitation", invitation_id)
        seat.pending[invitation_id] = provider_id
        seat.invited.add(provider_id)
        seat.sends.append(self.now_ms)
        if note:
            seat.notes.append(self.now_ms)
        seat.sent += 1

    def expected_invite(
        self, seat: Seat, provider_id: str, note: str | None
    ) -> tuple[int, str, str] | None:
        """(status, error type, words of the detail) of the refusal the rules call for, in the
        order the simulator checks them; None when the invitation goes out."""
        limits, now = seat.limits, self.now_ms
        if note is not None and len(note) > 300:
            return 400, "too_many_characters", "message:"
        if provider_id in seat.relations:
            return 422, "already_connected", "1st-degree"
        if provider_id in seat.pending.values():
            return 422, "already_invited_recently", "already pending"
        withdrawn = seat.withdrawn_at.get(provider_id)
        if withdrawn is not None and now < withdrawn + self.cooldown_ms:
            return 422, "cannot_resend_yet", "withdrawn"
        if note:
            if len(note) > limits.note_max_chars:
                return 400, "too_many_characters", "message:"
            if limits.notes_per_month is not None and (
                Seat.count_since(seat.notes, now - MONTH_MS) >= limits.notes_per_month
            ):
                return 422, "limit_exceeded", "notes per 30 days"
        weekly, daily = limits.weekly, limits.daily
        if weekly is not None and Seat.count_since(seat.sends, now - WEEK_MS) >= weekly:
            return 422, "cannot_resend_yet", "weekly invitation limit"
        if daily is not None and Seat.count_since(seat.sends, now - DAY_MS) >= daily:
            return 422, "cannot_resend_yet", "daily invitation limit"
        return None

    async def cancel_invitation(self) -> None:
        seat = self.seat()
        if seat.closed and (not seat.pending or self.rng.random() < 0.2):
            invitation_id = self.rng.choice(seat.closed)
            await self.api.call(
                "DELETE",
                f"/users/invite/sent/{invitation_id}",
                404,
                "resource_not_found",
                params={"account_id": seat.id},
            )
            return
        if not seat.pending:
            return
        invitation_id = self.rng.choice(sorted(seat.pending))
        if self.rng.random() < 0.5:
            await self.api.call(
                "DELETE", f"/users/invite/sent/{invitation_id}", 200, params={"account_id": seat.id}
            )
        else:  # seed 004's route
            await self.api.call(
                "POST",
                "/users/cancel-invite",
                200,
                json={"account_id": seat.id, "invitation_id": invitation_id},
            )
        provider_id = seat.pending.pop(invitation_id)
        seat.closed.append(invitation_id)
        seat.withdrawn_at[provider_id] = self.now_ms
        seat.cancelled += 1

    async def start_chat_with_relation(self) -> None:
        seat = self.seat()
        provider_id = self.rng.choice(sorted(seat.relations))
        answer = await self.api.call(
            "POST",
            "/chats",
            201,
            json={"account_id": seat.id, "attendees_ids": [provider_id], "text": "Hi there"},
        )
        chat_id = answer["chat_id"]
        known = seat.classic_chats.get(provider_id)
        if known is not None:
            assert chat_id == known, f"a second 1:1 chat with {provider_id}: {answer}"
        else:
            self.new_id("chat", chat_id)
            seat.classic_chats[provider_id] = chat_id
            self.chats[chat_id] = seat.id
        self.record_sent(chat_id, answer["message_id"])

    async def start_chat_with_stranger(self) -> None:
        seat = self.seat()
        strangers = [p for p in seat.candidates if p not in seat.relations]
        if not strangers:
            return
        await self.api.call(
            "POST",
            "/chats",
            422,
            "no_connection_with_recipient",
            json={
                "account_id": seat.id,
                "attendees_ids": [self.rng.choice(strangers)],
                "text": "Hi",
            },
        )

    def record_sent(self, chat_id: str, message_id: str) -> None:
        self.new_id("message", message_id)
        self.messages[message_id] = chat_id
        self.ours.setdefault(chat_id, []).append(message_id)

    async def send_message(self) -> None:
        chat_id = self.rng.choice(sorted(self.chats))
        body = {"text": f"message {len(self.seen_ids)}"}
        if self.chats[chat_id] == self.disconnected:
            await self.api.call(
                "POST", f"/chats/{chat_id}/messages", 401, "disconnected_account", json=body
            )
            return
        answer = await self.api.call("POST", f"/chats/{chat_id}/messages", 201, json=body)
        self.record_sent(chat_id, answer["message_id"])

    async def mark_chat_read(self) -> None:
        chat_id = self.rng.choice(sorted(self.chats))
        body = {"action": "setReadStatus", "value": True}
        if self.chats[chat_id] == self.disconnected:
            await self.api.call(
                "PATCH", f"/chats/{chat_id}", 401, "disconnected_account", json=body
            )
            return
        await self.api.call("PATCH", f"/chats/{chat_id}", 200, json=body)
        chat = await self.api.call("GET", f"/chats/{chat_id}", 200)
        assert chat["unread_count"] == 0, chat

    async def create_webhook(self) -> None:
        self.webhook_count += 1
        if self.rng.random() < 0.15:
            await self.api.call(
                "POST",
                "/webhooks",
                400,
                "invalid_url",
                json={"request_url": "not a url", "source": "users"},
            )
            return
        body = {
            # Nothing listens on port 9: the few deliveries (new relations) fail and wait for
            # their retries. A messaging source would make every send a delivery attempt,
            # which is the webhook suites' subject and would double this one's CPU.
            "request_url": f"http://127.0.0.1:9/world-{self.index}/{self.webhook_count}",
            "source": self.rng.choice(("users", "account_status")),
            "name": f"world-{self.index}-{self.webhook_count}",
            "enabled": self.rng.random() < 0.5,
        }
        answer = await self.api.call("POST", "/webhooks", 201, json=body)
        self.new_id("webhook", answer["webhook_id"])
        self.webhooks.append(answer["webhook_id"])
        listed = await self.api.walk("/webhooks", {"limit": 250}, "WebhookList")
        assert [w["id"] for w in listed] == self.webhooks

    async def delete_webhook(self) -> None:
        if self.deleted_webhooks and (not self.webhooks or self.rng.random() < 0.25):
            webhook_id = self.rng.choice(self.deleted_webhooks)
            await self.api.call("DELETE", f"/webhooks/{webhook_id}", 404, "resource_not_found")
            return
        if not self.webhooks:
            return
        webhook_id = self.webhooks.pop(self.rng.randrange(len(self.webhooks)))
        await self.api.call("DELETE", f"/webhooks/{webhook_id}", 200)
        self.deleted_webhooks.append(webhook_id)

    async def advance_clock(self) -> None:
        seconds = self.rng.choice(CAMPAIGN_ADVANCES_S if self.profile == "campaign" else ADVANCES_S)
        answer = await self.api.call(
            "POST", "/clock/advance", 200, control=True, json={"seconds": seconds}
        )
        target = self.now_ms + seconds * 1000
        assert epoch_ms(answer["now"]) == target, answer
        for event in answer["fired"]:
            self.absorb(event)
        self.now_ms = target

    def absorb(self, event: dict[str, Any]) -> None:
        """What the behaviours did while the clock moved: answers, relations, replies."""
        account_id = event.get("account_id")
        assert account_id is None or account_id in self.account_ids, f"foreign event {event}"
        kind = event["kind"]
        if kind in ("invitation_accepted", "invitation_declined"):
            seat = self.seats[account_id]
            invitation_id = event["invitation_id"]
            assert invitation_id in seat.pending, f"an answer to a closed invitation: {event}"
            provider_id = seat.pending.pop(invitation_id)
            seat.closed.append(invitation_id)
            assert event["user_provider_id"] == provider_id, event
            if kind == "invitation_accepted":
                assert event["status"] == "ACCEPTED", event
                seat.relations.add(provider_id)
                seat.accepted += 1
            else:
                assert event["status"] == "DECLINED", event
                seat.declined += 1
        elif kind == "message_reply":
            chat_id = event["chat_id"]
            assert chat_id in self.chats, f"a reply in an unknown chat: {event}"
            self.new_id("message", event["message_id"])
            self.messages[event["message_id"]] = chat_id
            self.replies.setdefault(chat_id, []).append(event["message_id"])

    async def probe_other_worlds(self) -> None:
        """An id another world made, looked up here: always 404, and nothing changes."""
        kind = self.rng.choice(CREATED_KINDS)
        others = [
            key for key in self.registry if key != self.api.api_key and self.registry[key][kind]
        ]
        if not others:
            return
        foreign = self.rng.choice(sorted(self.registry[self.rng.choice(sorted(others))][kind]))
        await self.expect_absent(kind, foreign)

    async def expect_absent(self, kind: str, foreign_id: str) -> None:
        seat_id = min(self.seats)
        if kind == "invitation":
            await self.api.call(
                "DELETE",
                f"/users/invite/sent/{foreign_id}",
                404,
                "resource_not_found",
                params={"account_id": seat_id},
            )
        elif kind == "chat":
            method, path = self.rng.choice(
                (("GET", f"/chats/{foreign_id}"), ("GET", f"/chats/{foreign_id}/messages"))
            )
            await self.api.call(method, path, 404, "resource_not_found")
        elif kind == "message":
            await self.api.call("GET", f"/messages/{foreign_id}", 404, "resource_not_found")
        else:
            await self.api.call("DELETE", f"/webhooks/{foreign_id}", 404, "resource_not_found")

    async def expect_all_absent(self, made: list[tuple[str, str]]) -> None:
        for kind, made_id in made:
            if made_id not in self.created[kind]:
                await self.expect_absent(kind, made_id)

    async def bad_request(self) -> None:
        seat = self.seat()
        choice = self.rng.randrange(4)
        if choice == 0:
            body = await self.api.call(
                "GET", "/users/relations", 400, params={"account_id": seat.id, "limit": 0}
            )
            assert "limit" in body["detail"], body
        elif choice == 1:
            body = await self.api.call("GET", "/chats", 400, params={"colour": "blue"})
            assert "colour" in body["detail"], body
        elif choice == 2:
            body = await self.api.call("GET", "/users/invite/sent", 400, "missing_parameters")
            assert "account_id" in body["detail"], body
        else:
            await self.api.call("GET", "/accounts", 401, api_key="sim_no_such_world_key")

    # -- the end ------------------------------------------------------------------------------

    async def verify_deletables(self) -> None:
        """The lists a foreign DELETE could shorten: sent invitations and webhooks."""
        for seat in self.seats.values():
            listed = await self.api.walk(
                "/users/invite/sent", {"account_id": seat.id, "limit": 100}, "InvitationList"
            )
            assert len(listed) == seat.sent - seat.cancelled - seat.accepted - seat.declined
            assert {i["id"] for i in listed} == set(seat.pending)
        webhooks = await self.api.walk("/webhooks", {"limit": 250}, "WebhookList")
        assert [w["id"] for w in webhooks] == self.webhooks

    async def verify(self) -> None:
        """Every list walked to its end equals the model."""
        api = self.api
        await self.verify_deletables()
        for seat in self.seats.values():
            relations = await api.walk(
                "/users/relations", {"account_id": seat.id, "limit": 1000}, "UserRelationsList"
            )
            assert len(relations) == len(seat.initial_relations) + seat.accepted
            assert {r["member_id"] for r in relations} == seat.relations
        chats = await api.walk("/chats", {"limit": 250}, "ChatList")
        assert sorted(c["id"] for c in chats) == sorted(self.chats)
        messages = await api.walk("/messages", {"limit": 250}, "MessageList")
        assert sorted(m["id"] for m in messages) == sorted(self.messages)
        for chat_id in sorted(set(self.ours) | set(self.replies)):
            listed = await api.walk(f"/chats/{chat_id}/messages", {"limit": 250}, "MessageList")
            ids = Counter(m["id"] for m in listed)
            for message_id in self.ours.get(chat_id, []) + self.replies.get(chat_id, []):
                assert ids[message_id] == 1, f"{message_id} listed {ids[message_id]} times"
            assert sum(ids.values()) == sum(1 for c in self.messages.values() if c == chat_id)


def plan_of(features: list[str]) -> str:
    """The plan whose premium features an account shows (the richest wins)."""
    plans = [plan for plan, wanted in PLAN_FEATURES.items() if set(wanted) == set(features)]
    assert len(plans) == 1, features
    return plans[0]


async def drive_worlds(server: SimulatorServer, api_keys: list[str]) -> list[WorldRun]:
    registry = server.app.state.registry
    created: dict[str, dict[str, set[str]]] = {
        key: {k: set() for k in CREATED_KINDS} for key in api_keys
    }
    connector = aiohttp.TCPConnector(limit=WORLDS)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        runs = [
            WorldRun(
                index,
                list(PROFILES)[index % len(PROFILES)],
                Api(http, server, key),
                random.Random(FIRST_SEED + index),
                created,
            )
            for index, key in enumerate(api_keys)
        ]
        await asyncio.gather(*(run.setup(lambda key: registry.get(key).limits) for run in runs))
        await asyncio.gather(*(run.run(OPERATIONS) for run in runs))
        await asyncio.gather(*(run.verify() for run in runs))
        # The last id of each kind every world made, looked up in every other world (the
        # random probes of the mix covered earlier ones while the worlds were busy).
        newest = [made for run in runs for made in run.newest.items()]
        await asyncio.gather(*(run.expect_all_absent(newest) for run in runs))
        # The probes deleted nothing (their GETs cannot change anything).
        await asyncio.gather(*(run.verify_deletables() for run in runs))
    return runs


@pytest.mark.slow
def test_32_worlds_under_concurrent_mixed_load() -> None:
    started, cpu_started = time.monotonic(), time.process_time()
    with SimulatorServer() as server:
        api_keys = [
            server.new_world("default", seed=FIRST_SEED + index).api_key for index in range(WORLDS)
        ]
        runs = asyncio.run(drive_worlds(server, api_keys))
    statuses = sum((run.api.statuses for run in runs), Counter())
    errors = sum((run.api.error_types for run in runs), Counter())
    assert EXPECTED_STATUSES <= set(statuses), statuses
    # The mix reached the rules it is meant to exercise, in every world together.
    for wanted in (
        "cannot_resend_yet",
        "already_invited_recently",
        "already_connected",
        "no_connection_with_recipient",
        "resource_not_found",
        "too_many_characters",
    ):
        assert errors[f"errors/{wanted}"] > 0, errors
    seats = [seat for run in runs for seat in run.seats.values()]
    assert sum(seat.accepted for seat in seats) > 0
    assert sum(seat.cap_refusals for seat in seats) > 0, "no world reached an invitation cap"
    assert sum(len(replies) for run in runs for replies in run.replies.values()) > 0
    print(
        f"\n{sum(statuses.values())} requests in {time.monotonic() - started:.1f} s "
        f"({time.process_time() - cpu_started:.1f} s CPU, server and clients); "
        f"statuses {dict(sorted(statuses.items()))}"
    )


def snapshot(world: SimWorld) -> dict[str, Any]:
    """Everything a client can read of a world, as JSON."""

    def read(path: str, **params: Any) -> Any:
        response = world.get(path, params=params, headers=world.headers)
        assert response.status_code == 200, response.text
        return response.json()

    accounts = read("/accounts")["items"]
    state: dict[str, Any] = {
        "accounts": accounts,
        "chats": read("/chats", limit=250),
        "messages": read("/messages", limit=250),
        "attendees": read("/chat_attendees", limit=250),
        "webhooks": read("/webhooks", limit=250),
        "clock": world.clock()["now"],
    }
    for account in accounts:
        if account["type"] == "LINKEDIN" and account["sources"][0]["status"] == "OK":
            state[account["id"]] = {
                "relations": read("/users/relations", account_id=account["id"], limit=1000),
                "sent": read("/users/invite/sent", account_id=account["id"], limit=100),
                "received": read("/users/invite/received", account_id=account["id"], limit=100),
                "inmail": read("/linkedin/inmail_balance", account_id=account["id"]),
                "jane": read("/users/jane-doe", account_id=account["id"]),
            }
    return state


def test_worlds_made_from_the_same_seed_share_nothing(unipile_sim: SimulatorServer) -> None:
    """Same scenario and seed: the compiled history is shared, the state must not be."""
    busy, bystander = (unipile_sim.new_world("default", seed=4242) for _ in range(2))
    try:
        before = snapshot(bystander)
        assert snapshot(busy) == before  # same seed, same world
        accounts = before["accounts"]
        linkedin = [a for a in accounts if a["type"] == "LINKEDIN"]
        sales_nav = next(
            a["id"]
            for a in linkedin
            if "sales_navigator" in a["connection_params"]["im"]["premiumFeatures"]
        )
        free = next(
            a["id"]
            for a in linkedin
            if not a["connection_params"]["im"]["premiumFeatures"]
            and a["sources"][0]["status"] == "OK"
        )
        whatsapp = next(a["id"] for a in accounts if a["type"] == "WHATSAPP")
        jane = before[sales_nav]["jane"]["provider_id"]
        marcus = busy.get(
            "/users/marcus-lee", params={"account_id": sales_nav}, headers=busy.headers
        ).json()
        unread = next(c for c in before["chats"]["items"] if c["unread_count"] > 0)

        def act(method: str, path: str, status: int, **kwargs: Any) -> dict[str, Any]:
            response = busy.request(method, path, headers=busy.headers, **kwargs)
            assert response.status_code == status, response.text
            return response.json()

        invitation = act(
            "POST", "/users/invite", 201, json={"account_id": sales_nav, "provider_id": jane}
        )
        busy.control("POST", f"/invitations/{invitation['invitation_id']}/accept")
        act("POST", "/users/invite", 201, json={"account_id": free, "provider_id": jane})
        act(
            "POST",
            "/chats",
            201,
            json={
                "account_id": sales_nav,
                "attendees_ids": [marcus["provider_id"]],
                "text": "An InMail",
                "linkedin": {"inmail": True},
            },
        )
        act("POST", f"/chats/{unread['id']}/messages", 201, json={"text": "Thanks!"})
        act("PATCH", f"/chats/{unread['id']}", 200, json={"action": "setReadStatus", "value": True})
        busy.control("POST", f"/chats/{unread['id']}/reply", json={"text": "You're welcome"})
        received = busy.control(
            "POST", f"/people/{marcus['provider_id']}/invite", json={"account_id": free}
        )
        act(
            "POST",
            f"/users/invite/received/{received['id']}",
            200,
            json={
                "provider": "LINKEDIN",
                "shared_secret": received["specifics"]["shared_secret"],
                "account_id": free,
                "action": "accept",
            },
        )
        act(
            "POST",
            "/webhooks",
            201,
            json={"request_url": "http://127.0.0.1:9/", "source": "users", "enabled": False},
        )
        busy.advance(seconds=3 * 86_400)
        act("DELETE", f"/accounts/{whatsapp}", 200)

        assert snapshot(busy) != before
        assert snapshot(bystander) == before
    finally:
        busy.drop()
        bystander.drop()
