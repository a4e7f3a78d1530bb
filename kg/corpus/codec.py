"""Frozen dataclasses (``Minutes`` and what it holds, ``Parsed``) to JSON and back, led by
their type hints: what the build cache keeps instead of pickles, which run code when read.

Only the shapes the model uses are known: dataclasses, ``tuple[X, ...]`` and fixed tuples,
``X | None``, str, int, float, bool, Path, and dates and times (tagged, as JSON has none).
Anything else is a bug and says so when written, never silently later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from functools import cache
from pathlib import Path


def dumps(obj) -> bytes:
    return json.dumps(_encode(obj), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(data: bytes, cls: type):
    """The ``cls`` instance written by ``dumps``; ValueError or TypeError for any other text."""
    return _decode(json.loads(data), cls)


def _encode(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):
        return [_encode(x) for x in obj]
    if isinstance(obj, dt.datetime):  # before date: a datetime is a date too
        return {"datetime": obj.isoformat()}
    if isinstance(obj, dt.date):
        return {"date": obj.isoformat()}
    if isinstance(obj, Path):
        return obj.as_posix()
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot keep a {type(obj).__name__} in the cache")


@cache
def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def _decode(value, kind):
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if _is_when(value):  # dt.date | dt.datetime: the tag says which
            return _when(value)
        return _decode(value, options[0])
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise TypeError(f"expected a list, not {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0]) for v in value)
        if len(args) != len(value):
            raise ValueError(f"expected {len(args)} items, not {len(value)}")
        return tuple(_decode(v, a) for v, a in zip(value, args))
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        hints = _hints(kind)
        return kind(**{f.name: _decode(value[f.name], hints[f.name]) for f in dataclasses.fields(kind)
                       if f.name in value})
    if kind in (dt.date, dt.datetime) and _is_when(value):
        return _when(value)
    if kind is Path:
        return Path(value)
    if kind in (str, int, float, bool):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"expected {kind.__name__}, not {type(value).__name__}")
        return value
    raise TypeError(f"cannot read a {kind!r} from the cache")


def _is_when(value) -> bool:
    """A tagged date or time: one key, so a dataclass with a field named ``date`` is not one."""
    return isinstance(value, dict) and len(value) == 1 and ("date" in value or "datetime" in value)


def _when(value: dict) -> dt.date:
    if not isinstance(text := value.get("datetime", value.get("date")), str):
        raise TypeError("a date in the cache must be text")
    return dt.datetime.fromisoformat(text) if "datetime" in value else dt.date.fromisoformat(text)
