"""The unnamed temporary state log keeps its records marshalled (a request as its parts), gathers
them in memory (it dies with the process anyway) and writes them 64 KiB at a time, or when they
are read; a named one writes each as a JSON line. Both read back the same records."""

import os

from simulator.persistence import state_log as state_log_module
from simulator.persistence.state_log import StateLog


def request(n: int, size: int = 10) -> dict:
    return {"t": "request", "w": "k", "n": n, "pad": "x" * size}


def file_size(log: StateLog) -> int:
    return os.fstat(log._fd).st_size


def test_the_temporary_log_writes_in_batches_and_reads_everything():
    log = StateLog(None, b"secret")
    log.append({"t": "world", "w": "k"})
    written = file_size(log)
    log.append(request(1))
    log.append(request(2))
    assert file_size(log) == written  # gathered, not written yet
    assert [r.get("n") for r in log.records()] == [None, 1, 2]  # a read writes them first
    assert file_size(log) > written
    before = file_size(log)
    count = state_log_module._TEMPORARY_BUFFER_BYTES // 1000 + 1
    for n in range(count):
        log.append(request(n, 1000))
    assert file_size(log) > before  # the buffer filled: written without a read
    assert len(log.records()) == 3 + count


def test_a_named_log_writes_every_record_at_once(tmp_path):
    log = StateLog.open(tmp_path / "state.log", b"secret")
    log.append({"t": "world", "w": "k"})
    before = file_size(log)
    log.append(request(1))
    assert file_size(log) > before


def scope_of(n: int) -> dict:
    return {
        "method": "POST",
        "path": f"/api/v1/users/invite/{n}",
        "query_string": b"a=1",
        "headers": [(b"x-api-key", b"k"), (b"content-type", b"application/json")],
        "client": ("10.0.0.2", 5000),
    }


def test_requests_of_the_temporary_log_keep_their_place_among_the_other_records():
    log = StateLog(None, b"secret")
    log.append({"t": "world", "w": "k"})
    scope = scope_of(1)
    log.append_request("k", 5, scope, b'{"n":1}')
    scope["headers"].append((b"x-later", b"changed"))  # made later, from what arrived
    log.append_request("k", 6, scope_of(2), b"\xff")
    log.append({"t": "reset", "w": "k"})
    log.append_request("k", 7, scope_of(3), b"")
    records = log.records()
    assert [(r["t"], r.get("at")) for r in records] == [
        ("world", None), ("request", 5), ("request", 6), ("reset", None), ("request", 7),
    ]
    first = records[1]
    assert first["headers"] == [["x-api-key", "k"], ["content-type", "application/json"]]
    assert (first["path"], first["query"]) == ("/api/v1/users/invite/1", "a=1")
    assert first["client"] == "10.0.0.2"
    assert first["body"] == '{"n":1}' and records[2]["body64"] == "/w=="
    assert "body" not in records[4] and "body64" not in records[4]


def test_many_requests_of_the_temporary_log_are_all_kept_in_order():
    log = StateLog(None, b"secret")
    log.append({"t": "world", "w": "k"})
    count = 3 * state_log_module._TEMPORARY_BUFFER_BYTES // 600 + 5  # several writes
    for n in range(count):
        log.append_request("k", n, scope_of(n), b"x" * 600)
    assert [r["at"] for r in log.records()[1:]] == list(range(count))


def appended_to(log: StateLog) -> list[dict]:
    log.append({"t": "world", "w": "k", "scenario": {"name": "x", "n": [1, 2.5, None, True]}})
    log.append_request("k", 5, scope_of(1), '{"note":"é \\u2028"}'.encode())
    log.append_request("k", 6, scope_of(2), b"\xff\x00")
    log.append({"t": "attempt", "w": "k", "delivery": "d1", "status": None, "error": "refused"})
    log.append({"t": "world", "w": "other"})
    log.append_request("other", 7, scope_of(3), b"")
    return log.records()


def test_the_temporary_log_reads_back_what_a_named_file_does(tmp_path):
    temporary = appended_to(StateLog(None, b"secret"))
    named = appended_to(StateLog.open(tmp_path / "state.log", b"secret"))
    assert temporary == named and len(temporary) == 6
    assert temporary[2]["body64"] == "/wA=" and temporary[1]["body"] == '{"note":"é \\u2028"}'


def test_the_temporary_log_compacts_what_resets_left_dead():
    log = StateLog(None, b"secret")
    log.compact_at_bytes = 20_000
    log.append({"t": "world", "w": "k"})
    sizes = []
    for round_ in range(6):
        for n in range(40):
            log.append_request("k", round_ * 100 + n, scope_of(n), b"x" * 200)
        log.append({"t": "reset", "w": "k"})
        sizes.append(file_size(log) + log._pending_bytes)
    log.append_request("k", 999, scope_of(0), b"{}")
    # Without compaction the file would grow sixfold; with it, the dead rounds go.
    assert max(sizes) < 2 * sizes[0] and min(sizes) < sizes[0]
    assert [(r["t"], r.get("at")) for r in log.records()] == [("world", None), ("request", 999)]


def test_a_named_log_writes_every_request_at_once(tmp_path):
    log = StateLog.open(tmp_path / "state.log", b"secret")
    log.append({"t": "world", "w": "k"})
    before = file_size(log)
    log.append_request("k", 1, scope_of(1), b"{}")
    assert file_size(log) > before


def test_a_large_body_is_not_held_back_for_the_batch():
    log = StateLog(None, b"secret")
    log.append({"t": "world", "w": "k"})
    before = file_size(log)
    log.append_request("k", 1, scope_of(1), b"x" * state_log_module._TEMPORARY_BUFFER_BYTES)
    assert file_size(log) > before  # made and written at once, without a read
    assert [r["at"] for r in log.records()[1:]] == [1]
