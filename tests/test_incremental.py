"""Corpus builds: a second build redoes only what changed and writes the same bytes, and the
same store, as a full build of the same files; queries open the store; aggregates read the
tallies kept at build time and give the rows they gave when computed from statements."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from corpus import make_corpus
from helpers import ROOT

from kg.corpus.build import build_corpus
from kg.store.folder import current_store

FAMILIES = ROOT / "tests" / "fixtures" / "families"


def _corpus(folder: Path, n: int = 10) -> Path:
    folder.mkdir(parents=True)
    make_corpus(folder, n)
    for f in ("pref-gaiyo-fullnames.txt", "city-kekka-oshirase.txt"):
        shutil.copy(FAMILIES / f, folder / f)
    return folder


def _quads(folder: Path) -> set[str]:
    import pyoxigraph as ox
    store = ox.Store.read_only(str(folder / "store"))
    return {str(q) for q in store}


def _same(a: Path, b: Path) -> None:
    for name in ("graph.ttl", "graph.trig"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert _quads(a) == _quads(b)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    src = _corpus(root / "in")
    first = build_corpus([src], root / "out", jobs=2)
    return root, src, first


def test_a_second_build_reuses_everything(built):
    root, src, first = built
    assert first.reused == 0 and first.store == "full" and first.counts["meetings"] == 12
    again = build_corpus([src], root / "out", jobs=2)
    assert again.reused == 12 and again.store == "updated"
    assert again.counts == first.counts


def test_a_build_that_changes_nothing_leaves_the_files_and_one_that_lost_them_writes_them(built, tmp_path):
    root, src, _ = built
    out = tmp_path / "out"
    first = build_corpus([src], out, jobs=2)
    stat = {name: (out / name).stat().st_mtime_ns for name in ("graph.ttl", "graph.trig")}
    trig = (out / "graph.trig").read_bytes()
    again = build_corpus([src], out, jobs=2)
    assert again.counts == first.counts and again.store == "updated"
    assert {name: (out / name).stat().st_mtime_ns for name in stat} == stat  # not written again
    assert current_store(out) is not None
    (out / "graph.trig").unlink()
    assert build_corpus([src], out, jobs=2).counts == first.counts
    assert (out / "graph.trig").read_bytes() == trig and current_store(out) is not None
    (out / "graph.ttl").write_text("edited by hand", encoding="utf-8")
    build_corpus([src], out, jobs=2)
    _same(out, root / "out")


def test_the_store_holds_what_graph_ttl_says(built):
    import pyoxigraph as ox
    root, _, _ = built
    from_file = ox.Store()  # read back through a store, which keeps integer types as it does
    from_file.bulk_load(path=str(root / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    in_file = {str(q) for q in from_file}
    assert len(in_file) > 10_000 and _quads(root / "out") == in_file


def test_removed_changed_and_added_files_give_a_full_builds_bytes(built, tmp_path):
    root, src, _ = built
    work = tmp_path / "in"
    shutil.copytree(src, work)
    out = tmp_path / "out"
    build_corpus([work], out, jobs=2)
    (work / "m00003.txt").unlink()  # removed
    changed = work / "m00005.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("生成AI", "生成AIと衛星データ"), encoding="utf-8")
    shutil.copy(FAMILIES / "kuni-wg-colon.txt", work / "added.txt")
    inc = build_corpus([work], out, jobs=2)
    assert inc.store == "updated" and inc.reused == 10  # 12 - 1 removed - 1 changed
    full = build_corpus([work], tmp_path / "full", jobs=1, full=True)
    assert full.reused == 0
    _same(out, tmp_path / "full")
    assert inc.counts == full.counts
    # the removed and the changed summary's old entries are pruned: one entry a summary is left
    # (and one document a part of the corpus tallies, each a named graph)
    tally_graphs = [line for line in (out / "graph.trig").read_text(encoding="utf-8").splitlines()
                    if line.startswith("<https://w3id.org/kaigi-kg/id/tally/") and line.endswith("{")]
    assert len(list((out / "cache" / "parsed").rglob("*.meta"))) == 12
    assert len(list((out / "cache" / "docs").rglob("*.json"))) == 12 + len(tally_graphs) and len(tally_graphs) > 2


def test_a_name_learned_from_a_new_file_reaches_old_ones(tmp_path):
    """Y names さくら未来プラン without quotes: found only once X quotes it. Adding X changes
    Y's mentions; the incremental build still equals a full one."""
    seed = (ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt").read_text(encoding="utf-8")
    work = tmp_path / "in"
    work.mkdir()
    (work / "y.txt").write_text(seed.replace("生成AIは", "さくら未来プランでも生成AIは", 1), encoding="utf-8")
    out = tmp_path / "out"
    build_corpus([work], out)
    before = (out / "graph.ttl").read_text(encoding="utf-8")
    x = seed.replace("令和7年3月24日", "令和7年4月1日").replace("生成AIは", "「さくら未来プラン」の生成AIは", 1)
    (work / "x.txt").write_text(x, encoding="utf-8")
    inc = build_corpus([work], out)
    after = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "initiative/さくら未来プラン" not in before
    assert "initiative/さくら未来プラン" in after
    assert inc.reused == 0  # y.txt uses the new name: built again
    build_corpus([work], tmp_path / "full", full=True)
    _same(out, tmp_path / "full")


def test_settings_are_part_of_what_is_remembered(built, tmp_path):
    root, src, _ = built
    themes = tmp_path / "themes.ttl"
    themes.write_text((ROOT / "ontology" / "themes.ttl").read_text(encoding="utf-8")
                      .replace('"生成AI"@ja, ', ""), encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    other = build_corpus([src], out, themes=themes, jobs=2)
    assert other.reused == 0 and other.store == "full"
    build_corpus([src], tmp_path / "full", themes=themes, full=True)
    _same(out, tmp_path / "full")


def test_queries_open_the_store_and_read_the_tallies(built):
    from kg.query.engines import OxigraphStore, open_store
    root, _, _ = built
    out = root / "out"
    assert current_store(out) is not None
    store = open_store(out)
    assert isinstance(store, OxigraphStore) and store.files is not None  # on disk, no named graphs
    files = OxigraphStore.from_file(out / "graph.ttl", named_graphs=True)
    for name in ("person-theme-matrix", "theme-cooccurrence", "themes-over-time", "themes-by-meeting"):
        fast = (ROOT / "kg" / "query" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        slow = (ROOT / "tests" / "queries_reference" / f"{name}.rq").read_text(encoding="utf-8")
        rows = store.query(fast).rows
        assert rows and rows == files.query(slow).rows, name
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a kgo:Meeting } }"
    from kg.query.service import prepare
    q = prepare(graphs)
    assert int(store.query(q.text).rows[0][0]) == 12  # answered from graph.trig


def test_store_graphs_and_a_stale_store(tmp_path, built):
    import os

    from kg.query.engines import open_store
    from kg.query.service import prepare
    _, src, _ = built
    out = tmp_path / "out"
    result = build_corpus([src], out, store_graphs=True, jobs=2)
    assert result.store == "full"
    store = open_store(out)
    assert store.files is None  # named graphs are in the store
    q = prepare("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s a kgo:Meeting } }")
    assert int(store.query(q.text).rows[0][0]) == 12
    os.utime(out / "graph.ttl", ns=(1, 1))  # graph.ttl edited by hand: the store no longer matches
    assert current_store(out) is None  # open_store loads the files instead


def test_pieces_are_copied_where_the_kernel_cannot(monkeypatch, tmp_path):
    """graph.ttl is assembled from cached pieces with sendfile; without it (macOS, Windows) the
    same bytes come by an ordinary copy."""
    import os

    from kg.rdf.pieces import _put
    piece = tmp_path / "piece.ttl"
    piece.write_bytes("<urn:x> <urn:p> \"値\" .\n".encode("utf-8") * 50_000)
    for name, patch in (("kernel", False), ("copy", True)):
        if patch:
            monkeypatch.delattr(os, "sendfile")
        with (tmp_path / name).open("wb") as out:
            out.write(b"@prefix x: <urn:x#> .\n")
            _put(out, piece)
        assert (tmp_path / name).read_bytes() == b"@prefix x: <urn:x#> .\n" + piece.read_bytes()


def test_a_graph_without_tallies_says_so(tmp_path, built):
    """A graph from before tallies were kept answers the aggregate queries with no rows, and
    says why, rather than looking like an empty corpus."""
    import subprocess

    import pyoxigraph as ox
    root, _, _ = built
    quads = [q for q in ox.parse(path=str(root / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
             if "/tally" not in q.subject.value]
    old = tmp_path / "old.ttl"
    old.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TURTLE))
    r = subprocess.run([sys.executable, "-m", "kg", "query", "person-theme-matrix", "--graph", str(old)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "no tallies" in r.stderr and "kg build" in r.stderr


def test_many_documents_merge_in_rounds(built, tmp_path, monkeypatch):
    """Past MERGE_FAN_IN files the shared records are merged in rounds (a system allows few open
    files): the same bytes as one merge."""
    import kg.corpus.shared as corpus_shared
    root, src, _ = built
    monkeypatch.setattr(corpus_shared, "MERGE_FAN_IN", 3)
    build_corpus([src], tmp_path / "out", jobs=1, store=False)
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "out" / name).read_bytes() == (root / "out" / name).read_bytes()
    assert not (tmp_path / "out" / "cache" / "runs").exists()  # temporary runs are gone


def test_corpus_tally_records_are_the_tally_triples():
    """The corpus build writes tally records as text; they are the records of the triples the
    in-memory pipeline makes."""
    from kg.pipeline import build_graph
    from kg.rdf import tallies
    from kg.rdf.iri import Minter
    from kg.rdf.records import records
    result = build_graph([ROOT / "data" / "minutes"])
    corpus = tallies.Tallies()
    for _, doc in result.documents:
        corpus += tallies.count(doc)
    minter = Minter("https://w3id.org/kaigi-kg/id/")
    assert len(corpus.speaker_theme) > 20 and len(corpus.theme_pairs) > 10 and corpus.year_theme
    cut = tallies.parts(corpus)
    assert {"theme-pair", "year-theme"} < set(cut) and len(cut) > 5  # the speakers spread over parts
    for name, part in cut.items():
        graph = tallies.part_graph(name, minter)
        recs = tallies.part_records(part, graph)
        assert recs == records(tallies.part_triples(part, graph)), name
        assert all(r.startswith(graph + "/") for r in recs)  # the part's own nodes
    assert sum(len(p.speaker_theme) for p in cut.values()) == len(corpus.speaker_theme)


def test_a_graph_of_own_nodes_is_written_from_its_turtle(built):
    """The tallies document's TriG block is made from its Turtle (indented, braced): it must be
    the block Oxigraph writes for the same records, for tallies and for a meeting's own nodes
    (long texts, quotes, offsets) alike."""
    from kg.pipeline import build_graph
    from kg.rdf.records import nt_line, records
    from kg.rdf.write import graph_from_turtle, serialize_lines, trig_block, without_prefixes
    root, src, _ = built
    checked = 0
    result = build_graph([src])
    for graph, triples in result.documents:
        recs = records(triples)
        ttl = without_prefixes(serialize_lines([nt_line(r) for r in recs], "ttl"))
        assert graph_from_turtle(ttl, str(graph)) == trig_block(recs, str(graph)), graph
        checked += len(recs)
    assert checked > 10_000 and any("/tally" in str(g) for g, _ in result.documents)
    assert graph_from_turtle(b"", "urn:x:g") == trig_block([], "urn:x:g") == b""


def test_a_documents_pieces_are_those_serialized_one_by_one(built):
    """document_parts serializes a document once and cuts its own nodes' Turtle out of it:
    the pieces must be those of serializing the own nodes, and the named graph, each alone."""
    from kg.corpus.documents import COUNTED
    from kg.pipeline import build_graph
    from kg.rdf.pieces import document_parts, is_own
    from kg.rdf.records import nt_line, records
    from kg.rdf.write import serialize_lines, subject_blocks, trig_block, without_prefixes
    root, src, _ = built
    seen = 0
    for graph, triples in build_graph([src]).documents:
        recs = records(triples)
        meeting = str(graph).removesuffix("/source")
        parts = document_parts(recs, str(graph), meeting, COUNTED)
        own = [r for r in recs if is_own(r, meeting)]
        assert parts.ttl == without_prefixes(serialize_lines([nt_line(r) for r in own], "ttl")), graph
        assert parts.trig == trig_block(recs, str(graph)), graph
        assert parts.shared == [r for r in recs if not is_own(r, meeting)]
        whole = without_prefixes(serialize_lines([nt_line(r) for r in recs], "ttl"))
        assert len(subject_blocks(whole)) == len({r.split("\x00")[0] for r in recs})  # the cut, not the fallback
        seen += bool(own) and bool(parts.shared)
    assert seen >= 10  # every summary has own nodes and shared ones


def test_tallies_kept_by_another_version_are_counted_anew(tmp_path):
    """An output folder built by another version keeps tallies of another shape, and its
    summaries' entries are not this version's: the next build counts the tallies anew rather
    than subtracting what it cannot read."""
    from kg.corpus.cache import CACHE, Cache

    src = _corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = build_corpus([src], out, jobs=1)
    ttl = (out / "graph.ttl").read_bytes()
    cache = Cache(out / CACHE)
    before = cache.read_index()["tallies"]
    cache.update_index(tallies={**before, "docs": [*before["docs"], "an-older-versions-summary"],
                                "code": "an older version"})
    again = build_corpus([src], out, jobs=1)
    assert again.counts == first.counts
    assert (out / "graph.ttl").read_bytes() == ttl



def test_a_build_reads_only_the_sources_whose_stamp_changed(built, tmp_path, monkeypatch):
    """Size, times and inode tell an unchanged file; an edit that keeps the size and puts the
    old modification time back still changes its ctime, and is read."""
    import os

    import kg.corpus.cache as cache_module
    _, src, _ = built
    work = tmp_path / "in"
    shutil.copytree(src, work)
    out = tmp_path / "out"
    monkeypatch.setattr(cache_module.Cache, "RACY", -10**18)  # the copies are seconds old: trust them here
    build_corpus([work], out, jobs=1)
    read: list[str] = []
    digest = cache_module.hashlib.file_digest

    def counted(fh, name):
        read.append(Path(fh.name).name)
        return digest(fh, name)
    monkeypatch.setattr(cache_module.hashlib, "file_digest", counted)
    assert build_corpus([work], out, jobs=1).reused == 12 and read == []

    same_size = work / "m00004.txt"
    before = same_size.stat()
    text = same_size.read_text(encoding="utf-8")
    edited = text.replace("生成AI", "衛星AI", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    same_size.write_text(edited, encoding="utf-8")
    os.utime(same_size, ns=(before.st_atime_ns, before.st_mtime_ns))
    inc = build_corpus([work], out, jobs=1)
    assert read == ["m00004.txt"] and inc.reused == 11
    full = build_corpus([work], tmp_path / "full", jobs=1, full=True)
    _same(out, tmp_path / "full")

    assert full.reused == 0


def test_a_file_written_just_now_keeps_no_stamp(tmp_path, monkeypatch):
    """A file written within Cache.RACY of being read is read again by the next build (a coarse
    clock could give its next edit the same stamp); an older one keeps its stamp."""
    import kg.corpus.cache as cache_module
    f = tmp_path / "a.txt"
    f.write_text("一", encoding="utf-8")
    written = f.stat().st_ctime_ns
    now = [written + 1]
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: now[0])
    cache = cache_module.Cache(tmp_path / "cache")
    sha = cache.source_sha256(f)
    assert sha is not None and f.as_posix() not in cache.stamps
    now[0] = written + cache_module.Cache.RACY + 1
    assert cache.source_sha256(f) == sha and cache.stamps[f.as_posix()][4] == sha
    cache.save_stamps()
    again = cache_module.Cache(tmp_path / "cache")
    assert again.source_sha256(f) == sha and again.stamps == cache.stamps
    assert again.source_sha256(tmp_path / "missing.txt") is None
