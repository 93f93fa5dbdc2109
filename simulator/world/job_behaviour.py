"""How people apply to a world's job postings: the scenario's `behaviours.jobs`.

Apart from the jobs model (jobs.py, job_applicants.py) so that a blueprint can hold it without
importing that model: a world that never posts a job never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

# Monthly applicants a FREE posting draws, by workplace (its `free_estimated_monthly_applicants`);
# promoting multiplies it (jobs.py).
FREE_MONTHLY_APPLICANTS: Mapping[str, int] = MappingProxyType(
    {"REMOTE": 40, "HYBRID": 25, "ON_SITE": 15}
)
# The chance an applicant's answer to a screening question (one not about years of
# experience) meets its expectation.
MATCH_PROBABILITY = 0.7


@dataclass(frozen=True, slots=True)
class JobBehaviour:
    monthly_applicants: Mapping[str, int] = field(default_factory=lambda: FREE_MONTHLY_APPLICANTS)
    screening_match: float = MATCH_PROBABILITY
