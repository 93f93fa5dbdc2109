"""LinkedIn posts and company pages in a 10,000-person network, in-process.

Posts are drawn per author when first read, so making a world must cost what it cost before
posts existed (issue 19: keep `default` fast; bench_worlds.py measures it). This measures, for
a scenario of one premium LinkedIn account and 10,000 generated people:

  compile          the blueprint (people drawn), once per (scenario, seed)
  create, reset    registry.create / registry.reset of the compiled scenario (median of N)
  first posts      a member's posts the first time they are read (drawn) and rendered
  posts again      the same list again (kept)
  post by id       GET /posts/{id} for a post nobody listed (the id names its author)
  first company    the first company page of a world (the employees index is built)
  company again    another company page

    python bench/bench_posts.py
    python bench/bench_posts.py --iterations 500
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SCENARIO = {
    "name": "posts-bench",
    "seed": 11,
    "accounts": [{"id": "li", "provider": "LINKEDIN", "plan": "premium"}],
    "people": {"generate": 10_000},
}


def timed(action, iterations: int) -> list[float]:
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()

    from simulator.api.unipile.companies import company_json
    from simulator.api.unipile.posts import post_body
    from simulator.registry import TenantRegistry
    from simulator.scenario.blueprint import compile_blueprint
    from simulator.scenario.loader import scenario_from_mapping

    loaded = scenario_from_mapping(SCENARIO)
    started = time.perf_counter()
    blueprint = compile_blueprint(loaded)
    compile_ms = (time.perf_counter() - started) * 1000
    registry = TenantRegistry()
    world = registry.create(loaded)
    key = world.api_key
    create = timed(lambda: registry.drop(registry.create(loaded).api_key), args.iterations)
    reset = timed(lambda: registry.reset(key), args.iterations)
    world = registry.get(key)
    assert world is not None

    people = blueprint.people.people
    step = len(people) // args.iterations
    members = [p.public_identifier for p in people[::step][: args.iterations]]

    def render_posts(identifier: str) -> None:
        posts = world.posts
        for post in posts.author_posts("li", identifier, False):
            post_body(world, None, post)

    first = []
    for member in members:
        started = time.perf_counter()
        render_posts(member)
        first.append((time.perf_counter() - started) * 1000)
    again = timed(lambda: render_posts(members[0]), args.iterations)
    some = next(p for m in members for p in world.posts.author_posts("li", m, False))
    fresh = registry.get(registry.create(loaded, seed=11).api_key)
    assert fresh is not None
    by_id = timed(lambda: fresh.posts.post("li", some.social_id), args.iterations)
    companies = blueprint.people.companies
    started = time.perf_counter()
    company_json(world.companies.page("li", companies[0].id))
    first_company = (time.perf_counter() - started) * 1000
    pages = world.companies
    company = timed(lambda: company_json(pages.page("li", companies[1].id)), args.iterations)

    def row(name: str, samples: list[float]) -> str:
        ordered = sorted(samples)
        p90 = ordered[int(len(ordered) * 0.9) - 1]
        return f"| {name} | {statistics.median(samples):.3f} | {p90:.3f} |"

    print(f"# {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{len(people):,} people, {args.iterations} iterations")
    print(f"compile (blueprint, people drawn): {compile_ms:.0f} ms")
    print("| measure | median ms | p90 ms |")
    print("|---|---:|---:|")
    for name, samples in (
        ("create world", create), ("reset world", reset),
        ("a member's posts, first read (drawn + rendered)", first),
        ("the same posts again", again), ("a post by its social id (author drawn on the first call)", by_id),
        ("another company page", company),
    ):  # fmt: skip
        print(row(name, samples))
    print(f"| first company page of a world (employees indexed) | {first_company:.3f} | |")


if __name__ == "__main__":
    main()
