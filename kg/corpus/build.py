"""``kg build`` on a corpus: every core, only what changed, and memory that does not grow
with the corpus.

1. Read, parse and identify each summary whose parsed entry is not in the cache (workers);
   each gives the names outside the gazetteer it uses.
2. Learn those names in corpus order; give each meeting its IRI key.
3. Build each summary's triples whose document entry is not in the cache (workers) and write
   its pieces (``kg.rdf.pieces``): the Turtle of its own nodes, its named graph, its shared
   records, its store input. While they come, a new store is loaded on a thread.
4. Merge the shared records (small: people, bodies, themes), write graph.ttl from them and the
   documents' blocks, graph.trig from the named graphs (staged, swapped in together).
5. Bring the store up to date; drop cache entries nobody used.
A document's triples depend only on its file, its meeting key and the learned names it uses,
so an incremental build writes the same bytes as a full one.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import atomic_files, exclusive, settle
from kg.corpus import reading
from kg.corpus.cache import CACHE, Cache, Parsed, digest
from kg.corpus.documents import COUNTED, build_documents, corpus_tallies
from kg.corpus.people import corpus_people
from kg.corpus.settings import BuildSettings, Workspace
from kg.corpus.shared import SharedRecords
from kg.corpus.steps import (
    ONTOLOGY_GRAPH,
    mention_extractor,
    ontology_graph,
    source_roots,
    theme_scheme,
    unique_keys,
)
from kg.errors import InputError, StoreDamaged
from kg.extract.themes import load_theme_graph
from kg.parse.councils import load_councils
from kg.people.decisions import decisions_in
from kg.rdf.iri import Minter
from kg.rdf.pieces import type_of, write_trig, write_ttl
from kg.rdf.records import nt_line, records
from kg.rdf.write import trig_block
from kg.store.folder import STORE, files_stat, previous_docs
from kg.store.loader import Loader
from kg.store.update import plan as store_plan
from kg.store.update import update as update_store

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class CorpusBuild:
    """What a corpus build did, for the command's report."""

    output: Path
    parsed: list[Parsed]
    failures: list[InputError]
    counts: dict[str, int]
    reused: int = 0  # summaries whose document entry came from the cache
    store: str = "none"  # full, updated, none
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds a stage
    notes: list[str] = field(default_factory=list)  # what the build found and mended (a damaged store)


def build_corpus(paths, out_dir: str | Path = "outputs", settings: BuildSettings | None = None, *,
                 progress: Progress | None = None, **options) -> CorpusBuild:
    """Build ``paths`` into ``out_dir`` with ``settings`` (or a ``BuildSettings`` of ``options``)."""
    settings = settings or BuildSettings(**options)
    out_dir = Path(out_dir)
    fresh = not out_dir.exists()
    with exclusive(out_dir):  # one build at a time in a folder: a second one is refused
        try:
            try:
                return _build(paths, out_dir, settings, progress)
            except StoreDamaged as exc:  # graph files are written: the store is loaded anew from them
                shutil.rmtree(out_dir / STORE, ignore_errors=True)
                result = _build(paths, out_dir, settings, progress)
                result.notes.append(str(exc))
                return result
        except BaseException:
            if fresh:  # a first build that failed leaves no folder behind (not even its cache)
                shutil.rmtree(out_dir, ignore_errors=True)
            raise


