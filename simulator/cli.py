"""The `unipile-sim` command: serve, list scenarios, check a scenario file."""

from __future__ import annotations

import argparse
import socket
import sys

from simulator import __version__
from simulator.app import CONTROL_PREFIX, POSTPRESS_PREFIX, UNIPILE_PREFIX, Settings, build_app
from simulator.scenario.loader import ScenarioError, load_scenario, shipped_scenarios


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unipile-sim", description="A local, stateful simulator of the Unipile API."
    )
    parser.add_argument("--version", action="version", version=f"unipile-sim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve one or more scenarios over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8787, help="0 picks a free port")
    serve.add_argument(
        "--scenario",
        action="append",
        dest="scenarios",
        metavar="NAME|FILE",
        help="a shipped scenario's name or a YAML file; repeat for several worlds "
        "(default: default)",
    )
    serve.add_argument("--seed", type=int, help="override the scenarios' seeds")
    serve.add_argument("--clock", choices=("frozen", "real"), help="override the clock mode")
    serve.add_argument("--log-level", default="warning")
    serve.set_defaults(run=_serve)

    listing = commands.add_parser("scenarios", help="list the shipped scenarios")
    listing.set_defaults(run=_scenarios)

    check = commands.add_parser("check", help="validate a scenario file")
    check.add_argument("file")
    check.set_defaults(run=_check)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings(scenarios=args.scenarios or ["default"], seed=args.seed, clock=args.clock)
    try:
        app = build_app(settings)
    except ScenarioError as error:
        print(f"unipile-sim: {error}", file=sys.stderr)
        return 2
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as error:
        print(f"unipile-sim: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    port = sock.getsockname()[1]
    base = f"http://{args.host}:{port}"
    print(f"unipile-sim {__version__} listening on {base}")
    print(f"  Unipile API    {base}{UNIPILE_PREFIX}")
    print(f"  Postpress API  {base}{POSTPRESS_PREFIX}")
    print(f"  Control plane  {base}{CONTROL_PREFIX}")
    for world in app.state.registry.worlds():
        blueprint = world.blueprint
        print(
            f"  Scenario {blueprint.name!r} (seed {blueprint.seed}, clock {world.clock.mode})"
            f"  X-API-KEY: {world.api_key}"
        )
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level=args.log_level, access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    for name in shipped_scenarios():
        try:
            description = load_scenario(name).scenario.description
        except ScenarioError as error:
            description = f"(invalid: {error})"
        print(f"{name:32} {description}")
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        loaded = load_scenario(args.file)
    except ScenarioError as error:
        print(error, file=sys.stderr)
        return 1
    scenario = loaded.scenario
    print(f"{loaded.source}: ok: scenario {scenario.name!r}, {len(scenario.accounts)} accounts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
