"""Messaging at scale: `GET /chats/{id}/messages?limit=100` in a world of 1,000,000 messages
against the same call in a world of 1,000, and the memory a message costs.

Worlds (inline scenarios with generated chat histories, made by POST /_sim/tenants):
  small   1 premium LinkedIn account, 2 chats x 500 messages         =     1,000 messages
  large   5 accounts, one per provider (LinkedIn, WhatsApp, Instagram, Telegram, Messenger),
          200 chats x 1,000 messages each                            = 1,000,000 messages

Over HTTP (a uvicorn subprocess with uvloop + httptools, one keep-alive http.client connection),
each call timed --iterations times (default 300) after --warmup (default 30), in both worlds:
  chat messages, first page   GET /chats/{id}/messages?limit=100
  chat messages, middle page  the same with before=<the chat's middle message's timestamp>
  all messages, first page    GET /messages?limit=100
  chats, first page           GET /chats?limit=100 (the small world has 2 chats)
The first request to a world builds its indexes over the compiled history (timed separately).
Target: the large world's median within 2x of the small one's for the chat-message calls.

In-process, the same chat-message call without HTTP (world + rendering + JSON), and memory:
RSS growth after compiling the large scenario (history records shared by every world of the
blueprint) and after building one world's indexes, per message. Target: <= 2 KB per message.

    /tmp/venv/bin/python bench/bench_messages.py
    /tmp/venv/bin/python bench/bench_messages.py --iterations 500 --no-http
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.measure import Client, rss_bytes, timed  # noqa: E402

TARGET_RATIO = 2.0
TARGET_BYTES_PER_MESSAGE = 2048


PROVIDERS = ("LINKEDIN", "WHATSAPP", "INSTAGRAM", "TELEGRAM", "MESSENGER")


def scenario(name: str, accounts: int, chats: int, per_chat: int) -> dict[str, Any]:
    """`accounts` accounts, one per provider in PROVIDERS' order (LinkedIn ones premium)."""
    return {
        "name": name,
        "seed": 11,
        "accounts": [
            {
                "id": f"seat-{n}",
                "provider": PROVIDERS[n % len(PROVIDERS)],
                **({"plan": "premium"} if n % len(PROVIDERS) == 0 else {}),
                "chats": {"generate": chats, "messages": {"min": per_chat, "max": per_chat}},
            }
            for n in range(accounts)
        ],
        "people": {"generate": 1000},
        "relations": {"per_account": 250},
        "behaviours": {"replies": {"probability": 0}},
    }


WORLDS = {
    "small (1,000 messages)": scenario("messages-small", 1, 2, 500),
    "large (1,000,000 messages)": scenario("messages-large", 5, 200, 1000),
}


# -- over HTTP ---------------------------------------------------------------------------------


