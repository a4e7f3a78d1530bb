"""A resource's page (HTML) and its description in an RDF format, from a ``Description``.

The same renderer serves `kg serve` (links are the server's paths, ``/id/…``) and `kg site`
(links are relative, to ``….html`` files, so the folder works from any host or from disk).
The page loads nothing: its style is inline and it has no script.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.linked.describe import EVIDENCE_SHOWN, INCOMING_SHOWN, Description, Evidence, Value
from kg.linked.spaces import ONTOLOGY, Spaces, anchor, href_path, owner
from kg.publish.licence import DatasetInfo
from kg.rdf.namespaces import bind_prefixes, compact

MEDIA = {"html": "text/html; charset=utf-8", "ttl": "text/turtle; charset=utf-8",
         "jsonld": "application/ld+json", "nt": "application/n-triples; charset=utf-8"}


@dataclass(frozen=True)
class Links:
    """Where the links of a page point. ``here``: the page's local path (``id/person/…``);
    ``static``: relative links to files (a site) rather than the server's paths."""

    spaces: Spaces
    here: str
    static: bool = False
    pages: Container[str] | None = None  # the IRIs that have a page (a site); None: any may

    def _to(self, local: str) -> str:
        if not self.static:
            return href_path("/" + local)
        # relative to the page's folder: up past the folders not shared, then down (a page links
        # to hundreds of others; posixpath.relpath was a fifth of the time of writing a site)
        here, there = self.here.split("/")[:-1], local.split("/")
        shared = 0
        while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
            shared += 1
        return href_path("../" * (len(here) - shared) + "/".join(there[shared:]))

    def resource(self, iri: str) -> str | None:
        """A link to the page that shows ``iri`` (a part: its place on its owner's page)."""
        local = self.spaces.local(owner(iri))
        if local is None or (self.pages is not None and owner(iri) not in self.pages):
            return None
        frag = anchor(iri)
        return self._to(local + (".html" if self.static else "")) + ("#" + href_path(frag) if frag else "")

    def term(self, iri: str) -> str | None:
        """A class or property of the ontology: its entry in ontology.html."""
        if iri.startswith(ONTOLOGY):
            return self._to("ontology.html") + "#" + href_path(_curie(iri))
        return None

    def page(self, local: str) -> str:
        """Another page of the site or server (ontology.html, types/…)."""
        return self._to(local)

    def document(self, fmt: str) -> str:
        return self._to(self.here + "." + fmt)

    def formats(self) -> tuple[str, ...]:
        """The machine-readable documents a page links to (a site holds Turtle only)."""
        return ("ttl",) if self.static else ("ttl", "jsonld", "nt")

    def home(self) -> str:
        return self._to("index.html") if self.static else "/"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("resource.html")


def render_html(d: Description, links: Links, info: DatasetInfo, sources: list[str]) -> str:
    def link(value: Value) -> dict:
        term = value.term
        text = value.label or compact(term)
        if isinstance(term, Literal):
            return {"text": str(term), "lang": term.language or "",
                    "type": "" if term.language or term.datatype is None else compact(term.datatype)}
        iri = str(term)
        href = links.resource(iri) or links.term(iri)
        external = href is None and iri.startswith(("http://", "https://")) and links.spaces.local(iri) is None \
            and compact(term) == iri
        return {"text": text, "href": href or (iri if external else None), "external": external, "iri": iri,
                "code": not value.label}

    def prop(p: str) -> dict:
        return {"text": _curie(p), "href": links.term(p), "iri": p}

    def evidence(ev: Evidence) -> dict:
        pieces = [{"text": text, "mark": mark is not None,
                   "href": links.resource(mark.target) if mark else None,
                   "title": mark.label if mark else ""}
                  for text, mark in ev.pieces()]
        return {"statement": links.resource(ev.statement), "speaker": ev.speaker, "speaker_marked": ev.speaker_marked,
                "pieces": pieces, "source": links.resource(ev.source) if ev.source else None,
                "source_label": ev.source_label or ev.source, "span": ev.span, "here": ev.statement == d.iri}

    parts = sorted(p for p in d.parts if owner(p) == d.iri)
    labels = {m.target: m.label for ev in d.evidence for m in ev.marks if m.label}
    mentions = [_mention(p, {str(k): v for k, v in d.parts[p]}, links, labels) for p in parts if "/mention/" in p]
    return _template().render(
        d=d, label=d.label, types=[link(Value(URIRef(t))) for t in d.types],
        out=[(prop(p), [link(v) for v in vs]) for p, vs in d.out],
        incoming=[(prop(p), [link(v) for v in vs]) for p, vs in d.incoming],
        evidence=[evidence(ev) for ev in d.evidence],
        mentions=mentions,
        selectors=[{"id": anchor(p), "span": _span(d.parts[p])} for p in parts if p.endswith("/selector")],
        previous=link(d.previous) if d.previous else None, next=link(d.next) if d.next else None,
        formats=[(fmt.upper() if fmt != "jsonld" else "JSON-LD", links.document(fmt)) for fmt in links.formats()],
        evidence_limit=EVIDENCE_SHOWN, incoming_limit=INCOMING_SHOWN, home=links.home(),
        ontology=links.page("ontology.html"), info=info,
        attribution=info.attribution(sources, shown=3))


@lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    return compact(URIRef(iri))


def _mention(part: str, values: dict, links: Links, labels: dict[str, str]) -> dict:
    target = values.get(_KGO + "refersTo")
    return {"id": anchor(part), "words": str(values.get(_KGO + "matchedText", "")),
            "start": str(values.get(_OA + "start", "")), "end": str(values.get(_OA + "end", "")),
            "href": links.resource(str(target)) if target is not None else None,
            "target": labels.get(str(target)) or compact(target) if target is not None else ""}


_KGO = "https://w3id.org/kaigi-kg/ontology#"
_OA = "http://www.w3.org/ns/oa#"


def _span(pairs) -> tuple[str, str]:
    values = {str(p).rsplit("#", 1)[-1]: str(o) for p, o in pairs}
    return values.get("start", ""), values.get("end", "")


def render_rdf(d: Description, fmt: str) -> bytes:
    """The resource's triples, its parts' and the links to it shown on its page."""
    from kg.rdf.write import graph_bytes
    if fmt != "jsonld":  # Turtle and N-Triples straight from the triples (sorted by the writer)
        return graph_bytes(d.triples, fmt)
    g = Graph()
    bind_prefixes(g)
    for t in d.triples:
        g.add(t)
    return graph_bytes(g, fmt)
