"""What every part of the scenario schema is built on."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from simulator.scenario.durations import DurationMs


class _Spec(BaseModel):
    """Same rules as the rest of the scenario: unknown keys are mistakes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DelaySpec(_Spec):
    min: DurationMs
    max: DurationMs

    @model_validator(mode="after")
    def ordered(self) -> DelaySpec:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self