def _build(paths, out_dir: Path, settings: BuildSettings, progress: Progress | None) -> CorpusBuild:
    note = progress or (lambda stage, done, total: None)
    clock = _Clock()
    theme_graph = load_theme_graph(settings.themes)
    extractor = mention_extractor(settings.gazetteer, theme_graph)
    councils_table = load_councils(settings.councils)  # each of the three reports its own bad file
    fingerprint = settings.fingerprint()
    cache = Cache(out_dir / CACHE)
    if settings.full:
        cache.clear()
    ws = Workspace(extractor=extractor, councils=councils_table, cache=cache, minter=Minter(settings.base))
    jobs, store, store_graphs = settings.jobs, settings.store, settings.store_graphs

    decisions = decisions_in(source_roots(paths))  # a bad people.toml stops the build before any work
    parsed, failures = reading.parse_all(list(paths), fingerprint, ws, jobs, note)
    clock.lap("read")
    if settings.strict and failures:
        raise failures[0]
    if not parsed:
        if len(failures) == 1:
            raise failures[0]
        raise InputError("no file could be read:\n  " + "\n  ".join(map(str, failures)))
    for p in parsed:
        extractor.adopt(p.learned)
    keys = unique_keys([(p.series, p.meeting_key, p.sha256) for p in parsed])
    key_of = {p.key: k for p, k in zip(parsed, keys)}  # the meeting key of each, after some are left out

    previous = previous_docs(out_dir, fingerprint, store_graphs) if store else None
    loader = Loader(out_dir, store_graphs) if store and previous is None else None
    try:
        docs, reused, metas, unbuilt = build_documents(parsed, keys, ws, jobs, note, loader)
        if unbuilt:  # reported like a file that could not be read; the others build
            if settings.strict:
                raise unbuilt[0]
            failures = [*failures, *unbuilt]
            left_out = {f.path for f in unbuilt}
            parsed = [p for p in parsed if str(p.path) not in left_out]
        tally_doc, tally_meta = corpus_tallies(docs, cache, ws.minter, loader)
        docs.update(tally_doc)  # documents of their own: the store plans them alike
        metas.update(tally_meta)
        people_doc, people_meta = corpus_people(parsed, [key_of[p.key] for p in parsed], cache, ws.minter,
                                                decisions, loader)
        docs.update(people_doc)
        metas.update(people_meta)
        clock.lap("documents")
        plan = store_plan(previous, docs, cache) if previous is not None else None
        if previous is not None and plan is None:  # the cache lost what the store had: anew
            loader = Loader(out_dir, store_graphs)
            for k, graph in docs.items():
                loader.add_document(cache, k, graph)
        counts, shared_now = _write(out_dir, docs, metas, cache, theme_graph, loader, plan, note)
        clock.lap("graph files")
        if loader:
            note("store", 0, 1)
            loader.finish(docs, fingerprint)
        elif plan is not None:
            update_store(out_dir, plan, docs, fingerprint, cache, shared_now)
        clock.lap("store")
    except BaseException:
        if loader:
            loader.abandon()
        raise
    cache.save_stamps()  # once the build has succeeded: a failed first build leaves no cache behind
    cache.prune()
    settle()  # the old graph files were unlinked while the store was brought up to date
    return CorpusBuild(out_dir / "graph.ttl", parsed, failures, counts, reused,
                       store="full" if loader else "updated" if plan is not None else "none",
                       warnings=[f"{p.path}: {w}" for p in parsed for w in p.warnings], timings=clock.laps)


def _write(out_dir: Path, docs: dict[str, str], metas: dict[str, dict], cache: Cache, theme_graph, loader, plan,
           note):
    """graph.ttl and graph.trig from the documents' pieces and the merged shared records;
    (counts, the watched shared records still there)."""
    scheme = theme_scheme(theme_graph)
    themes_recs, ontology_recs = records(scheme), records(ontology_graph(scheme))
    # Document keys name their contents, so the same keys and rules make the same bytes: files
    # that are as the last build left them stay (4 s of a 10,000-meeting build that changed
    # nothing). A new store is loaded from what is written, so it always writes.
    made_of = digest(list(docs), themes_recs, ontology_recs)
    last = cache.last_written()
    if loader is None and last.get("of") == made_of and last.get("files") == files_stat(out_dir):
        return last["counts"], set()  # no document removed, so no shared record to watch
    counts: Counter[str] = Counter()
    for meta in metas.values():
        counts.update(meta["counts"])
    watched = plan.shared_before if plan is not None else set()
    shared_now: set[str] = set()

    def shared():
        batch: list[str] = []
        for rec in SharedRecords(cache).stream(list(docs), themes_recs):
            counts["triples"] += 1
            kind = COUNTED.get(type_of(rec))
            if kind:
                counts[kind] += 1
            if rec in watched:
                shared_now.add(rec)
            if loader:
                batch.append(nt_line(rec))
                if len(batch) >= 50_000:
                    loader.add(batch)
                    batch = []
            yield rec
        if loader:
            loader.add(batch)

    ttl, trig = out_dir / "graph.ttl", out_dir / "graph.trig"
    with atomic_files([ttl, trig]) as out:
        blocks = [(metas[k]["meeting"], cache.document_path(k, ".ttl")) for k in docs if metas[k]["meeting"]]
        write_ttl(out[ttl], blocks, shared())
        ontology = trig_block(ontology_recs, str(ONTOLOGY_GRAPH))
        write_trig(out[trig], [(g, cache.document_path(k, ".trig")) for k, g in docs.items()]
                   + [(str(ONTOLOGY_GRAPH), ontology)])
        note("write", counts["triples"], 0)
    if loader:
        loader.add_graph(ontology)
    totals = {k: counts.get(k, 0) for k in ("meetings", "people", "turns", "statements", "triples")}
    cache.remember_written({"of": made_of, "counts": totals, "files": files_stat(out_dir)})
    return totals, shared_now


class _Clock:
    def __init__(self):
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.last, 2)
        self.last = now
