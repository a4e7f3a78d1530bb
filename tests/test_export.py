"""Open-data exports: every format, checked by independent parsers (raptor's rapper and
Oxigraph), byte-stable, with a DCAT/VoID description that passes its SHACL shapes."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import SEED
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.rdf.shacl import DCAT_SHAPES, validate
from kg.rdf.write import FORMATS

RAPPER_SYNTAX = {"ttl": "turtle", "nt": "ntriples", "rdfxml": "rdfxml", "trig": "trig", "nq": "nquads"}
OXIGRAPH_SKIP = set()


def run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture(scope="module")
def two_meetings(tmp_path_factory):
    """The seed and a second meeting of the same council (other date, one more statement)."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "in").mkdir()
    shutil.copy(SEED, root / "in" / "a.txt")
    text = SEED.read_text(encoding="utf-8").replace("令和7年3月24日", "令和7年6月2日")
    (root / "in" / "b.txt").write_text(text + "\n【荒川委員】\n- ・スペースパトロールの続報を期待する。\n", encoding="utf-8")
    run("build", root / "in", "-o", root / "build")
    return root


@pytest.fixture(scope="module")
def exported(two_meetings):
    out = two_meetings / "export"
    run("export", "--all", "--graph", two_meetings / "build", "-o", out)
    return out


def files(out):
    return {fmt: out / f"kaigi-kg{suffix}" for fmt, (_, suffix) in FORMATS.items()}


def test_export_all_writes_everything(exported):
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted([f"kaigi-kg{s}" for _, s in FORMATS.values()] + ["dataset.ttl", "ontology.html"])


def rapper_count(path, syntax):
    rapper = shutil.which("rapper")
    if not rapper:
        if os.environ.get("CI"):
            pytest.fail("rapper is not installed (.ci/run installs raptor2-utils)")
        pytest.skip("rapper is not installed")
    proc = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return int(re.search(r"returned (\d+) (triples|statements)", proc.stderr).group(1))


def oxigraph_count(path):
    import pyoxigraph as ox
    return sum(1 for _ in ox.parse(path=str(path)))


def rdflib_count(path, fmt):
    if fmt in ("trig", "nq"):
        ds = Dataset()
        ds.parse(path, format="trig" if fmt == "trig" else "nquads")
        return sum(1 for _ in ds.quads())
    return len(Graph().parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_independent_parsers_agree(exported, fmt):
    path = files(exported)[fmt]
    ours = rdflib_count(path, fmt)
    assert ours > 5000
    assert oxigraph_count(path) == ours
    if fmt in RAPPER_SYNTAX:
        assert rapper_count(path, RAPPER_SYNTAX[fmt]) == ours


def test_triple_formats_hold_the_same_graph(exported):
    ttl = Graph().parse(files(exported)["ttl"])
    for fmt, syntax in (("nt", "nt"), ("rdfxml", "xml"), ("jsonld", "json-ld")):
        assert isomorphic(ttl, Graph().parse(files(exported)[fmt], format=syntax)), fmt


def test_turtle_to_jsonld_to_turtle_round_trip(exported, tmp_path):
    from kg.rdf.write import graph_bytes, jsonld_bytes
    turtle = Graph().parse(files(exported)["ttl"])
    as_jsonld = Graph().parse(data=jsonld_bytes(turtle), format="json-ld")
    back = Graph().parse(data=graph_bytes(as_jsonld, "ttl"), format="turtle")
    assert len(turtle) > 5000
    assert isomorphic(turtle, as_jsonld) and isomorphic(turtle, back)


def test_jsonld_uses_the_published_context(exported):
    import json
    doc = json.loads(files(exported)["jsonld"].read_text(encoding="utf-8"))
    published = json.loads((SEED.parent.parent.parent / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == published["@context"]
    statement = next(n for n in doc["@graph"] if n.get("type") == "kgo:Statement")
    assert {"text", "speaker", "hasSelector", "meeting", "position"} <= set(statement)


def test_named_graph_per_source_document(exported):
    ds = Dataset()
    ds.parse(files(exported)["trig"], format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    sources = [n for n in names if n.endswith("/source")]
    assert len(sources) == 2
    assert "https://w3id.org/kaigi-kg/ontology" in names
    # drop one meeting: the other keeps everything it says, people included
    june = next(n for n in sources if "2025-06-02" in n)
    rest = Graph()
    for g in ds.graphs():
        if str(g.identifier) != june:
            rest += g
    kgo = "https://w3id.org/kaigi-kg/ontology#"
    meetings = set(rest.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(kgo + "Meeting")))
    assert [str(m).rsplit("/", 1)[1] for m in meetings] == ["2025-03-24"]
    person = URIRef("https://w3id.org/kaigi-kg/id/person/千葉県ICTアドバイザー会議/荒川")
    assert (person, URIRef("http://xmlns.com/foaf/0.1/name"), None) in rest


def test_byte_identical_across_runs_and_hash_seeds(two_meetings, tmp_path):
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "kg", "export", "--all", "--graph", str(two_meetings / "build"), "-o", str(out)],
                       check=True, env=env, capture_output=True, timeout=300)
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1]


