"""The fault rule format, shared by scenario files (`faults:`) and `POST /_sim/faults`, and the
chaos mode format, shared by `chaos:` and `POST /_sim/chaos`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.clock import parse_when
from simulator.scenario.durations import WhenText
from simulator.world.errors import catalog_name, invalid_parameter
from simulator.world.faults import DEFAULT_CHAOS_STATUSES, TRANSIENT_STATUSES, FaultRule

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
TransientStatus = Literal[TRANSIENT_STATUSES]  # type: ignore[valid-type]
MAX_COUNT = 1_000_000_000  # `times` and `after`: more requests than any test run makes


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FaultMatch(_Strict):
    method: HttpMethod | None = None
    path: str | None = Field(
        None,
        pattern=r"^/[A-Za-z0-9_{}/.-]*$",
        description="Full path template, e.g. /api/v1/accounts/{account_id} or /v1/accounts/{id}.",
    )
    account_id: str | None = Field(None, min_length=1)


class FaultResponse(_Strict):
    status: int = Field(ge=400, le=599)
    type: str = Field(min_length=1, description="A documented type, e.g. errors/too_many_requests.")
    detail: str | None = None

    @model_validator(mode="after")
    def documented(self) -> FaultResponse:
        try:
            catalog_name(self.type, self.status)
        except KeyError as error:  # an unknown type, or a known one with another status
            raise ValueError(f"type: {error.args[0]}") from None
        return self


class FaultLatency(_Strict):
    ms: int | None = Field(None, ge=0, le=120_000)
    min_ms: int | None = Field(None, ge=0, le=120_000)
    max_ms: int | None = Field(None, ge=0, le=120_000)

    @model_validator(mode="after")
    def fixed_or_range(self) -> FaultLatency:
        if (self.ms is None) == (self.min_ms is None or self.max_ms is None):
            raise ValueError("give either ms, or both min_ms and max_ms")
        return self


class FaultMalformed(_Strict):
    status: int = Field(200, ge=200, le=599)


class FaultWindow(_Strict):
    start: WhenText | None = Field(None, description="+2h (from the start/now) or an ISO instant")
    end: WhenText | None = None


class FaultSpec(_Strict):
    match: FaultMatch = FaultMatch()
    respond: FaultResponse | None = None
    latency: FaultLatency | None = None
    drop: bool = False
    malformed: FaultMalformed | None = None
    times: int | None = Field(None, ge=1, le=MAX_COUNT)
    after: int = Field(0, ge=0, le=MAX_COUNT)
    probability: float = Field(1.0, gt=0, le=1)
    window: FaultWindow | None = None

    @model_validator(mode="after")
    def exactly_one_effect(self) -> FaultSpec:
        effects = [
            self.respond is not None,
            self.latency is not None,
            self.drop,
            self.malformed is not None,
        ]
        if sum(effects) != 1:
            raise ValueError("give exactly one of respond, latency, drop, malformed")
        return self

    def to_rule(self, rule_id: str, base_ms: int, origin: str) -> FaultRule:
        """`base_ms` anchors relative window times (`+2h`)."""
        kind, error_type, detail = "drop", None, None
        latency_min = latency_max = 0
        if self.respond is not None:
            kind, detail = "error", self.respond.detail
            try:
                error_type = catalog_name(self.respond.type, self.respond.status)
            except KeyError as error:
                raise invalid_parameter("respond.type", str(error.args[0])) from None
        elif self.latency is not None:
            kind = "latency"
            if self.latency.ms is not None:
                latency_min = latency_max = self.latency.ms
            else:
                latency_min, latency_max = self.latency.min_ms or 0, self.latency.max_ms or 0
        elif self.malformed is not None:
            kind = "malformed"
        return FaultRule(
            id=rule_id,
            method=self.match.method,
            path=self.match.path,
            account_id=self.match.account_id,
            kind=kind,  # type: ignore[arg-type]
            error_type=error_type,
            detail=detail,
            latency_min_ms=latency_min,
            latency_max_ms=latency_max,
            malformed_status=self.malformed.status if self.malformed else 200,
            times=self.times,
            after=self.after,
            probability=self.probability,
            window_start_ms=_when(
                self.window.start if self.window else None, base_ms, "window.start"
            ),
            window_end_ms=_when(self.window.end if self.window else None, base_ms, "window.end"),
            origin=origin,
        )


def _when(text: str | None, base_ms: int, field: str) -> int | None:
    if text is None:
        return None
    try:
        return parse_when(text, base_ms)
    except ValueError as error:
        raise invalid_parameter(field, str(error)) from None


class ChaosSpec(_Strict):
    """A seeded share of API calls answers a transient error its route documents."""

    fraction: float = Field(
        gt=0, le=1, description="Share of the calls to eligible routes that fail, e.g. 0.1."
    )
    statuses: list[TransientStatus] = Field(
        default=list(DEFAULT_CHAOS_STATUSES),
        min_length=1,
        description="The statuses chaos may answer; a route that documents none is left alone.",
    )
