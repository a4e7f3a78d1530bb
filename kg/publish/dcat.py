"""The dataset description published with every export: DCAT and VoID.

Dates never come from the clock (output must be reproducible): ``issued`` and ``modified``
are the day of ``SOURCE_DATE_EPOCH`` when it is set, otherwise the date of the newest
meeting in the data.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from kg.errors import KgError
from kg.publish.licence import DatasetInfo
from kg.rdf.iri import segment
from kg.rdf.namespaces import KGO, PREFIXES, SCHEMA
from kg.rdf.write import FORMATS


@dataclass(frozen=True)
class Distribution:
    file: str  # file name, relative to the dataset's download base
    fmt: str  # key of rdfio.FORMATS
    size: int | None  # bytes; None inside the export itself (it cannot hold its own size)


def release_date(data: Graph) -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except ValueError:
            raise KgError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
    dates = [o.toPython() for o in data.objects(None, SCHEMA.startDate)]
    days = [d.date() if isinstance(d, dt.datetime) else d for d in dates if isinstance(d, (dt.date, dt.datetime))]
    return max(days) if days else dt.date(1970, 1, 1)


def describe(data: Graph, base: str, distributions: list[Distribution], info: DatasetInfo | None = None,
             endpoint: str | None = None) -> Graph:
    """A DCAT/VoID description of ``data`` (the union of the published graphs)."""
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
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal(info.publisher)))
    add((publisher, RDFS.label, Literal(info.publisher, lang="ja")))
    add((ds, DCTERMS.publisher, publisher))
    add((ds, DCTERMS.license, URIRef(info.license)))
    sources = sorted(set(data.subjects(RDF.type, KGO.SourceDocument)))
    titles = sorted({str(t) for s in sources for t in data.objects(s, DCTERMS.title)})
    add((ds, DCTERMS.rights, Literal(info.attribution(titles), lang="ja")))
    for s in sources:
        add((ds, DCTERMS.source, s))
        for url in data.objects(s, DCTERMS.source):
            add((s, DCTERMS.source, url))
    day = release_date(data)
    add((ds, DCTERMS.issued, Literal(day.isoformat(), datatype=XSD.date)))
    add((ds, DCTERMS.modified, Literal(day.isoformat(), datatype=XSD.date)))
    add((ds, DCAT.keyword, Literal("会議録", lang="ja")))
    add((ds, DCAT.keyword, Literal("デジタル行政", lang="ja")))
    add((ds, DCAT.keyword, Literal("knowledge graph", lang="en")))
    add((ds, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")))
    _void(add, ds, data, base, endpoint)
    _distributions(add, ds, base, distributions, info)
    return g


def _void(add, ds: URIRef, data: Graph, base: str, endpoint: str | None) -> None:
    """VoID statistics: triples, entities, class and property partitions, examples, vocabularies."""
    add((ds, VOID.uriSpace, Literal(base)))
    add((ds, VOID.triples, Literal(len(data))))
    subjects = set(data.subjects())
    add((ds, VOID.entities, Literal(len({s for s in subjects if isinstance(s, URIRef)}))))
    for cls, n in sorted(Counter(o for o in data.objects(None, RDF.type)).items()):
        part = URIRef(f"{base}dataset/class/{_local(cls)}")
        add((ds, VOID.classPartition, part))
        add((part, VOID["class"], cls))
        add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(Counter(p for p in data.predicates()).items()):
        part = URIRef(f"{base}dataset/property/{_local(prop)}")
        add((ds, VOID.propertyPartition, part))
        add((part, VOID.property, prop))
        add((part, VOID.triples, Literal(n)))
    for cls in (KGO.Meeting, KGO.Statement, KGO.Initiative, FOAF.Person):
        example = min(data.subjects(RDF.type, cls), default=None, key=str)
        if example is not None:
            add((ds, VOID.exampleResource, example))
    for ns in sorted({_namespace(t) for t in (*data.predicates(), *data.objects(None, RDF.type))}):
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
        add((node, DCAT.downloadURL, URIRef(base + "data/" + d.file)))
        add((node, DCAT.accessURL, URIRef(base + "data/" + d.file)))
        add((node, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media)))
        add((node, DCTERMS.license, URIRef(info.license)))
        if d.size is not None:
            add((node, DCAT.byteSize, Literal(d.size, datatype=XSD.nonNegativeInteger)))


def _namespace(iri) -> str:
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _local(iri) -> str:
    """kgo-Meeting for kgo:Meeting: a readable, unique name for a partition IRI."""
    text, ns = str(iri), _namespace(iri)
    prefix = next((k for k, v in PREFIXES.items() if str(v) == ns), "x")
    return segment(f"{prefix}-{text[len(ns):]}")
