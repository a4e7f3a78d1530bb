"""Every Unicode string gives a valid IRI, and one summary never stops the others (issue 28,
item 3): an ideographic variation selector in a name (葛󠄀飾, 辻󠄀) aborted the whole corpus."""

from __future__ import annotations

import random
import unicodedata
from urllib.parse import quote

import pyoxigraph as ox
from click.testing import CliRunner
from conftest import SEED
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.rdf.iri import Minter, segment
from kg.read.normalize import nfkc

IVS = "\U000E0100"  # VARIATION SELECTOR-17


def _old_segment(text: str) -> str:
    """The rule before the fix, for the characters it got right: IRIs stay as they were."""
    safe = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~()")
    out = []
    for ch in "_".join(nfkc(text).split()):
        if ch in safe:
            out.append(ch)
        elif ord(ch) > 127 and unicodedata.category(ch)[0] in "LNM" or ch in "ー・々〆":
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


def _valid(iri: str) -> None:
    """Oxigraph's IRI check (RFC 3987), and a Turtle round trip: rdflib writes, Oxigraph reads."""
    ox.NamedNode(iri)
    g = Graph()
    g.add((URIRef(iri), URIRef("https://example.org/p"), Literal("x")))
    parsed = list(ox.parse(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert parsed[0].subject.value == iri


# Code points from every plane: unassigned ones, private use, noncharacters, tags, variation
# selectors, combining marks; surrogates left out (decoded text never holds them).
_RANGES = [(0x20, 0x7F), (0xA0, 0x2FF), (0x300, 0x36F), (0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xD7F0, 0xD7FF),
           (0xE000, 0xF8FF), (0xF900, 0xFAFF), (0xFDD0, 0xFDEF), (0xFE00, 0xFE0F), (0xFFF0, 0xFFFF),
           (0x1F000, 0x1FFFF), (0x20000, 0x2FFFF), (0x30000, 0x3FFFF), (0x40000, 0xDFFFF),
           (0xE0000, 0xE0FFF), (0xE1000, 0xEFFFF), (0xF0000, 0x10FFFF)]


def _random_text(rng: random.Random) -> str:
    chars = []
    for _ in range(rng.randint(1, 12)):
        lo, hi = rng.choice(_RANGES)
        chars.append(chr(rng.randint(lo, hi)))
    return "".join(chars)


def test_iris_from_any_code_points_are_valid():
    rng = random.Random(28)
    minter = Minter("https://w3id.org/kaigi-kg/id/")
    for _ in range(3000):
        a, b = _random_text(rng), _random_text(rng)
        _valid(str(minter.iri("person", a, b)))
        _valid(str(Minter.child(minter.iri("meeting", a), "statement", b)))


def test_every_code_point_alone_is_valid_in_a_segment():
    base = "https://w3id.org/kaigi-kg/id/x/"
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        seg = segment(chr(cp))
        if any(ord(c) > 127 for c in seg):  # kept as it is: Oxigraph must take it
            ox.NamedNode(base + seg)
        else:
            assert all(c.isalnum() or c in "-._~()%_" for c in seg), (hex(cp), seg)


def test_names_that_worked_keep_their_iris():
    rng = random.Random(6)
    pool = "".join(chr(c) for c in (*range(0x3041, 0x3097), *range(0x30A1, 0x30FB), *range(0x4E00, 0x4F00),
                                    *range(0x20, 0x7F), *range(0xFF01, 0xFF5F), 0x3005, 0x30FC, 0xFE00, 0x2F800))
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 10)))
        assert segment(text) == _old_segment(text), text


def test_variation_selectors_are_percent_encoded_and_kept_apart():
    assert segment("葛" + IVS + "飾区") == "葛%F3%A0%84%80飾区"
    assert segment("辻" + IVS) != segment("辻")
    assert segment("\ufe00") == "\ufe00"  # VS1 is allowed in IRIs and was kept: it stays


def test_a_name_with_a_variation_selector_builds_with_the_others(tmp_path):
    folder = tmp_path / "minutes"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (folder / "seed.txt").write_text(seed, encoding="utf-8")
    (folder / "ivs.txt").write_text(seed.replace("令和7年3月24日", "令和7年3月25日")
                                    .replace("荒川委員", f"辻{IVS}委員")
                                    .replace("場所 県庁本庁舎5階 大会議室", f"場所 葛{IVS}飾区役所 大会議室"),
                                    encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "Wrote" in r.output and "2 meetings" in r.output
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "out" / "graph.trig"), format=ox.RdfFormat.TRIG)
    places = {s["n"].value for s in store.query(
        "SELECT ?n WHERE { GRAPH ?g { ?p a <https://schema.org/Place> ; <https://schema.org/name> ?n } }")}
    assert f"葛{IVS}飾区役所 大会議室" in places


def test_a_summary_whose_graph_cannot_be_made_is_skipped_and_the_others_build(tmp_path, monkeypatch):
    """Whatever stops one document's graph (here a stand-in for a refused IRI) is reported with
    its file; the build goes on. In-process workers (-j 1) make the stand-in reach them."""
    import kg.corpus.documents as documents

    real = documents.document_triples

    def failing(extractor, minutes, key, minter):
        if minutes.source.path.name == "bad.txt":
            raise SyntaxError("Invalid IRI code point '\U000E0100'")
        return real(extractor, minutes, key, minter)

    monkeypatch.setattr(documents, "document_triples", failing)
    folder = tmp_path / "minutes"
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (folder / "good.txt").write_text(seed, encoding="utf-8")
    (folder / "bad.txt").write_text(seed.replace("令和7年3月24日", "令和7年3月25日"), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "Skipped" in r.output and "bad.txt" in r.output and "Invalid IRI" in r.output
    assert "1 meetings" in r.output
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    assert len(list(g.subjects(predicate=URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                               object=URIRef("https://w3id.org/kaigi-kg/ontology#Meeting")))) == 1
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out2"), "-j", "1", "--strict"])
    assert r.exit_code == 2 and "bad.txt" in r.output
