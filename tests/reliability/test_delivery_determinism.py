"""With a slow, failing webhook receiver, what the control plane reports about the clock and the
deliveries is the same from run to run: attempts are recorded at their world time and their
retries are on the queue before the clock moves past them, however fast the receiver answers."""

import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from simulator.testing import SimulatorServer


class FlakyReceiver:
    """Answers 500 after a random wait (a different wait every run)."""

    def __init__(self):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length") or 0))
                time.sleep(random.uniform(0, 0.08))
                self.send_response(500)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def story(sim, receiver_url):
    world = sim.new_world("default", seed=3)
    seen = []
    answer = world.request("POST", "/webhooks", headers=world.headers,
                           json={"request_url": receiver_url, "source": "messaging"})
    assert answer.status_code == 201
    chats = world.get("/chats", headers=world.headers, params={"limit": 3}).json()["items"]
    for chat in chats:
        world.control("POST", f"/chats/{chat['id']}/reply", json={"text": "Still interested?"})
    seen.append(world.clock())
    for seconds in (30, 90, 600, 3600, 20_000):
        seen.append(world.advance(seconds=seconds))
        seen.append(world.clock())
    deliveries = world.deliveries()
    for attempt in deliveries:
        attempt.pop("duration_ms", None)  # wall time: the one field that may differ
    seen.append(deliveries)
    world.drop()
    return seen, deliveries


def test_two_runs_with_a_flaky_receiver_report_the_same():
    receiver = FlakyReceiver()
    try:
        with SimulatorServer() as sim:
            first, deliveries = story(sim, receiver.url)
            second, _ = story(sim, receiver.url)
    finally:
        receiver.close()
    assert len(deliveries) >= 3 * 4  # every message's first attempt and its retries so far
    assert {d["outcome"] for d in deliveries} <= {"retrying", "failed"}
    assert first == second
