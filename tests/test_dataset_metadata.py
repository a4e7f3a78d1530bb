"""The researcher's dataset.toml in the DCAT description (publisher, creator, contact, licence,
language, spatial coverage, release date), validated against the DCAT shapes; corpus tallies
kept out of the open-data files unless asked for; ontology.html readable at 1,400 px."""

import datetime as dt
import re
import shutil

import pytest
from click.testing import CliRunner
from helpers import SEED
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from kg.cli import main
from kg.rdf.shacl import DCAT_SHAPES, validate

KGO = "https://w3id.org/kaigi-kg/ontology#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
CONTACT_POINT = URIRef("http://www.w3.org/ns/dcat#contactPoint")
DOWNLOAD_URL = URIRef("http://www.w3.org/ns/dcat#downloadURL")
DATASET_TOML = """
title_ja = "千葉県ICTアドバイザー会議 会議録ナレッジグラフ"
license = "https://creativecommons.org/licenses/by/4.0/"
language = ["ja"]
issued = 2026-04-01
download_url = "https://example.ac.jp/kaigi-kg/data"

[publisher]
name = "ある大学 地域政策研究室"
url = "https://example.ac.jp/lab/"

[[creator]]
name = "山田 花子"
url = "https://orcid.org/0000-0002-1825-0097"

[contact]
name = "山田 花子"
email = "hanako@example.ac.jp"

[[spatial]]
name = "千葉県"
iri = "https://www.geonames.org/2113014"
"""


def run(*args, code=0):
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code == code, r.output
    return r


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("meta")
    (root / "minutes").mkdir()
    shutil.copy(SEED, root / "minutes")
    (root / "minutes" / "dataset.toml").write_text(DATASET_TOML, encoding="utf-8")
    run("build", root / "minutes", "-o", root / "out")
    return root