def test_dataset_description(exported, two_meetings):
    desc = Graph().parse(exported / "dataset.ttl")
    report = validate(desc, DCAT_SHAPES)
    assert report.conforms, report.text
    from rdflib.namespace import DCAT, DCTERMS, VOID
    ds = next(desc.subjects(VOID.triples, None))
    sizes = {str(desc.value(d, DCTERMS.title)): int(desc.value(d, DCAT.byteSize))
             for d in desc.objects(ds, DCAT.distribution)}
    assert sizes == {p.name: p.stat().st_size for p in exported.iterdir() if p.name.startswith("kaigi-kg")}
    data = Graph().parse(two_meetings / "build" / "graph.ttl")
    tallies = set(data.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                URIRef("https://w3id.org/kaigi-kg/ontology#Tally")))
    assert tallies  # kept by the build, left out of the export (with the ontology added)
    assert int(desc.value(ds, VOID.triples)) > len(data) - sum(1 for s, _, _ in data if s in tallies)
    assert str(desc.value(ds, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
    rights = str(desc.value(ds, DCTERMS.rights))
    assert "令和6年度 千葉県ICTアドバイザー会議 開催結果（概要）" in rights and rights.endswith("を加工して作成")
    assert len(list(desc.objects(ds, DCTERMS.source))) == 2
    # the day the build wrote the graph, not the newest meeting's (2025-06-02)
    import datetime as dt
    built = dt.datetime.fromtimestamp((two_meetings / "build" / "graph.trig").stat().st_mtime, tz=dt.UTC).date()
    assert str(desc.value(ds, DCTERMS.modified)) == str(desc.value(ds, DCTERMS.issued)) == built.isoformat()


def test_dcat_shapes_catch_a_missing_licence(exported):
    from rdflib.namespace import DCTERMS
    desc = Graph().parse(exported / "dataset.ttl")
    desc.remove((None, DCTERMS.license, None))
    report = validate(desc, DCAT_SHAPES)
    assert not report.conforms and any(p.path == "dcterms:license" for p in report.problems)


def test_source_date_epoch(two_meetings, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    run("export", "--all", "--graph", two_meetings / "build", "-o", tmp_path)
    assert '"2026-01-01"^^xsd:date' in (tmp_path / "dataset.ttl").read_text(encoding="utf-8")


IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def test_iris_are_valid_and_follow_base(tmp_path):
    run("build", SEED, "-o", tmp_path / "b", "--base", "https://example.org/kaigi/")
    run("export", "--format", "nt", "--graph", tmp_path / "b", "-o", tmp_path / "x.nt")
    g = Graph().parse(tmp_path / "x.nt", format="nt")
    iris = {str(n) for t in g for n in t if isinstance(n, URIRef)}
    assert all(IRI_OK.match(i) for i in iris), [i for i in iris if not IRI_OK.match(i)][:5]
    assert all(re.fullmatch(r"(%[0-9A-F]{2}|[^%])*", i) for i in iris), "percent-escapes are well formed"
    vocab = ("https://w3id.org/kaigi-kg/ontology", "https://w3id.org/kaigi-kg/theme/", "http://www.w3.org/",
             "http://purl.org/", "http://xmlns.com/", "https://schema.org/", "http://rdfs.org/",
             "https://creativecommons.org/", "https://www.iana.org/", "http://publications.europa.eu/",
             "http://id.loc.gov/vocabulary/iso639-1/")
    instances = [i for i in iris if not i.startswith(vocab)]
    assert len(instances) > 300 and all(i.startswith("https://example.org/kaigi/") for i in instances)


def test_ontology_page(exported):
    html = (exported / "ontology.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    assert "kgo:Statement" in html and "発言" in html and "statement" in html
    assert "例 / example" in html and "13 instances in the data" in html
    assert not re.search(r"""<(script|link|img)\b[^>]*(src|href)=["']?https?:""", html)


def test_stats(two_meetings):
    r = run("stats", "--graph", two_meetings / "build")
    assert "2 meetings of 1 councils, 2025-03-24 – 2025-06-02" in r.output
    assert re.search(r"kgo:Statement +73", r.output)


def test_export_errors(tmp_path):
    r = CliRunner().invoke(main, ["export", "--graph", str(tmp_path)])
    assert r.exit_code == 2 and "no such graph file" in r.output
    (tmp_path / "bad.ttl").write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    r = CliRunner().invoke(main, ["export", "--graph", str(tmp_path / "bad.ttl"), "-o", str(tmp_path / "o.nt")])
    assert r.exit_code == 2 and "bad.ttl" in r.output and not (tmp_path / "o.nt").exists()


def test_licence_is_configurable(two_meetings, tmp_path):
    odbl = "https://opendatacommons.org/licenses/odbl/1-0/"
    run("export", "--all", "--graph", two_meetings / "build", "-o", tmp_path, "--license", odbl,
        "--publisher", "千葉県のある研究室")
    desc = Graph().parse(tmp_path / "dataset.ttl")
    from rdflib.namespace import DCTERMS, FOAF
    assert {str(o) for o in desc.objects(None, DCTERMS.license)} == {odbl}
    assert "千葉県のある研究室" in {str(o) for o in desc.objects(None, FOAF.name)}
    bad = CliRunner().invoke(main, ["export", "--all", "--graph", str(two_meetings / "build"), "-o",
                                    str(tmp_path / "x"), "--license", "CC BY"])
    assert bad.exit_code == 2 and "--license" in bad.output
