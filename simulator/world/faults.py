"""Fault rules: make chosen requests fail on purpose, the same way on every run.

A rule matches requests by method, path template and account, then answers with a documented
error, adds latency, drops the connection or sends a malformed body. `after` skips the first
matching requests, `times` caps how often the rule acts, `probability` draws from the world's
fault RNG (seeded, separate from the RNG that makes ids, so adding a fault never changes ids),
and `window` limits the rule to a span of world time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from simulator.world.errors import CATALOG, ApiError, invalid_parameter
from simulator.world.journal import PathTemplate

FaultKind = Literal["error", "latency", "drop", "malformed"]


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
