"""The delivery log is a bounded ring buffer with filters."""

from simulator.webhooks.log import DeliveryLog


def record(log, n, outcome="delivered", webhook_id="w1"):
    return log.record(
        delivery_id=f"d{n}", kind="webhook", webhook_id=webhook_id, event="message_received",
        url="http://x/", attempt=1, at_ms=n, status_code=200, error=None, duration_ms=1.0,
        outcome=outcome, next_attempt_ms=None, headers=(), payload={},
    )


def test_oldest_attempts_fall_off_and_are_counted():
    log = DeliveryLog(capacity=3)
    for n in range(5):
        record(log, n)
    assert [a.delivery_id for a in log] == ["d2", "d3", "d4"]
    assert log.dropped == 2 and [a.seq for a in log] == [3, 4, 5]


def test_filters_and_limit_keep_the_newest():
    log = DeliveryLog()
    record(log, 1, "retrying")
    record(log, 2, "failed", webhook_id="w2")
    record(log, 3, "delivered")
    assert [a.delivery_id for a in log.find(webhook_id="w1")] == ["d1", "d3"]
    assert [a.delivery_id for a in log.find(outcome="failed")] == ["d2"]
    assert [a.delivery_id for a in log.find(limit=2)] == ["d2", "d3"]
    assert log.find(event="new_relation") == []