def test_researchers_metadata_validates(build, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    run("export", "--all", "--graph", build / "out", "-o", tmp_path, "--dataset", build / "minutes" / "dataset.toml")
    desc = Graph().parse(tmp_path / "dataset.ttl")
    report = validate(desc, DCAT_SHAPES)
    assert report.conforms and report.problems == [], report.text  # no warning either
    ds = URIRef("https://w3id.org/kaigi-kg/id/dataset")
    publisher = desc.value(ds, DCTERMS.publisher)
    assert str(desc.value(publisher, FOAF.name)) == "ある大学 地域政策研究室"
    assert str(desc.value(publisher, FOAF.homepage)) == "https://example.ac.jp/lab/"
    creator = desc.value(ds, DCTERMS.creator)
    assert str(desc.value(creator, FOAF.name)) == "山田 花子"
    contact = desc.value(ds, CONTACT_POINT)
    assert str(desc.value(contact, URIRef(VCARD + "hasEmail"))) == "mailto:hanako@example.ac.jp"
    assert [str(x) for x in desc.objects(ds, DCTERMS.language)] == ["http://id.loc.gov/vocabulary/iso639-1/ja"]
    assert str(desc.value(ds, DCTERMS.spatial)) == "https://www.geonames.org/2113014"
    assert str(desc.value(ds, DCTERMS.issued)) == "2026-04-01"
    built = dt.datetime.fromtimestamp((build / "out" / "graph.trig").stat().st_mtime, tz=dt.UTC).date()
    assert str(desc.value(ds, DCTERMS.modified)) == max(built, dt.date(2026, 4, 1)).isoformat()
    assert any(str(u).startswith("https://example.ac.jp/kaigi-kg/data/kaigi-kg.")
               for u in desc.objects(None, DOWNLOAD_URL))
    # the options still win over the file
    run("export", "--format", "ttl", "--graph", build / "out", "-o", tmp_path / "x.ttl",
        "--dataset", build / "minutes" / "dataset.toml", "--publisher", "別の研究室")
    assert "別の研究室" in (tmp_path / "x.ttl").read_text(encoding="utf-8")


def test_without_metadata_the_shapes_warn_and_dates_come_from_the_build(build, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    run("export", "--all", "--graph", build / "out", "-o", tmp_path)
    desc = Graph().parse(tmp_path / "dataset.ttl")
    report = validate(desc, DCAT_SHAPES)
    assert report.conforms
    assert sorted(p.path for p in report.problems) == ["dcat:contactPoint", "dcterms:creator", "dcterms:spatial"]
    assert {p.severity for p in report.problems} == {"Warning"}
    ds = URIRef("https://w3id.org/kaigi-kg/id/dataset")
    built = dt.datetime.fromtimestamp((build / "out" / "graph.trig").stat().st_mtime, tz=dt.UTC).date()
    assert str(desc.value(ds, DCTERMS.issued)) == built.isoformat() != "2025-03-24"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    run("export", "--all", "--graph", build / "out", "-o", tmp_path / "epoch", "--dataset",
        build / "minutes" / "dataset.toml")
    desc = Graph().parse(tmp_path / "epoch" / "dataset.ttl")
    assert str(desc.value(ds, DCTERMS.issued)) == str(desc.value(ds, DCTERMS.modified)) == "2026-01-01"


def test_no_tally_reaches_the_exports_unless_asked(build, tmp_path):
    graph_ttl = (build / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "a kgo:Tally" in graph_ttl  # the build keeps them, for the named queries
    run("export", "--all", "--graph", build / "out", "-o", tmp_path / "open")
    tally = URIRef(KGO + "Tally")
    for name in ("kaigi-kg.nt", "kaigi-kg.ttl", "kaigi-kg.jsonld", "kaigi-kg.rdf"):
        fmt = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}[name.rsplit(".", 1)[1]]
        g = Graph().parse(tmp_path / "open" / name, format=fmt)
        assert len(g) > 3000 and not list(g.subjects(RDF.type, tally)), name
        assert not list(g.subjects(URIRef(KGO + "tallyCount"), None))
    for name, fmt in (("kaigi-kg.trig", "trig"), ("kaigi-kg.nq", "nquads")):
        d = Dataset().parse(tmp_path / "open" / name, format=fmt)
        assert not list(d.quads((None, RDF.type, tally, None))), name
        assert not [c for c in d.graphs() if "/tally" in str(c.identifier)]
    desc = (tmp_path / "open" / "dataset.ttl").read_text(encoding="utf-8")
    assert "kgo-Tally" not in desc  # nor counted in the VoID partitions
    run("export", "--format", "nt", "--graph", build / "out", "-o", tmp_path / "all.nt", "--with-tallies")
    g = Graph().parse(tmp_path / "all.nt", format="nt")
    assert len(list(g.subjects(RDF.type, tally))) == graph_ttl.count("a kgo:Tally")


@pytest.mark.parametrize("text, named", [
    ("colour = 'blue'\n", "colour: unknown key"),
    ("[contact]\nname = 'x'\nemail = 'not-an-address'\n", "contact.email: not an email address"),
    ("[contact]\nname = 'x'\n", "contact: give an email or a url"),
    ("issued = 'yesterday'\n", "issued: must be a date"),
    ("license = 'CC BY'\n", "license: must be an http(s) address"),
    ("[[spatial]]\niri = 'https://www.geonames.org/1'\n", "spatial: each place needs a name"),
    ("title_ja = \n", "not a valid TOML dataset file"),
])
def test_a_bad_dataset_file_is_one_line(build, tmp_path, text, named):
    bad = tmp_path / "dataset.toml"
    bad.write_text(text, encoding="utf-8")
    r = run("export", "--format", "ttl", "--graph", build / "out", "-o", tmp_path / "x.ttl", "--dataset", bad, code=2)
    assert named in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.ttl").exists()


def test_ontology_page_fits_1400_px(build, tmp_path):
    run("docs", "--graph", build / "out", "-o", tmp_path)
    html = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<a href="#kgo:', html)) > 40
    from browser import Page, browser
    with browser() as b:
        p = Page(b, width=1400)
        p.page.goto((tmp_path / "ontology.html").as_uri())
        assert p.page.evaluate("document.documentElement.scrollWidth") <= 1400
        widths = p.page.eval_on_selector_all("nav", "ns => ns.map(n => n.getBoundingClientRect().width)")
        assert widths and max(widths) <= 1400
        p.close()
