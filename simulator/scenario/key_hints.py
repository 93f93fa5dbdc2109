""""Did you mean": the keys a scenario accepts at a place in the document, read from the
scenario's models, and the nearest of them to a misspelt one."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel


def known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The keys accepted at `loc` (the path to a mapping) below `model`, by name and alias."""
    found: set[str] = set()
    for inner in _models_at(model, loc):
        for name, info in inner.model_fields.items():
            found.add(info.alias or name)
    return found


def nearest(key: str, candidates: set[str]) -> str | None:
    matches = difflib.get_close_matches(key, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _models_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[type[BaseModel]]:
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for candidate in current:
            for inner in _unwrapped(candidate):
                if isinstance(part, int):
                    origin = typing.get_origin(inner)
                    if origin in (list, tuple):
                        following += [a for a in typing.get_args(inner) if a is not Ellipsis]
                elif _is_model(inner) and part in inner.model_fields:
                    following.append(inner.model_fields[part].annotation)
                elif typing.get_origin(inner) is dict:
                    following.append(typing.get_args(inner)[1])
        current = following
    return [m for c in current for m in _unwrapped(c) if _is_model(m)]


def _unwrapped(annotation: Any) -> list[Any]:
    """An annotation's alternatives: Optional, unions and Annotated taken apart."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrapped(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [alt for arg in typing.get_args(annotation) for alt in _unwrapped(arg)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
