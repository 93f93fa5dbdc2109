"""The query string reader: its split without unquoting must read every query exactly as
Starlette's `QueryParams` (urllib's parse_qsl) does, and the route's rules apply after it."""

from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from simulator.api.params import Query, _pairs
from simulator.world.errors import ApiError

_QUERY_BYTES = st.text(alphabet="ab=&;%+2Fé ~", max_size=24).map(lambda t: t.encode("utf-8"))


@settings(max_examples=2_000, deadline=None)
@given(_QUERY_BYTES)
def test_pairs_read_a_query_as_parse_qsl_does(query_string: bytes) -> None:
    assert _pairs(query_string) == parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


def _query(query_string: bytes, accepted: tuple[str, ...]) -> Query:
    return Query(Request({"type": "http", "query_string": query_string, "headers": []}), accepted)


def test_values_blank_values_and_unquoting() -> None:
    query = _query(b"limit=5&cursor=&account_id=a%2Bb+c", ("limit", "cursor", "account_id"))
    assert query.integer("limit", 10, 1, 100) == 5
    assert query.has("cursor")
    assert query.text("account_id") == "a+b c"
    with pytest.raises(ApiError, match="cursor: must not be empty"):
        query.text("cursor")


@pytest.mark.parametrize(
    ("query_string", "detail"),
    [
        (b"limit=1&limit=2", "limit: given more than once"),
        (b"limit=1&lim%69t=2", "limit: given more than once"),
        (b"limit=1&colour=red", "colour: unknown query parameter"),
        (b"=1", ": unknown query parameter"),
    ],
)
def test_unknown_and_repeated_names_are_refused(query_string: bytes, detail: str) -> None:
    with pytest.raises(ApiError) as raised:
        _query(query_string, ("limit",))
    assert raised.value.detail == detail
