"""The unnamed temporary state log gathers its records in memory (it dies with the process
anyway) and writes them 64 KiB at a time, or when they are read; a named one writes each."""

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
