"""The dataset description published with every export: DCAT and VoID.

Dates never come from the clock (output must be reproducible): ``issued`` and ``modified``
are the day of ``SOURCE_DATE_EPOCH`` when it is set, else the dates the researcher fixed in
dataset.toml, else the day the build wrote the graph (the export's input: the same build gives
the same bytes). Never a meeting's date: the data is released when it is built, not when the
council met. The publisher, creators, contact point, languages and spatial coverage are the
researcher's (``kg.publish.metadata``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from kg.errors import KgError
from kg.publish.licence import DatasetInfo
from kg.rdf.iri import segment
from kg.rdf.namespaces import KGO, PREFIXES
from kg.rdf.records import SEP
from kg.rdf.write import FORMATS

_TYPE = str(RDF.type)
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LANGUAGES = "http://id.loc.gov/vocabulary/iso639-1/"  # DCAT's example of language IRIs


@dataclass(frozen=True)
class Distribution:
    file: str  # file name, relative to the dataset's download base
    fmt: str  # key of rdfio.FORMATS
    size: int | None  # bytes; None inside the export itself (it cannot hold its own size)


@dataclass
class Facts:
    """What the description says of the data, read in one pass over its sorted records."""

    triples: int = 0
    entities: int = 0  # distinct IRI subjects
    classes: Counter = field(default_factory=Counter)  # class IRI → instances
    properties: Counter = field(default_factory=Counter)  # predicate IRI → triples
    sources: dict = field(default_factory=dict)  # source document IRI → (titles, urls)
    examples: dict = field(default_factory=dict)  # class IRI → its least instance IRI


_KEPT = (str(DCTERMS.title), str(DCTERMS.source))


def facts_of(recs) -> Facts:
    """Facts of sorted, unique records (``kg.rdf.records``)."""
    f = Facts()
    subject = None
    kept: dict = {}
    for rec in recs:
        s, p, o = rec.split(SEP, 2)
        f.triples += 1
        if s != subject:
            _close(f, subject, kept)
            subject, kept = s, {}
            f.entities += not s.startswith("_:")
        p = p[1:]
        f.properties[p] += 1
        if p == _TYPE:
            cls = o[1:-1]
            f.classes[cls] += 1
            f.examples.setdefault(cls, s)  # records are sorted: the first is the least
            kept.setdefault("types", []).append(cls)
        elif p in _KEPT:
            kept.setdefault(p, []).append(o)
    _close(f, subject, kept)
    return f


def _close(f: Facts, subject: str | None, kept: dict) -> None:
    if subject is None:
        return
    if str(KGO.SourceDocument) in kept.get("types", ()):
        titles = {_text(o) for o in kept.get(str(DCTERMS.title), ())}
        urls = {o[1:-1] for o in kept.get(str(DCTERMS.source), ()) if o.startswith("<")}
        f.sources[subject] = (titles, urls)


_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))')
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def _text(nt: str) -> str:
    """The lexical form of an N-Triples literal."""
    body = nt[1:nt.rindex('"')]
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(1) or m.group(2)
                       else _ESCAPED.get(m.group(3), m.group(3)), body)


def release_dates(info: DatasetInfo, built: dt.date | None) -> tuple[dt.date, dt.date]:
    """(issued, modified): SOURCE_DATE_EPOCH, else dataset.toml's, else the build's day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            day = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise KgError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
        return day, day
    fallback = built or dt.date(1970, 1, 1)
    issued = dt.date.fromisoformat(info.issued) if info.issued else fallback
    modified = dt.date.fromisoformat(info.modified) if info.modified else max(issued, fallback)
    return issued, modified


