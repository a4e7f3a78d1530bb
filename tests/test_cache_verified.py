"""Issue 28, item 8: what a build reads back is verified. A damaged or emptied document piece
in the cache is made again (it was copied into graph.ttl, or dropped a meeting, with exit 0),
the cache holds no pickles (a crafted one ran code), and a damaged store is said in one line
and loaded anew (every build gave a traceback)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, SEED
from rdflib import RDF, Graph, URIRef

FAMILIES = ROOT / "tests" / "fixtures" / "families"


def _kg(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, timeout=300)


def _corpus(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _meetings(out: Path) -> int:
    g = Graph().parse(out / "graph.ttl", format="turtle")  # fails on a damaged graph.ttl
    return len(set(g.subjects(RDF.type, URIRef("https://w3id.org/kaigi-kg/ontology#Meeting"))))


def _pieces(out: Path, suffix: str) -> list[Path]:
    """The cache's pieces of each summary's own nodes (meeting documents, not tally parts)."""
    found = []
    for meta_file in (out / "cache" / "docs").rglob("*.json"):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        if meta["meeting"] and meta["meeting"] != meta["graph"]:  # a tally part names itself
            found.append(meta_file.with_suffix(suffix))
    return sorted(found)


def test_damaged_and_emptied_pieces_are_made_again(tmp_path):
    folder = _corpus(tmp_path, SEED, FAMILIES / "chiba" / "r3-kekka.txt", FAMILIES / "chiba" / "r4-nolabels.txt")
    out = tmp_path / "out"
    assert _kg("build", folder, "-o", out).returncode == 0
    assert _meetings(out) == 3
    damaged, emptied, same_size = _pieces(out, ".ttl")
    damaged.write_bytes(b"<not turtle at all")
    emptied.write_bytes(b"")
    data = same_size.read_bytes()
    same_size.write_bytes(data.replace(b"<", b"{", 1))  # the same size, a later time
    shutil.copy(FAMILIES / "kuni-wg-colon.txt", folder)  # graph.ttl is written again
    r = _kg("build", folder, "-o", out)
    assert r.returncode == 0, r.stderr
    assert _meetings(out) == 4
    assert same_size.read_bytes() == data
    r = _kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?m a kgo:Meeting }", "--graph", out, "--format", "csv")
    assert r.stdout.split() == ["n", "4"]  # the store, updated from the pieces, agrees


def test_the_cache_holds_no_pickles_and_a_planted_one_never_runs(tmp_path):
    folder = _corpus(tmp_path, SEED)
    out = tmp_path / "out"
    assert _kg("build", folder, "-o", out).returncode == 0
    planted = tmp_path / "planted"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(planted),))
    entries = [p for p in (out / "cache" / "parsed").rglob("*") if p.is_file()]
    assert {p.suffix for p in entries} == {".meta", ".minutes", ".text"}
    for p in entries:
        if p.suffix != ".text":
            json.loads(p.read_bytes())  # JSON, not a pickle
            p.write_bytes(pickle.dumps(Payload()))
    for p in (out / "cache" / "docs").rglob("*.json"):
        p.write_bytes(pickle.dumps(Payload()))
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    r = _kg("build", folder, "-o", out)
    assert r.returncode == 0, r.stderr
    assert not planted.exists()
    assert _meetings(out) == 1


def test_a_damaged_store_is_said_in_one_line_and_loaded_anew(tmp_path):
    folder = _corpus(tmp_path, SEED)
    out = tmp_path / "out"
    assert _kg("build", folder, "-o", out).returncode == 0
    for sst in (out / "store").glob("*.sst"):
        with sst.open("r+b") as fh:
            fh.seek(100)
            fh.write(os.urandom(3000))
    shutil.copy(FAMILIES / "chiba" / "r3-kekka.txt", folder)
    r = _kg("build", folder, "-o", out)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    said = [line for line in r.stderr.splitlines() if "the store is damaged" in line]
    assert len(said) == 1 and said[0].startswith(f"{out / 'store'}: the store is damaged (")
    assert said[0].endswith("it is loaded anew")
    stamp = json.loads((out / "store" / "kaigi-kg-store.json").read_text(encoding="utf-8"))
    assert not stamp.get("dirty")
    r = _kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?m a kgo:Meeting }", "--graph", out, "--format", "csv")
    assert r.stdout.split() == ["n", "2"]
