"""How scenario files (and the control plane) write spans and instants: one duration grammar,
read by `simulator.clock.parse_duration_ms` wherever a duration appears.

    delay: {min: 90, max: 1.5h}      # a bare number is seconds
    withdrawn_invitation_cooldown: 21d
    - at: +1h30m                     # `+` and a duration, from the clock start (or now)
    - at: 2026-01-06T09:00:00Z       # or an ISO instant
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from simulator.clock import (
    DURATION_PATTERN,
    MAX_DURATION_MS,
    WHEN_PATTERN,
    parse_duration_ms,
    parse_when,
)

DURATION_DESCRIPTION = (
    "Seconds (a number, or digits without a unit: 90, 1.5), or digits and a unit "
    "(ms, s, m, h, d, w), parts combined without spaces: 250ms, 1.5h, 1h30m, 2d4h. "
    "At most 10,000 weeks."
)

# Held as milliseconds; dumped as "<n>ms" so that a dumped scenario reads back the same (a bare
# number is seconds). The JSON Schema says what a file may write: editors check files with it.
DurationMs = Annotated[
    int,
    BeforeValidator(parse_duration_ms),
    PlainSerializer(lambda ms: f"{ms}ms", return_type=str),
    WithJsonSchema(
        {
            "description": DURATION_DESCRIPTION,
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": MAX_DURATION_MS // 1000},
                {"type": "string", "pattern": DURATION_PATTERN},
            ],
        }
    ),
]


def _instant_as_text(value: Any) -> Any:
    """YAML reads an unquoted `2026-01-06T14:00:00Z` as a datetime: keep it as ISO text (a
    datetime without a zone is UTC, as in YAML)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value


def _readable_when(text: str) -> str:
    """Refused when read, not when the world plays it. Whether the instant is one the world can
    hold depends on where it is used (checked there: tenants, faults)."""
    try:
        parse_when(text, 0)
    except ValueError as error:
        if text.startswith("+") and re.fullmatch(DURATION_PATTERN, text[1:]):
            raise  # well written, too long: the parser says so
        raise ValueError(
            "give `+` and a duration (+90s, +1.5h, +1h30m) or an ISO instant (2026-01-06T14:00:00Z)"
        ) from error
    return text


# `+2h` (relative) or an ISO instant, quoted or not in YAML; held as the text written.
WhenText = Annotated[
    str,
    BeforeValidator(_instant_as_text),
    AfterValidator(_readable_when),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WHEN_PATTERN,
            "description": "`+` and a duration (+90s, +1.5h, +1h30m), or an ISO instant.",
        }
    ),
]