def describe(data: Facts, base: str, distributions: list[Distribution], info: DatasetInfo | None = None,
             endpoint: str | None = None, built: dt.date | None = None) -> Graph:
    """A DCAT/VoID description of ``data`` (the union of the published graphs); ``built``: the
    day the build wrote it."""
    info = info or DatasetInfo()
    base = base if base.endswith("/") else base + "/"
    ds = URIRef(base + "dataset")
    g = Graph()
    add = g.add
    add((ds, RDF.type, DCAT.Dataset))
    add((ds, RDF.type, VOID.Dataset))
    add((ds, RDFS.label, Literal(info.title_ja, lang="ja")))
    add((ds, DCTERMS.title, Literal(info.title_ja, lang="ja")))
    add((ds, DCTERMS.title, Literal(info.title_en, lang="en")))
    add((ds, DCTERMS.description, Literal(
        "行政の会議の開催結果（概要）から作成した、委員・職員・会議・組織・取組・テーマの知識グラフ。"
        "各リンクは出典の文字位置を根拠として持つ。", lang="ja")))
    add((ds, DCTERMS.description, Literal(
        "A knowledge graph of advisors, officials, meetings, organizations, initiatives and themes, "
        "built from Japanese government meeting summaries; every link carries the offsets of the words it "
        "came from.", lang="en")))
    publisher = URIRef(base + "publisher")
    _agent(add, publisher, info.publisher, info.publisher_url)
    add((ds, DCTERMS.publisher, publisher))
    for i, creator in enumerate(info.creators, 1):
        node = URIRef(f"{base}creator/{i}")
        _agent(add, node, creator.name, creator.url)
        add((ds, DCTERMS.creator, node))
    if info.contact is not None:
        contact = URIRef(base + "contact")
        add((contact, RDF.type, VCARD.Kind))
        add((contact, VCARD.fn, Literal(info.contact.name)))
        if info.contact.email:
            add((contact, VCARD.hasEmail, URIRef("mailto:" + info.contact.email)))
        if info.contact.url:
            add((contact, VCARD.hasURL, URIRef(info.contact.url)))
        add((ds, DCAT.contactPoint, contact))
    for lang in info.languages:
        add((ds, DCTERMS.language, URIRef(LANGUAGES + lang)))
    for i, (name, iri) in enumerate(info.spatial, 1):
        place = URIRef(iri) if iri else URIRef(f"{base}spatial/{i}")
        add((place, RDF.type, DCTERMS.Location))
        add((place, RDFS.label, Literal(name, lang="ja")))
        add((ds, DCTERMS.spatial, place))
    add((ds, DCTERMS.license, URIRef(info.license)))
    titles = sorted({t for ts, _ in data.sources.values() for t in ts})
    add((ds, DCTERMS.rights, Literal(info.attribution(titles), lang="ja")))
    for s, (_, urls) in sorted(data.sources.items()):
        add((ds, DCTERMS.source, URIRef(s)))
        for url in sorted(urls):
            add((URIRef(s), DCTERMS.source, URIRef(url)))
    issued, modified = release_dates(info, built)
    add((ds, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    add((ds, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    add((ds, DCAT.keyword, Literal("会議録", lang="ja")))
    add((ds, DCAT.keyword, Literal("デジタル行政", lang="ja")))
    add((ds, DCAT.keyword, Literal("knowledge graph", lang="en")))
    add((ds, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")))
    _void(add, ds, data, base, endpoint)
    _distributions(add, ds, base, distributions, info)
    return g


def _void(add, ds: URIRef, data: Facts, base: str, endpoint: str | None) -> None:
    """VoID statistics: triples, entities, class and property partitions, examples, vocabularies."""
    add((ds, VOID.uriSpace, Literal(base)))
    add((ds, VOID.triples, Literal(data.triples)))
    add((ds, VOID.entities, Literal(data.entities)))
    for cls, n in sorted(data.classes.items()):
        part = URIRef(f"{base}dataset/class/{_local(cls)}")
        add((ds, VOID.classPartition, part))
        add((part, VOID["class"], URIRef(cls)))
        add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(data.properties.items()):
        part = URIRef(f"{base}dataset/property/{_local(prop)}")
        add((ds, VOID.propertyPartition, part))
        add((part, VOID.property, URIRef(prop)))
        add((part, VOID.triples, Literal(n)))
    for cls in (KGO.Meeting, KGO.Statement, KGO.Initiative, FOAF.Person):
        if str(cls) in data.examples:
            add((ds, VOID.exampleResource, URIRef(data.examples[str(cls)])))
    for ns in sorted({_namespace(t) for t in (*data.properties, *data.classes)}):
        add((ds, VOID.vocabulary, URIRef(ns)))
    if endpoint:
        add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))


def _distributions(add, ds: URIRef, base: str, distributions: list[Distribution], info: DatasetInfo) -> None:
    """One dcat:Distribution per exported file, with media type, licence and size."""
    for d in distributions:
        node = URIRef(f"{base}dataset/distribution/{d.file}")
        media, _ = FORMATS[d.fmt]
        add((ds, DCAT.distribution, node))
        add((node, RDF.type, DCAT.Distribution))
        add((node, DCTERMS.title, Literal(d.file)))
        where = info.download_url or base + "data/"
        add((node, DCAT.downloadURL, URIRef(where + d.file)))
        add((node, DCAT.accessURL, URIRef(where + d.file)))
        add((node, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
        add((node, DCTERMS.license, URIRef(info.license)))
        if d.size is not None:
            add((node, DCAT.byteSize, Literal(d.size, datatype=XSD.nonNegativeInteger)))


def _agent(add, node: URIRef, name: str, url: str) -> None:
    add((node, RDF.type, FOAF.Agent))
    add((node, FOAF.name, Literal(name)))
    add((node, RDFS.label, Literal(name, lang="ja")))
    if url:
        add((node, FOAF.homepage, URIRef(url)))


def _namespace(iri) -> str:
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _local(iri) -> str:
    """kgo-Meeting for kgo:Meeting: a readable, unique name for a partition IRI."""
    text, ns = str(iri), _namespace(iri)
    prefix = next((k for k, v in PREFIXES.items() if str(v) == ns), "x")
    return segment(f"{prefix}-{text[len(ns):]}")
