"""The `unipile-sim` command: serve, list scenarios, check a scenario file."""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import sys

# The simulator uses no pydantic plugin, and looking for them reads the entry points of every
# installed distribution when the first model is made (a fortieth of a second at start-up).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from simulator import __version__, contract_options  # noqa: E402
from simulator.gc_tuning import paused_collector  # noqa: E402

CONTROL_TOKEN_ENV = "UNIPILE_SIM_CONTROL_TOKEN"
SCENARIO_ENV = "UNIPILE_SIM_SCENARIO"
SEED_ENV = "UNIPILE_SIM_SEED"
STRICT_ENV = "UNIPILE_SIM_STRICT"
STATE_FILE_ENV = "UNIPILE_SIM_STATE_FILE"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
with paused_collector(freeze=True):  # modules and classes live as long as the process
    from simulator.app import (
        CONTROL_PREFIX,
        POSTPRESS_PREFIX,
        UNIPILE_PREFIX,
        Settings,
        build_app,
    )
    from simulator.console import LOG_FORMATS, Console
    from simulator.pages.inspector.routes import PREFIX as INSPECTOR_PREFIX
    from simulator.persistence.framing import StateFileError
    from simulator.persistence.state_log import StateLog
    from simulator.scenario.compiled_cache import default_cache_dir
    from simulator.scenario.loaded import ScenarioError, shipped_scenarios


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
    serve.add_argument("--log-level", default="warning", help="uvicorn's own log level")
    serve.add_argument(
        "--quiet",
        action="store_true",
        help="print only the banner: no line per request, webhook attempt or fired event",
    )
    serve.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="the console's lines as text (default) or as one JSON object a line",
    )
    serve.add_argument(
        "--strict",
        action="store_true",
        help="check every API response against contracts/; a drift answers 500 naming it",
    )
    serve.add_argument(
        "--control-token",
        default=os.environ.get(CONTROL_TOKEN_ENV),
        help=f"required on every /_sim call and inspector page (env {CONTROL_TOKEN_ENV}); "
        "made up and printed when listening beyond loopback without one",
    )
    serve.add_argument(
        "--state-file",
        default=os.environ.get(STATE_FILE_ENV) or None,
        metavar="PATH",
        help=f"keep every world in PATH across restarts, kill -9 included (env {STATE_FILE_ENV});"
        " a file with worlds is resumed, and --scenario is then unused",
    )
    serve.add_argument(
        "--state-fsync",
        action="store_true",
        help="flush each state record to the disk too (survives a machine crash; slower writes)",
    )
    serve.set_defaults(run=_serve)

    listing = commands.add_parser("scenarios", help="list the shipped scenarios")
    listing.set_defaults(run=_scenarios)

    schema = commands.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.set_defaults(run=_schema)

    check = commands.add_parser("check", help="validate a scenario file")
    check.add_argument("file")
    check.set_defaults(run=_check)

    contract = commands.add_parser(
        "contract-test",
        help="run the schemathesis contract checks against any running server",
        description="Run the checks of tests/contract against the server at --url; exit 0 when "
        "every check passed, 1 otherwise. Needs the test extra: pip install "
        "'/path/to/unipile-sim[test]' (see the README).",
    )
    contract.add_argument(
        "--url", required=True, help="the server's root, e.g. http://127.0.0.1:8787"
    )
    contract.add_argument("--api-key", required=True, help="sent as X-API-KEY")
    contract.add_argument(
        "--contract",
        default="unipile",
        metavar="NAME|FILE|URL",
        help=f"a bundled contract ({', '.join(contract_options.CONTRACTS)}) or any OpenAPI "
        "document: a file, or a URL such as your DSN's /api-json",
    )
    contract.add_argument(
        "--max-examples",
        type=int,
        default=contract_options.DEFAULT_MAX_EXAMPLES,
        help="generated cases per operation (besides the contract's examples and coverage cases)",
    )
    contract.add_argument("--seed", type=int, default=contract_options.DEFAULT_SEED)
    contract.add_argument(
        "--stateful-scenarios",
        type=int,
        default=contract_options.DEFAULT_STATEFUL_SCENARIOS,
        metavar="N",
        help="scenarios of calls chained by the document's OpenAPI links, after the operations "
        "(default %(default)s; 0 leaves the stateful phase out)",
    )
    contract.add_argument(
        "--operation",
        action="append",
        dest="operations",
        metavar="'METHOD /path'",
        help="test only this operation, as the contract spells it (repeatable; default: all)",
    )
    contract.set_defaults(run=_contract_test)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    try:
        scenarios, seed, strict = _from_environment(args)
    except ValueError as error:
        print(f"unipile-sim: {error}", file=sys.stderr)
        return 2
    settings = Settings(
        scenarios=scenarios,
        seed=seed,
        clock=args.clock,
        strict=strict,
        tune_gc=True,
        console=None if args.quiet else Console(args.log_format),
        control_token=_control_token(args),
        state_file=args.state_file,
        state_fsync=args.state_fsync,
        compiled_cache=default_cache_dir(),
        keep_compiled_later=True,
    )
    try:
        with paused_collector():
            app = build_app(settings)
    except (ScenarioError, StateFileError) as error:
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
    print(f"  Inspector      {base}{INSPECTOR_PREFIX}  (open a world from the list)")
    for world in app.state.registry.worlds():
        blueprint = world.blueprint
        print(
            f"  Scenario {blueprint.name!r} (seed {blueprint.seed}, clock {world.clock.mode})"
            f"  X-API-KEY: {world.api_key}"
        )
    if settings.state_file is not None:
        print(f"  State file     {_state_line(app.state.registry.state_log)}")
    if settings.strict:
        print("  Strict mode: a response that drifts from contracts/ answers 500 naming the drift")
    if settings.control_token:
        shown = settings.control_token if args.control_token is None else "(the one given)"
        print(f"  Control token  {shown}  (X-Control-Token on /_sim; the inspector asks once)")
    sys.stdout.flush()
    from simulator.server_protocol import GuardedHttpToolsProtocol

    # Half-sent requests are cut (a deadline on the head; the body's is BodyGuard's).
    config = uvicorn.Config(
        app, log_level=args.log_level, access_log=False, http=GuardedHttpToolsProtocol
    )
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _state_line(state_log: StateLog) -> str:
    line = f"{state_log.path} ({state_log.resumed_records} records replayed)"
    if state_log.torn_bytes:
        line += (
            f"; a torn last record ({state_log.torn_bytes} bytes: a write never answered) "
            "was dropped"
        )
    return line


