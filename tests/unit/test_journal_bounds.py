"""The request journal is bounded in bytes as well as entries, and a long body keeps its head
and a marker."""

from simulator.world.journal import MAX_BODY_BYTES, RequestJournal


def record(journal, body, n=1):
    for _ in range(n):
        journal.record(0, "POST", "/api/v1/chats", b"", [(b"x-api-key", b"k")], body, 201)


def test_a_long_body_keeps_its_head_and_says_how_long_it_was():
    journal = RequestJournal()
    record(journal, b"a" * (MAX_BODY_BYTES + 5))
    kept = next(iter(journal)).body
    assert kept.startswith(b"a" * MAX_BODY_BYTES)
    assert kept.endswith(b"...[truncated: %d bytes in all]" % (MAX_BODY_BYTES + 5))


def test_the_oldest_entries_go_when_the_bytes_run_out():
    journal = RequestJournal(capacity=10_000, max_bytes=1_000_000)
    record(journal, b"b" * 60_000, n=100)
    assert journal.bytes <= 1_000_000 and len(journal) < 20
    assert journal.dropped == 100 - len(journal)
    seqs = [entry.seq for entry in journal]
    assert seqs == list(range(101 - len(journal), 101))  # the newest kept, in order
    journal.clear()
    assert (journal.bytes, len(journal)) == (0, 0)
    record(journal, b"c")
    assert journal.bytes > 0 and journal.entry(101).body == b"c"
