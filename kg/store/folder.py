"""The store folder beside graph.ttl and graph.trig (``outputs/store/``): the union of the data
in the default graph (what queries read, fast) and, when asked, one named graph per source
document (as in graph.trig), with the statements' text index (``kg.store.texts``) in the
same folder. Commands open it read-only instead of parsing graph.ttl again.

A stamp beside the data names the documents loaded (by their cache key) and the size and
time of the graph.ttl and graph.trig it matches; a store whose stamp does not match those
files is not used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STORE = "store"
STAMP = "kaigi-kg-store.json"


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def files_stat(folder: Path) -> dict[str, list[int]] | None:
    """Size and time of graph.ttl and graph.trig in ``folder`` (None when one is missing)."""
    try:
        return {name: _stat(folder / name) for name in ("graph.ttl", "graph.trig")}
    except OSError:
        return None


def read_stamp(store: Path) -> dict | None:
    try:
        return json.loads((store / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_stamp(store: Path, stamp: dict) -> None:
    """Write ``stamp`` with the size and time of the text index as it is now: an index changed
    since (by hand, by another program) is not trusted to propose search rows."""
    stamp = {**stamp, "texts": texts_stat(store)}
    tmp = store / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, store / STAMP)


def texts_stat(store: Path) -> list[int] | None:
    from kg.store.texts import FILE
    try:
        return _stat(store / FILE)
    except OSError:
        return None


def texts_current(store: Path) -> bool:
    """Is the text index as the build that stamped the store left it?"""
    stamp = read_stamp(store) or {}
    return stamp.get("texts") is not None and stamp.get("texts") == texts_stat(store)


def has_graphs(store: Path) -> bool:
    return bool((read_stamp(store) or {}).get("graphs"))


def current_store(folder: Path) -> Path | None:
    """The store beside graph.ttl and graph.trig in ``folder``, if it holds exactly them."""
    store = folder / STORE
    stamp = read_stamp(store)
    if not stamp or stamp.get("dirty"):
        return None
    files = files_stat(folder)
    return store if files is not None and stamp.get("files") == files else None


def settled_store(folder: Path) -> Path | None:
    """The store in ``folder`` when a build finished it (stamped, not being changed), whether
    or not it matches the graph files now there."""
    store = folder / STORE
    stamp = read_stamp(store)
    return store if stamp and not stamp.get("dirty") else None


def open_read_only(store: Path):
    import pyoxigraph as ox
    return ox.Store.read_only(str(store))


def previous_docs(folder: Path, fingerprint: str, graphs: bool) -> dict[str, str] | None:
    """The documents (key → graph IRI) of a store this build can update in place; None when
    there is none, it was left half-changed, or the settings differ (then a new one is loaded)."""
    stamp = read_stamp(folder / STORE)
    if not stamp or stamp.get("dirty") or stamp.get("fingerprint") != fingerprint or \
            bool(stamp.get("graphs")) != graphs:
        return None
    return stamp.get("docs", {})


def make_stamp(folder: Path, docs: dict[str, str], fingerprint: str, graphs: bool) -> dict:
    """The stamp of a store of ``docs`` (key → graph IRI) beside the graph files in ``folder``."""
    return {"fingerprint": fingerprint, "docs": docs, "graphs": graphs,
            "files": files_stat(folder)}
