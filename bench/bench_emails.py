"""Email at scale: `GET /emails` and `GET /emails/{id}` in a mailbox of 100,000 emails against
the same calls in a mailbox of 1,000, and the memory an email costs.

Worlds (inline scenarios with generated mailboxes, made by POST /_sim/tenants; 1,000 generated
people in both, whom the threads are with):
  small   1 Gmail account (GOOGLE_OAUTH), mailbox of 1,000 emails
  large   1 Gmail account with 100,000 emails and 1 Outlook account with 100,000 emails
                                                                     = 200,000 emails

Over HTTP (a uvicorn subprocess with uvloop + httptools, one keep-alive http.client connection),
each call timed --iterations times (default 300) after --warmup (default 30), in both worlds,
for the Gmail account (and in the large world for the Outlook account too):
  list, first page              GET /emails?account_id=A&limit=100
  list, first page, meta_only   the same with meta_only=true
  list, middle page (cursor)    the cursor reached by following `cursor` half way down the mailbox
  list, middle page (before=)   limit=100&before=<the date of that middle page's first email>
  list, folder=INBOX            limit=100&folder=<the inbox's provider id>
  list, from= own address       limit=100&from=<the account's address> (what it sent)
  list, from= one person        limit=100&from=<one correspondent>: a few emails in the small
                                world, dozens in the large (not in the verdict: not the same page)
  ..., the small world's page size  the same with limit=<what the small world's page held>
  get by id                     GET /emails/{id} (an email of the middle page)
  get by provider id            GET /emails/{provider_id, URL-encoded}?account_id=A
  folders                       GET /folders?account_id=A
The first request to each mailbox builds its indexes over the compiled history (timed apart).
Target: the large world's median within 2x of the small one's for the list and get calls.

In-process, the list and get calls without HTTP (world + rendering + JSON), and memory: RSS
growth after compiling the large scenario (email records shared by every world of the
blueprint) and after building one world's mailbox indexes, per email.

    python bench/bench_emails.py
    python bench/bench_emails.py --iterations 500 --no-http
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
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.measure import Client, rss_bytes, timed  # noqa: E402

TARGET_RATIO = 2.0
LIMIT = 100
NAMES = {"GOOGLE_OAUTH": "Gmail", "OUTLOOK": "Outlook"}


def scenario(name: str, mailboxes: dict[str, int]) -> dict[str, Any]:
    """One account per provider in `mailboxes`, with that many generated emails."""
    return {
        "name": name,
        "seed": 11,
        "accounts": [
            {"id": NAMES[provider].lower(), "provider": provider, "mailbox": {"generate": count}}
            for provider, count in mailboxes.items()
        ],
        "people": {"generate": 1000},
        "behaviours": {"replies": {"probability": 0}},
    }


WORLDS = {
    "small (1,000 emails)": scenario("emails-small", {"GOOGLE_OAUTH": 1_000}),
    "large (Gmail 100,000 + Outlook 100,000 emails)": scenario(
        "emails-large", {"GOOGLE_OAUTH": 100_000, "OUTLOOK": 100_000}
    ),
}


def process_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- over HTTP ---------------------------------------------------------------------------------


def mailbox_calls(
    client: Client, key: str, account_id: str, count: int, person_limit: int | None
) -> tuple[dict[str, str], dict[str, Any]]:
    """The paths to time for one mailbox of `count` emails (already indexed), and what was
    found on the way: the middle page's depth, the emails of the from= person pages.
    `person_limit`: the page size of the same-size from= person call (None: what the
    limit=100 page holds, i.e. the small world's)."""
    base = "/api/v1/emails?" + urlencode({"account_id": account_id, "limit": LIMIT})
    first = client.call("GET", base, key)["items"]
    folders = client.call("GET", f"/api/v1/folders?account_id={account_id}", key)["items"]
    inbox = next(f["provider_id"] for f in folders if f["role"] == "inbox")
    own = next(e["from_attendee"]["identifier"] for e in first if e["role"] == "sent")
    person = next(e["from_attendee"]["identifier"] for e in first if e["role"] != "sent")
    # Half way down the mailbox by its cursor (meta_only: the cursor does not carry it).
    cursor, pages = None, count // 2 // LIMIT
    for _ in range(pages):
        path = f"{base}&meta_only=true" + (f"&{urlencode({'cursor': cursor})}" if cursor else "")
        cursor = client.call("GET", path, key)["cursor"]
    middle_cursor = "/api/v1/emails?" + urlencode({"account_id": account_id, "cursor": cursor})
    email = client.call("GET", middle_cursor, key)["items"][0]
    by_person = f"{base}&{urlencode({'from': person})}"
    theirs = len(client.call("GET", by_person, key)["items"])
    found: dict[str, Any] = {
        "middle page: emails above it": pages * LIMIT,
        "from= one person: emails on the limit=100 page": theirs,
    }
    person_limit = theirs if person_limit is None else person_limit
    same_size = "/api/v1/emails?" + urlencode(
        {"account_id": account_id, "limit": person_limit, "from": person}
    )
    calls = {
        "list, first page": base,
        "list, first page, meta_only": f"{base}&meta_only=true",
        "list, middle page (cursor)": middle_cursor,
        "list, middle page (before=)": f"{base}&{urlencode({'before': email['date']})}",
        "list, folder=INBOX": f"{base}&{urlencode({'folder': inbox})}",
        "list, from= own address": f"{base}&{urlencode({'from': own})}",
        "list, from= one person, limit=100": by_person,
        "list, from= one person, the small world's page size": same_size,
        "get by id": f"/api/v1/emails/{email['id']}",
        "get by provider id": (
            f"/api/v1/emails/{quote(email['provider_id'], safe='')}?account_id={account_id}"
        ),
        "folders": f"/api/v1/folders?account_id={account_id}",
    }
    for name, path in calls.items():
        body = client.call("GET", path, key)
        if name.startswith("list"):
            items = body["items"]
            expected = LIMIT if "one person" not in name else len(items)
            assert items and len(items) == expected, (name, len(items))
        elif name.startswith("get"):
            assert body["id"] == email["id"], name
    return calls, found


def over_http(iterations: int, warmup: int) -> dict[str, dict[str, Any]]:
    """Both worlds are made and indexed first; then each call is timed in one world, then
    the other, back to back (other work on the machine then moves both alike)."""
    from bench.bench_http import Server

    server = Server("bench.apps:simulator_app", cpu=None)
    try:
        client = Client(server.port)
        results: dict[str, dict[str, Any]] = {label: {} for label in WORLDS}
        keys: dict[str, str] = {}
        calls: dict[str, dict[str, str]] = {}
        person_limit: int | None = None
        for label, spec in WORLDS.items():
            rss = process_rss_mib(server.process.pid)
            started = time.perf_counter()
            keys[label] = key = client.call("POST", "/_sim/tenants", body={"scenario": spec})[
                "api_key"
            ]
            results[label]["POST /_sim/tenants s"] = time.perf_counter() - started
            # The first read of each mailbox builds its indexes: before anything else reads
            # (GET /emails/{id} without account_id indexes every mailbox of the world).
            for n, account in enumerate(spec["accounts"]):
                prefix = "" if n == 0 else f"{NAMES[account['provider']]}: "
                path = f"/api/v1/emails?account_id={account['id']}&limit={LIMIT}"
                started = time.perf_counter()
                client.call("GET", path, key)
                results[label][f"{prefix}first request (indexes built) s"] = (
                    time.perf_counter() - started
                )
            results[label]["server RSS growth, world made and indexed (MiB)"] = (
                process_rss_mib(server.process.pid) - rss
            )
            calls[label] = {}
            for n, account in enumerate(spec["accounts"]):
                # The first account's rows are the ones compared; the others are prefixed.
                prefix = "" if n == 0 else f"{NAMES[account['provider']]}: "
                paths, found = mailbox_calls(
                    client, key, account["id"], account["mailbox"]["generate"], person_limit
                )
                if person_limit is None:
                    person_limit = found["from= one person: emails on the limit=100 page"]
                results[label] |= {f"{prefix}{name}": value for name, value in found.items()}
                calls[label] |= {f"{prefix}{name}": path for name, path in paths.items()}
        names = list(dict.fromkeys(name for paths in calls.values() for name in paths))
        for name in names:
            for label in WORLDS:
                if name in calls[label]:
                    path, key = calls[label][name], keys[label]
                    results[label][name] = timed(
                        lambda path=path, key=key: client.call("GET", path, key),
                        iterations,
                        warmup,
                    )
        for key in keys.values():
            client.call("DELETE", f"/_sim/tenants/{key}")
        return results
    finally:
        server.stop()


# -- in-process ----------------------------------------------------------------------------------


def in_process(iterations: int, warmup: int) -> dict[str, dict[str, Any]]:
    import orjson

    from simulator.api.unipile.render_email import email_json
    from simulator.scenario.blueprint import compile_blueprint
    from simulator.scenario.build import build_world
    from simulator.scenario.loader import scenario_from_mapping
    from simulator.world.emails import EmailQuery
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
        count = sum(len(world.mail.mailbox(a["id"]).emails) for a in spec["accounts"])
        index_s = time.perf_counter() - started
        indexed = rss_bytes()
        account = spec["accounts"][0]
        account_id, account_type = account["id"], account["provider"]
        half = len(world.mail.mailbox(account_id).emails) // 2 + 1
        email_id = world.mail.page(account_id, EmailQuery(), None, half)[0][-1].email.id

        def page(world: World = world, meta_only: bool = False) -> bytes:
            views, _ = world.mail.page(account_id, EmailQuery(), None, LIMIT)
            return orjson.dumps([email_json(v, account_type, meta_only) for v in views])

        def get(world: World = world) -> bytes:
            return orjson.dumps(email_json(world.mail.email(email_id), account_type))

        results[label] = {
            "emails": count,
            "compile s": compile_s,
            "build indexes s": index_s,
            "shared records B/email": (compiled - before) / count,
            "world indexes B/email": (indexed - compiled) / count,
            "list, first page": timed(page, iterations, warmup),
            "list, first page, meta_only": timed(lambda: page(meta_only=True), iterations, warmup),
            "get by id": timed(get, iterations, warmup),
        }
        del world, loaded
    return results


def compared(name: str) -> bool:
    """The calls the target is about: list and get, the same page in both worlds."""
    return name.startswith(("list", "get")) and not name.endswith("limit=100")


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
    missed: list[str] = []
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
                if compared(name) and ratio > TARGET_RATIO:
                    missed.append(f"{where}: {name} {ratio:.2f}x")
            else:
                cells = [f"{cell:,.0f}" if cell >= 100 else f"{cell:.2f}" for cell in row]
                print(f"| {name} | " + " | ".join(cells) + " | |")
        # The Outlook mailbox is in the large world only: against the small world's Gmail rows.
        for name in [name for name in worlds[large] if name not in worlds[small]]:
            cell = worlds[large][name]
            base_name = name.split(": ", 1)[1]
            if not isinstance(cell, dict):
                text = f"{cell:,.0f}" if cell >= 100 else f"{cell:.2f}"
                print(f"| {name} | | {text} | |")
                continue
            ratio = cell["median_ms"] / worlds[small][base_name]["median_ms"]
            print(
                f"| {name} | (Gmail's above) | {cell['median_ms']:.3f} ms "
                f"(p90 {cell['p90_ms']:.3f}) | {ratio:.2f}x |"
            )
            if compared(base_name) and ratio > TARGET_RATIO:
                missed.append(f"{where}: {name} {ratio:.2f}x")
    memory = results["in-process"][large]
    per_email = memory["shared records B/email"] + memory["world indexes B/email"]
    print(
        f"\nmemory (large world): {memory['shared records B/email']:.0f} B per email of shared "
        f"records + {memory['world indexes B/email']:.0f} B of one world's indexes = "
        f"{per_email:.0f} B per email"
    )
    print(f"target (list and get within {TARGET_RATIO:g}x): " + ("met" if not missed else "MISSED"))
    for line in missed:
        print(f"  {line}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"loadavg": load, "results": results}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
