"""Find, parse and validate scenario files; a bad file names its file, line, key and reason."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from typing import Any

import yaml
from pydantic import ValidationError

from simulator.scenario.loaded import (
    LoadedScenario,
    ScenarioError,
    read_scenario_file,
    scenario_path,
    shipped_scenarios,
)
from simulator.scenario.schema import Scenario

__all__ = [
    "LoadedScenario",
    "ScenarioError",
    "load_scenario",
    "load_shipped_scenario",
    "loaded_scenario",
    "parse_scenario_text",
    "scenario_from_mapping",
    "shipped_scenarios",
]

_DOTTED_KEY = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)*$")


def load_shipped_scenario(name: str) -> LoadedScenario:
    """Only a shipped scenario, by name: what a network caller may ask for (never a file)."""
    shipped = shipped_scenarios()
    if name not in shipped:
        known = ", ".join(shipped) or "none"
        raise ScenarioError(f"scenario {name!r}: no such scenario (shipped: {known})")
    return load_scenario(str(shipped[name]))


def load_scenario(ref: str) -> LoadedScenario:
    """`ref` is a shipped scenario's name or a path to a YAML file."""
    path = scenario_path(ref)
    return parse_scenario_text(read_scenario_file(path), str(path))


# libyaml's parser when PyYAML was built with it (a tenth of the pure-Python parser's time at
# start-up): the same nodes and marks; a broken file is parsed again for the detailed message.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=64)
def parse_scenario_text(text: str, source: str) -> LoadedScenario:
    """Cached by content: making a world from a file parses its YAML once, not every time."""
    root = None
    loader = _YAML_LOADER(text)
    try:  # parsed once: the nodes give the lines, the same nodes give the data
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        error = _detailed(text, error)
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioError(f"{source}{where}: invalid YAML: {reason}") from error
    except ValueError as error:  # a scalar YAML reads as a date but is none: 2026-13-45
        line, key = _unreadable_scalar(root) or (None, ())
        where = f":{line}" if line is not None else ""
        named = ".".join(map(str, key))
        raise ScenarioError(
            f"{source}{where}: {named + ': ' if named else ''}invalid YAML value: {error}"
            + (" (quote it to keep it text)" if named else "")
        ) from error
    finally:
        loader.dispose()
    lines = _line_numbers(root) if root is not None else {}
    return _validate(data, source, lines)


def _detailed(text: str, error: yaml.YAMLError) -> yaml.YAMLError:
    """The pure-Python parser's account of a broken file: libyaml's omits the culprit
    ("found character that cannot start any token", without the tab it found)."""
    if _YAML_LOADER is yaml.SafeLoader:
        return error
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as detailed:
        return detailed
    return error


def scenario_from_mapping(data: Any, source: str = "<inline>") -> LoadedScenario:
    return _validate(data, source, {})


def _validate(data: Any, source: str, lines: dict[tuple, int]) -> LoadedScenario:
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: a scenario is a mapping of keys (name, accounts, …)")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = sorted(
            (_describe(issue, source, lines) for issue in error.errors()),
            key=lambda problem: problem[0],
        )  # in the file's order
        raise ScenarioError("\n".join(text for _, text in problems)) from None
    return loaded_scenario(scenario, source)


def loaded_scenario(scenario: Scenario, source: str = "<inline>") -> LoadedScenario:
    """A scenario already validated (an inline one in a request body), with its fingerprint."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    fingerprint = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return LoadedScenario(scenario, source, fingerprint)


def _describe(issue: dict[str, Any], source: str, lines: dict[tuple, int]) -> tuple[int, str]:
    """(the line, or 0 when unknown; `file:line: key: reason`)."""
    loc = tuple(part for part in issue["loc"] if not _is_union_tag(part))
    reason = issue["msg"]
    if issue["type"] == "extra_forbidden":
        from simulator.scenario.key_hints import known_keys, nearest  # difflib: only for mistakes

        reason = "unknown key"
        guess = nearest(str(loc[-1]), known_keys(Scenario, loc[:-1])) if loc else None
        if guess is not None:
            reason += f" (did you mean {guess!r}?)"
    elif issue["type"] == "value_error":
        # Whole-scenario checks name their key in the message: "timeline.0.plan.account: ...".
        reason = reason.removeprefix("Value error, ")
        named, _, rest = reason.partition(": ")
        if rest and _DOTTED_KEY.match(named):
            loc += tuple(int(part) if part.isdigit() else part for part in named.split("."))
            reason = rest
    key = ".".join(str(part) for part in loc) or "(top level)"
    line = None
    for depth in range(len(loc), -1, -1):
        line = lines.get(loc[:depth])
        if line is not None:
            break
    where = f":{line}" if line is not None else ""
    return line or 0, f"{source}{where}: {key}: {reason}"


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the tried union member (e.g. `literal['a']`) to the location; not a key.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "datetime"})


def _unreadable_scalar(
    node: yaml.Node | None, path: tuple = ()
) -> tuple[int, tuple] | None:
    """(line, key path) of the first scalar PyYAML cannot construct (a timestamp out of
    range), or None."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader(" ").construct_object(node, deep=True)
        except ValueError:
            return node.start_mark.line + 1, path
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            found = _unreadable_scalar(key_node, path) or _unreadable_scalar(
                value_node, path + (key_node.value,)
            )
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _unreadable_scalar(item, path + (index,))
            if found:
                return found
    return None


def _line_numbers(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path of the document to its 1-based line."""
    found = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            found.update(_line_numbers(value_node, child))
            found[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.update(_line_numbers(item, path + (index,)))
    return found
