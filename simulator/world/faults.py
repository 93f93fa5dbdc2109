"""Fault rules: make chosen requests fail on purpose, the same way on every run.

A rule matches requests by method, path template and account, then answers with a documented
error, adds latency, drops the connection or sends a malformed body. `after` skips the first
matching requests, `times` caps how often the rule acts, `probability` draws from the world's
fault RNG (seeded, separate from the RNG that makes ids, so adding a fault never changes ids),
and `window` limits the rule to a span of world time.

Chaos mode is the blunt version: a chosen fraction of the requests to every route that documents
transient errors (429, 5xx...) answers one of them, drawn from the same fault RNG. Which errors a
route documents is the HTTP layer's knowledge (simulator/api/chaos.py reads the contracts); the
draw and the counts live here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from simulator.world.errors import CATALOG, ApiError, invalid_parameter
from simulator.world.journal import PathTemplate

FaultKind = Literal["error", "latency", "drop", "malformed"]

# Statuses a client is expected to retry: the only ones chaos mode answers.
TRANSIENT_STATUSES = (408, 425, 429, 500, 502, 503, 504)
DEFAULT_CHAOS_STATUSES = (429, 500, 503, 504)


@dataclass(slots=True)
class ChaosMode:
    fraction: float  # 0 < fraction <= 1: the share of eligible requests that fail
    statuses: tuple[int, ...] = DEFAULT_CHAOS_STATUSES
    eligible: int = 0  # requests to routes documenting one of `statuses`, since chaos began
    failed: int = 0  # of those, answered with an error

    def __post_init__(self) -> None:
        if not 0 < self.fraction <= 1:
            raise invalid_parameter("fraction", f"must be above 0 and at most 1, got {self.fraction}")
        if not self.statuses:
            raise invalid_parameter("statuses", "give at least one status, or omit it")
        for position, status in enumerate(self.statuses):
            if status not in TRANSIENT_STATUSES:
                allowed = ", ".join(map(str, TRANSIENT_STATUSES))
                raise invalid_parameter(
                    f"statuses[{position}]", f"must be a transient status ({allowed}), got {status}"
                )
        self.statuses = tuple(sorted(set(self.statuses)))


@dataclass(frozen=True, slots=True)
class FaultAction:
    kind: FaultKind
    error: ApiError | None = None
    latency_ms: int = 0
    status: int = 200


@dataclass(slots=True)
class FaultRule:
    id: str
    method: str | None
    path: str | None
    account_id: str | None
    kind: FaultKind
    error_type: str | None = None  # catalog name, e.g. "too_many_requests"
    detail: str | None = None
    latency_min_ms: int = 0
    latency_max_ms: int = 0
    malformed_status: int = 200
    times: int | None = None
    after: int = 0
    probability: float = 1.0
    window_start_ms: int | None = None
    window_end_ms: int | None = None
    origin: str = "api"  # "scenario", "api", "timeline" or "chaos"
    seen: int = 0  # matching requests so far
    fired: int = 0  # times the rule acted
    _template: PathTemplate | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind == "error":
            if self.error_type not in CATALOG:
                raise invalid_parameter("respond.type", f"unknown error type {self.error_type!r}")
        if self.path is not None:
            if not self.path.startswith("/"):
                raise invalid_parameter("match.path", "must be a full path template, e.g. /api/v1/accounts/{account_id}")
            self._template = PathTemplate(self.path)
        if self.latency_max_ms < self.latency_min_ms:
            raise invalid_parameter("latency", "max must not be below min")

    def applies_to(self, method: str, path: str, account_id: str | None, now_ms: int) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self._template is not None and not self._template.matches(path):
            return False
        if self.account_id is not None and self.account_id != account_id:
            return False
        if self.window_start_ms is not None and now_ms < self.window_start_ms:
            return False
        if self.window_end_ms is not None and now_ms >= self.window_end_ms:
            return False
        return True

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


class FaultBook:
    """The fault rules of one world, consulted before every API request runs."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._rules: dict[str, FaultRule] = {}
        self._made = 0
        self.chaos: ChaosMode | None = None

    def new_id(self) -> str:
        """Rule ids count up (`fault_1`…): drawing them from the id RNG would shift other ids."""
        self._made += 1
        return f"fault_{self._made}"

    def __iter__(self):
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def add(self, rule: FaultRule) -> FaultRule:
        self._rules[rule.id] = rule
        return rule

    def remove(self, rule_id: str) -> None:
        if self._rules.pop(rule_id, None) is None:
            raise ApiError("resource_not_found", f"fault_id: no fault rule {rule_id!r}")

    def clear(self) -> int:
        count = len(self._rules)
        self._rules.clear()
        return count

    @property
    def active(self) -> bool:
        """Whether any request may be touched: a rule, or chaos mode."""
        return bool(self._rules) or self.chaos is not None

    def start_chaos(self, fraction: float, statuses: tuple[int, ...] | None = None) -> ChaosMode:
        """Chaos from now on (replacing any before, its counts included)."""
        self.chaos = ChaosMode(fraction, statuses or DEFAULT_CHAOS_STATUSES)
        return self.chaos

    def stop_chaos(self) -> ChaosMode | None:
        """The chaos mode that was on, with its counts; None if it was off."""
        stopped, self.chaos = self.chaos, None
        return stopped

    def chaos_error(self, documented: dict[int, tuple[str, ...]]) -> ApiError | None:
        """Whether chaos fails this request, and with which error.

        `documented` maps each transient status the route documents to its catalog names. A
        route with none of the chosen statuses draws nothing, so it never shifts the sequence
        the other routes see. Otherwise: one draw for "fail?", then a status (uniform among the
        chosen ones the route documents) and a type (uniform among that status's).
        """
        chaos = self.chaos
        if chaos is None:
            return None
        statuses = [status for status in chaos.statuses if status in documented]
        if not statuses:
            return None
        chaos.eligible += 1
        if self._rng.random() >= chaos.fraction:
            return None
        status = self._rng.choice(statuses)
        name = self._rng.choice(documented[status])
        chaos.failed += 1
        return ApiError(name, f"chaos mode: {chaos.fraction:g} of the calls fail; retry later")

    def decide(
        self, method: str, path: str, account_id: str | None, now_ms: int
    ) -> list[FaultAction]:
        """The actions for this request: latencies accumulate, the first failure wins."""
        actions: list[FaultAction] = []
        for rule in self._rules.values():
            if rule.exhausted or not rule.applies_to(method, path, account_id, now_ms):
                continue
            rule.seen += 1
            if rule.seen <= rule.after:
                continue
            if rule.probability < 1.0 and self._rng.random() >= rule.probability:
                continue
            rule.fired += 1
            action = _action_of(rule, self._rng)
            actions.append(action)
            if action.kind != "latency":
                break
        return actions


def _action_of(rule: FaultRule, rng: random.Random) -> FaultAction:
    if rule.kind == "error":
        assert rule.error_type is not None
        return FaultAction("error", error=ApiError(rule.error_type, rule.detail))
    if rule.kind == "latency":
        latency = (
            rule.latency_min_ms
            if rule.latency_max_ms == rule.latency_min_ms
            else rng.randint(rule.latency_min_ms, rule.latency_max_ms)
        )
        return FaultAction("latency", latency_ms=latency)
    if rule.kind == "malformed":
        return FaultAction("malformed", status=rule.malformed_status)
    return FaultAction("drop")
