"""Push a built graph to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol: each
named graph of graph.trig (one per source document, the tallies, the ontology and themes) is
PUT to ``ENDPOINT?graph=IRI``, and graph.ttl (the union, each triple once) to
``ENDPOINT?default``; a PUT replaces, so a push never duplicates. What was pushed to an
endpoint is remembered by content hash (outputs/cache/pushed/), so a later push sends only
the graphs that changed and DELETEs those that are gone. The record is not trusted alone: a
graph it calls unchanged is sent again when the store no longer holds it (a GET of it answers
404 or nothing), the default graph when the store's is empty, so a store wiped and restarted
is filled again without ``--full``.

Queries then read the default graph, as they do here, and give the same rows. A store that
makes its default graph the union of the named graphs (Oxigraph's --union-default-graph)
would count a triple once per graph that has it: keep that off.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

PUSHED = Path("cache") / "pushed"
DEFAULT = "(default graph)"  # the record's name for the union sent as the default graph


@dataclass
class PushReport:
    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: int = 0  # sent although unchanged: the store had lost them


def _graphs(trig: Path):
    """(graph IRI, N-Triples bytes) of each named graph of a TriG file, in file order."""
    import pyoxigraph as ox
    current = None
    quads: list = []
    try:
        for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            if name != current and quads:
                yield current, ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)
                quads = []
            current = name
            quads.append(ox.Triple(q.subject, q.predicate, q.object))
    except SyntaxError as exc:
        raise KgError(f"cannot parse: {exc}", path=trig) from None
    if quads:
        yield current, ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES)


def _record_path(folder: Path, endpoint: str) -> Path:
    return folder / PUSHED / (hashlib.sha256(endpoint.encode("utf-8")).hexdigest()[:32] + ".json")


def _load_record(path: Path, endpoint: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("graphs", {}) if data.get("endpoint") == endpoint else {}


def _save_record(path: Path, endpoint: str, graphs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"endpoint": endpoint, "graphs": graphs}, ensure_ascii=False, sort_keys=True,
                              indent=0), encoding="utf-8")
    os.replace(tmp, path)


def push(folder: Path, endpoint: str, auth: tuple[str, str] | None = None, full: bool = False,
         timeout: float = 300.0, note: Callable[[str], None] = lambda s: None) -> PushReport:
    """Send what changed since the last push to ``endpoint`` (every graph with ``full``)."""
    import httpx

    from kg.query.remote import endpoint_url
    endpoint = endpoint_url(endpoint, "the graph store")
    trig = folder / "graph.trig"
    if not trig.is_file() or not (folder / "graph.ttl").is_file():
        raise KgError("no graph.ttl and graph.trig here: run kg build first", path=folder)
    record_path = _record_path(folder, endpoint)
    before = {} if full else _load_record(record_path, endpoint)
    now: dict[str, str] = {}
    report = PushReport()
    pushed = dict(before)
    try:
        with httpx.Client(auth=auth, timeout=timeout) as client:
            for graph, data in _graphs(trig):
                if graph is None:
                    continue  # graph.trig has no default graph: the union is the store's to make
                digest = hashlib.sha256(data).hexdigest()
                now[graph] = digest
                if before.get(graph) == digest:
                    if _held(client, endpoint, graph):
                        report.unchanged += 1
                        continue
                    report.missing += 1
                _send(client, "PUT", endpoint, graph, data)
                pushed[graph] = digest
                report.sent.append(graph)
                note(graph)
            for graph in sorted(set(before) - set(now) - {DEFAULT}):
                _send(client, "DELETE", endpoint, graph)
                pushed.pop(graph, None)
                report.deleted.append(graph)
            union = folder / "graph.ttl"
            digest = _file_digest(union)
            now[DEFAULT] = digest
            lost = before.get(DEFAULT) == digest and not _held(client, endpoint, None)
            report.missing += int(lost)
            if before.get(DEFAULT) != digest or lost:  # the union changes with any graph: sent whole
                with union.open("rb") as fh:
                    _send(client, "PUT", endpoint, None, fh, "text/turtle")
                pushed[DEFAULT] = digest
                report.sent.append(DEFAULT)
            else:
                report.unchanged += 1
    finally:  # what did reach the store is remembered, so that a retry goes on from there
        _save_record(record_path, endpoint, pushed)
    return report


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _held(client, endpoint: str, graph: str | None) -> bool:
    """Does the store still hold ``graph`` (None: the default graph) with something in it? Its
    first bytes are read and the rest left (HEAD would be cheaper, but Oxigraph answers a HEAD
    of a missing graph with a body, which breaks the connection). An answer that says neither
    yes nor no counts as no: sending again is always right."""
    import httpx
    params = {"graph": graph} if graph is not None else {"default": ""}
    try:
        with client.stream("GET", endpoint, params=params, headers={"Accept": "application/n-triples"}) as r:
            return r.status_code == 200 and any(chunk.strip() for chunk in r.iter_bytes())
    except httpx.HTTPError as exc:
        raise KgError(f"cannot reach the graph store {endpoint}: {exc}") from None


def _send(client, method: str, endpoint: str, graph: str | None, data=None,
          media: str = "application/n-triples") -> None:
    """One Graph Store request; ``graph`` None is the default graph."""
    import httpx
    params = {"graph": graph} if graph is not None else {"default": ""}
    try:
        r = client.request(method, endpoint, params=params, content=data,
                           headers={"Content-Type": media} if data is not None else {})
    except httpx.HTTPError as exc:
        raise KgError(f"cannot reach the graph store {endpoint}: {exc}") from None
    if method == "DELETE" and r.status_code == 404:
        return  # already gone
    if r.status_code >= 400:
        first = (r.text.strip().splitlines() or [""])[0][:300]
        hint = " (check --auth)" if r.status_code in (401, 403) else ""
        raise KgError(f"the graph store {endpoint} answered {r.status_code} to {method} "
                      f"{graph or 'the default graph'}{hint}: {first}")