def over_http(iterations: int, warmup: int) -> dict[str, dict[str, Any]]:
    from bench.bench_http import Server

    server = Server("bench.apps:simulator_app", cpu=None)
    try:
        client = Client(server.port)
        results: dict[str, dict[str, Any]] = {}
        for label, spec in WORLDS.items():
            started = time.perf_counter()
            key = client.call("POST", "/_sim/tenants", body={"scenario": spec})["api_key"]
            made_s = time.perf_counter() - started
            started = time.perf_counter()
            chat = client.call("GET", "/api/v1/chats?limit=1&account_type=LINKEDIN", key)["items"][0]
            first_touch_s = time.perf_counter() - started
            chat_path = f"/api/v1/chats/{chat['id']}/messages"
            messages = client.call("GET", f"{chat_path}?limit=250", key)["items"]
            middle = messages[len(messages) // 2]["timestamp"]
            calls = {
                "chat messages, first page": f"{chat_path}?limit=100",
                "chat messages, middle page": f"{chat_path}?{urlencode({'limit': 100, 'before': middle})}",
                "all messages, first page": "/api/v1/messages?limit=100",
                "chats, first page": "/api/v1/chats?limit=100",
            }
            if "large" in label:  # the same page in each other provider's chat
                for provider in PROVIDERS[1:]:
                    other = client.call("GET", f"/api/v1/chats?limit=1&account_type={provider}", key)
                    calls[f"{provider} chat messages, first page"] = (
                        f"/api/v1/chats/{other['items'][0]['id']}/messages?limit=100"
                    )
            for name, path in calls.items():
                expected = 2 if name.startswith("chats") and "small" in label else 100
                assert len(client.call("GET", path, key)["items"]) == expected, name
            results[label] = {
                "POST /_sim/tenants s": made_s,
                "first request (indexes built) s": first_touch_s,
            }
            for name, path in calls.items():
                results[label][name] = timed(
                    lambda path=path, key=key: client.call("GET", path, key), iterations, warmup
                )
            client.call("DELETE", f"/_sim/tenants/{key}")
        return results
    finally:
        server.stop()


# -- in-process ----------------------------------------------------------------------------------


def in_process(iterations: int, warmup: int) -> dict[str, dict[str, Any]]:
    import orjson

    from simulator.api.unipile.render_messaging import message_json
    from simulator.scenario.blueprint import compile_blueprint
    from simulator.scenario.build import build_world
    from simulator.scenario.loader import scenario_from_mapping
    from simulator.world.messaging import ChatQuery, MessageQuery
    from simulator.world.world import World

    results: dict[str, dict[str, Any]] = {}
    for label, spec in WORLDS.items():
        before = rss_bytes()
        started = time.perf_counter()
        loaded = scenario_from_mapping(spec)
        compile_blueprint(loaded)  # timed apart: build_world below reuses the compiled blueprint
        compile_s = time.perf_counter() - started
        compiled = rss_bytes()
        world = build_world(loaded, api_key="bench")
        started = time.perf_counter()
        count = len(world.messaging.inbox.messages)
        index_s = time.perf_counter() - started
        indexed = rss_bytes()
        chat = world.messaging.chats_page(ChatQuery(account_type="LINKEDIN"), None, 1)[0][0]

        def page(world: World = world, chat_id: str = chat.id) -> bytes:
            views, _ = world.messaging.chat_messages(chat_id, MessageQuery(), None, 100)
            return orjson.dumps([message_json(view) for view in views])

        results[label] = {
            "messages": count,
            "compile s": compile_s,
            "build indexes s": index_s,
            "shared history B/message": (compiled - before) / count,
            "world indexes B/message": (indexed - compiled) / count,
            "chat messages, first page": timed(page, iterations, warmup),
        }
        del world, loaded
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--no-http", action="store_true", help="in-process measurements only")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    load = os.getloadavg()
    print(
        f"# {os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.iterations} iterations after "
        f"{args.warmup} warm-up"
    )
    results: dict[str, Any] = {"in-process": in_process(args.iterations, args.warmup)}
    if not args.no_http:
        results["HTTP"] = over_http(args.iterations, args.warmup)

    small, large = WORLDS
    status = 0
    for where, worlds in results.items():
        print(f"\n## {where}\n")
        print("| measure | " + " | ".join(worlds) + " | large / small |")
        print("|---|" + "---:|" * (len(worlds) + 1))
        for name in worlds[small]:
            row = [worlds[label][name] for label in worlds]
            if isinstance(row[0], dict):
                cells = [f"{cell['median_ms']:.3f} ms (p90 {cell['p90_ms']:.3f})" for cell in row]
                ratio = row[1]["median_ms"] / row[0]["median_ms"]
                print(f"| {name} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
                if name.startswith("chat messages") and ratio > TARGET_RATIO:
                    status = 1
            else:
                cells = [f"{cell:,.0f}" if cell >= 100 else f"{cell:.2f}" for cell in row]
                print(f"| {name} | " + " | ".join(cells) + " | |")
        # The other providers' chats exist in the large world only: against the small world's
        # (LinkedIn) chat page.
        for name in [name for name in worlds[large] if name not in worlds[small]]:
            cell, base = worlds[large][name], worlds[small]["chat messages, first page"]
            ratio = cell["median_ms"] / base["median_ms"]
            print(
                f"| {name} | (LinkedIn's above) | {cell['median_ms']:.3f} ms "
                f"(p90 {cell['p90_ms']:.3f}) | {ratio:.2f}x |"
            )
            if ratio > TARGET_RATIO:
                status = 1
    memory = results["in-process"][large]
    per_message = memory["shared history B/message"] + memory["world indexes B/message"]
    verdict = "met" if per_message <= TARGET_BYTES_PER_MESSAGE else "MISSED"
    print(
        f"\nmemory: {per_message:.0f} B per message (target <= {TARGET_BYTES_PER_MESSAGE}): {verdict}"
    )
    if per_message > TARGET_BYTES_PER_MESSAGE:
        status = 1
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"loadavg": load, "results": results}, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main())
