"""The ontology describes every term the graph uses; the graph conforms to the shapes, and
the shapes catch a broken graph."""

from helpers import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.shacl import validate

ONTOLOGY = ROOT / "ontology" / "kgo.ttl"


def test_every_used_term_has_ja_and_en_labels_and_a_comment(seed_graph):
    onto = Graph().parse(ONTOLOGY)
    used = {p for p in seed_graph.predicates() if p != RDF.type} | set(seed_graph.objects(None, RDF.type))
    missing = []
    for term in sorted(used):
        langs = {lit.language for lit in onto.objects(term, RDFS.label)}
        comments = {lit.language for lit in onto.objects(term, RDFS.comment)}
        if not {"ja", "en"} <= langs or not {"ja", "en"} <= comments:
            missing.append(term)
    assert missing == []


def test_own_terms_are_declared(seed_graph):
    onto = Graph().parse(ONTOLOGY)
    kgo = "https://w3id.org/kaigi-kg/ontology#"
    for name in ["Meeting", "AgendaItem", "Turn", "Statement", "Initiative", "Mention", "SourceDocument"]:
        assert (URIRef(kgo + name), RDF.type, OWL.Class) in onto
    assert (URIRef(kgo + "Meeting"), RDFS.subClassOf, URIRef("https://schema.org/Event")) in onto
    assert (URIRef(kgo + "Initiative"), RDFS.subClassOf, URIRef("https://schema.org/Project")) in onto


def test_seed_graph_conforms_to_shapes(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.text


def test_shapes_catch_a_broken_graph(seed_graph):
    broken = Graph()
    broken += seed_graph
    oa = "http://www.w3.org/ns/oa#"
    statement = next(broken.subjects(RDF.type, URIRef("https://w3id.org/kaigi-kg/ontology#Statement")))
    broken.remove((statement, URIRef(oa + "hasSelector"), None))
    selector = next(broken.subjects(RDF.type, URIRef(oa + "TextPositionSelector")))
    broken.set((selector, URIRef(oa + "end"), Literal(0)))
    report = validate(broken)
    assert not report.conforms
    assert "every statement points to its characters in the source" in report.text
    assert report.results >= 2
