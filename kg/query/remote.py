"""Named queries (or any SPARQL) against a remote SPARQL 1.1 endpoint: Oxigraph, Apache Jena
Fuseki, Virtuoso … that a corpus was pushed to (``kg push``).

Parameters are sent inside the query as an inline ``VALUES`` block at the top of its WHERE
group (the protocol has no bindings), which binds them for every pattern and filter of that
group, as Oxigraph's substitutions do locally. Answers come back as SPARQL JSON results (or
N-Triples for CONSTRUCT/DESCRIBE) and are made into the same ``Result`` a local store gives.
"""

from __future__ import annotations

import json

from kg.errors import KgError, QueryError
from kg.query.engines import Result
from kg.query.named import inline_bindings
from kg.vocabulary import XSD


def endpoint_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) address with a host; else a clear error naming ``what``."""
    import httpx
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise KgError(f"{what} {url!r} is not a URL: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise KgError(f"{what} {url!r} is not an http(s) URL with a host")
    return url


def _term(cell: dict):
    import pyoxigraph as ox
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in cell:
        return ox.Literal(value, language=cell["xml:lang"])
    datatype = cell.get("datatype")
    if not datatype or datatype == XSD + "string":
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


class RemoteStore:
    """The query side of a remote endpoint, shaped like the local stores."""

    name = "remote"

    def __init__(self, url: str, auth: tuple[str, str] | None = None, timeout: float = 120.0):
        self.url, self.auth, self.timeout = endpoint_url(url, "the SPARQL endpoint"), auth, timeout

    def query(self, text: str, bindings: dict | None = None, limit: int | None = None) -> Result:
        import httpx
        body = inline_bindings(text, bindings)
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        try:
            r = httpx.post(self.url, data={"query": body}, headers={"Accept": accept}, auth=self.auth,
                           timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise KgError(f"cannot reach the SPARQL endpoint {self.url}: {exc}") from None
        if r.status_code >= 400:
            first = (r.text.strip().splitlines() or [""])[0][:300]
            raise QueryError(f"the endpoint {self.url} answered {r.status_code}: {first}")
        kind = r.headers.get("content-type", "").split(";")[0].strip()
        if kind in ("application/sparql-results+json", "application/json"):
            return self._results(r.content, limit)
        import pyoxigraph as ox
        fmt = ox.RdfFormat.N_TRIPLES if kind == "application/n-triples" else ox.RdfFormat.TURTLE
        try:
            triples = [(q.subject, q.predicate, q.object) for q in ox.parse(r.content, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"the endpoint {self.url} sent an answer that is not RDF ({kind}): {exc}") from None
        return Result("graph", triples=triples)

    @staticmethod
    def _results(content: bytes, limit: int | None) -> Result:
        try:
            data = json.loads(content)
        except ValueError:
            raise QueryError("the endpoint sent results that are not JSON") from None
        if "boolean" in data:
            return Result("ask", boolean=bool(data["boolean"]))
        names = data["head"]["vars"]
        rows = [tuple(_term(b[n]) if n in b else None for n in names) for b in data["results"]["bindings"]]
        truncated = limit is not None and len(rows) > limit
        return Result("select", variables=names, terms=rows[:limit] if truncated else rows, truncated=truncated)