def _from_environment(args: argparse.Namespace) -> tuple[list[str], int | None, bool]:
    """(scenarios, seed, strict): the command line's, else the environment's (a container is
    configured by its environment: UNIPILE_SIM_SCENARIO, comma-separated names or files;
    UNIPILE_SIM_SEED; UNIPILE_SIM_STRICT=1)."""
    scenarios = args.scenarios or [
        ref.strip() for ref in os.environ.get(SCENARIO_ENV, "").split(",") if ref.strip()
    ] or ["default"]
    seed = args.seed
    raw_seed = os.environ.get(SEED_ENV, "").strip()
    if seed is None and raw_seed:
        if not raw_seed.lstrip("-").isascii() or not raw_seed.lstrip("-").isdigit():
            raise ValueError(f"{SEED_ENV}: an integer, got {raw_seed!r}")
        seed = int(raw_seed)
    raw_strict = os.environ.get(STRICT_ENV, "").strip().lower()
    if raw_strict not in ("", "0", "1", "false", "true", "no", "yes"):
        raise ValueError(f"{STRICT_ENV}: 1 or 0 (true or false), got {raw_strict!r}")
    return scenarios, seed, args.strict or raw_strict in ("1", "true", "yes")


def _control_token(args: argparse.Namespace) -> str | None:
    """The token given, or one made up when the server listens beyond loopback: anyone who can
    reach the port could otherwise create and drop worlds."""
    if args.control_token:
        return str(args.control_token)
    if args.host in LOOPBACK_HOSTS:
        return None
    return secrets.token_urlsafe(24)


def _scenarios(args: argparse.Namespace) -> int:
    from simulator.scenario.loader import load_scenario

    for name in shipped_scenarios():
        try:
            description = load_scenario(name).scenario.description
        except ScenarioError as error:
            description = f"(invalid: {error})"
        print(f"{name:32} {description}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from simulator.scenario.jsonschema import scenario_json_schema_text

    sys.stdout.write(scenario_json_schema_text())
    return 0


def _contract_test(args: argparse.Namespace) -> int:
    # The harness (and schemathesis) is imported only here, when the command runs.
    from simulator import contract_test

    return contract_test.main(
        args.url, args.api_key, args.contract, args.max_examples, args.seed,
        args.operations or (), args.stateful_scenarios,
    )  # fmt: skip


def _check(args: argparse.Namespace) -> int:
    from simulator.scenario.loader import load_scenario

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
