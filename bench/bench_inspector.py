"""The inspector's pages in a world of 100,000 messages: each page's render time, in process
(the app called through Starlette's TestClient: routing, the world, Jinja2, the HTML).

The world: 2 accounts (LinkedIn premium, WhatsApp), 100 chats x 500 messages each, 1,000 people,
250 relations each; plus 10,000 journal entries (a full journal) and a page of fault rules.
Each page is requested --iterations times (default 50) after --warmup (default 5); the target is
a median under 100 ms for every page. A benchmark, not a timed test.

    python bench/bench_inspector.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.bench_messages import scenario  # noqa: E402
from bench.measure import timed  # noqa: E402

TARGET_MS = 100.0
KEY = "bench_inspector_key_0001"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)

    from starlette.testclient import TestClient

    from simulator.app import Settings, build_app

    app = build_app(Settings(scenarios=["empty"]))
    client = TestClient(app)
    spec = scenario("inspector-100k", 2, 100, 500)
    started = time.perf_counter()
    made = client.post("/_sim/tenants", json={"scenario": spec, "api_key": KEY})
    assert made.status_code == 201, made.text
    print(f"world made in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    headers = {"X-API-KEY": KEY}
    for _ in range(10_000):  # a full request journal
        client.get("/api/v1/accounts", headers=headers)
    chat = client.get("/api/v1/chats?limit=1", headers=headers).json()["items"][0]
    messages = client.get("/api/v1/messages?limit=1", headers=headers).json()
    assert messages["items"], "no message"
    client.cookies.set("unipile_sim_key", KEY)
    pages = {
        "worlds": "/_sim/ui",
        "accounts": "/_sim/ui/accounts",
        "network": "/_sim/ui/network",
        "inbox (chats)": "/_sim/ui/inbox",
        "chat (messages)": f"/_sim/ui/chats/{chat['id']}",
        "webhooks": "/_sim/ui/webhooks",
        "requests (10,000 in the journal)": "/_sim/ui/requests",
        "requests, filtered by path": "/_sim/ui/requests?path=/api/v1/accounts&from=5000",
        "one request": "/_sim/ui/requests/9000",
        "clock": "/_sim/ui/clock",
        "faults": "/_sim/ui/faults",
    }
    results = {}
    for label, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        stats = timed(lambda path=path: client.get(path), args.iterations, args.warmup)
        results[label] = {"path": path, **stats, "bytes": len(response.content)}
    worst = max(r["median_ms"] for r in results.values())
    print(json.dumps({"messages": 100 * 500, "target_ms": TARGET_MS, "pages": results}, indent=2))
    for label, stats in results.items():
        print(f"{label:36} median {stats['median_ms']:7.2f} ms  p90 {stats['p90_ms']:7.2f} ms  "
              f"{stats['bytes']:>7} bytes", file=sys.stderr)  # fmt: skip
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"slowest median {worst:.2f} ms: target {verdict}", file=sys.stderr)


if __name__ == "__main__":
    main()
