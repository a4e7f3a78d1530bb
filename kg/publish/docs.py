"""An HTML page documenting the ontology: classes and properties with Japanese and English
labels, comments, and examples taken from the data. Self-contained, works offline."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.atomic import atomic_write
from kg.rdf.namespaces import PREFIXES
from kg.resources import ontology_file


def _text(g: Graph, node, prop, lang: str) -> str:
    return next((str(o) for o in sorted(g.objects(node, prop)) if isinstance(o, Literal) and o.language == lang), "")


def curie(iri) -> str:
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return text


def _example_label(data: Graph, node) -> str:
    label = next((str(o) for o in data.objects(node, RDFS.label)), "")
    return f"{label} <{node}>" if label else f"<{node}>"


def terms(onto: Graph, data: Graph | None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"classes": [], "properties": []}
    kinds = {OWL.Class: "classes", OWL.ObjectProperty: "properties", OWL.DatatypeProperty: "properties",
             OWL.AnnotationProperty: "properties"}
    for kind, bucket in kinds.items():
        for term in sorted(onto.subjects(RDF.type, kind), key=curie):
            entry = {
                "curie": curie(term), "iri": str(term), "kind": curie(kind),
                "ja": _text(onto, term, RDFS.label, "ja"), "en": _text(onto, term, RDFS.label, "en"),
                "comment_ja": _text(onto, term, RDFS.comment, "ja"),
                "comment_en": _text(onto, term, RDFS.comment, "en"),
                "super": [curie(o) for o in sorted(onto.objects(term, RDFS.subClassOf))],
                "domain": [curie(o) for o in sorted(onto.objects(term, RDFS.domain))],
                "range": [curie(o) for o in sorted(onto.objects(term, RDFS.range))],
                "example": "", "count": 0,
            }
            if data is not None:
                if bucket == "classes":
                    members = sorted(data.subjects(RDF.type, term), key=str)
                    entry["count"] = len(members)
                    entry["example"] = _example_label(data, members[0]) if members else ""
                else:
                    uses = sorted(data.subject_objects(term), key=lambda so: (str(so[0]), str(so[1])))
                    entry["count"] = len(uses)
                    if uses:
                        s, o = uses[0]
                        value = f"\"{o}\"" if isinstance(o, Literal) else f"<{o}>"
                        entry["example"] = f"<{s}> {curie(term)} {value[:120]}"
            out[bucket].append(entry)
    return out


def render(data: Graph | None) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    onto = Graph().parse(ontology_file("kgo.ttl"))
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]))
    header = URIRef("https://w3id.org/kaigi-kg/ontology")
    return env.get_template("ontology.html").render(
        title_ja=_text(onto, header, RDFS.label, "ja"), title_en=_text(onto, header, RDFS.label, "en"),
        comment_ja=_text(onto, header, RDFS.comment, "ja"), comment_en=_text(onto, header, RDFS.comment, "en"),
        prefixes=sorted((k, str(v)) for k, v in PREFIXES.items()), **terms(onto, data))


def write_docs(data: Graph | None, out_dir: str | Path) -> Path:
    return atomic_write(Path(out_dir) / "ontology.html", render(data).encode("utf-8"))
