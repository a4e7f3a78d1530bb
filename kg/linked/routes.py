"""The graph's own IRIs on `kg serve`: ``/id/…`` (instances under the build's base) and
``/theme/…`` (the theme scheme), following the W3C "Cool URIs for the Semantic Web" 303 recipe.

- ``GET /id/person/…`` answers ``303 See Other`` to the document the ``Accept`` header asks
  for: ``….html`` (browsers, and by default), ``….ttl``, ``….jsonld`` or ``….nt``;
- ``GET /id/person/….ttl`` (or .html, .jsonld, .nt) answers that document, 200;
- a part (a statement's selector or mention) answers 303 to its owner's document, the part's
  place on the page as the fragment; an IRI the graph does not hold: 404.

Pages are read by triple lookups on the graph the workers serve, opened read-only in the
server's process (again when a new build replaces it); a page is bounded (kg.linked.describe).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.linked.spaces import SUFFIXES, Spaces, anchor, base_of_meeting, owner
from kg.web.negotiate import negotiate

if TYPE_CHECKING:
    from kg.linked.describe import Match
    from kg.web.app import Endpoint

# Pages are read with rdflib (kg.linked.describe, kg.linked.page), imported at the first page
# asked for: the endpoint starts, and answers queries, without it.

OFFERED = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}


def spaces_of(match: Match) -> Spaces:
    """The IRI spaces of a graph (its base read off one of its meetings' IRIs)."""
    from rdflib.namespace import RDF

    from kg.rdf.namespaces import KGO
    meeting = next((s for s, _, _ in match(None, RDF.type, KGO.Meeting)), None)
    return Spaces(base_of_meeting(str(meeting) if meeting is not None else None))


def local_roots(pool) -> list[list[str]]:
    """(IRI space, its path on this server) for the query page: result IRIs link to their pages."""
    return [[ns, "/" + prefix] for prefix, ns in spaces_of(_graph(pool)[0]).roots()]


_opened: dict = {}


def _graph(pool) -> tuple[Match, Spaces]:
    """The lookups and IRI spaces of the graph the pool serves, opened once a snapshot."""
    from kg.linked.describe import triples_of
    from kg.query.engines import open_store
    if _opened.get("snapshot") != (id(pool), pool.snapshot):
        match = triples_of(open_store(pool.snapshot.path, pool.backend))
        _opened.update(snapshot=(id(pool), pool.snapshot), match=match, spaces=spaces_of(match))
    return _opened["match"], _opened["spaces"]


def resource_routes(endpoint: Endpoint) -> list[Route]:
    async def resource(request: Request) -> Response:
        from kg.linked.describe import describe
        from kg.linked.page import MEDIA, Links, render_html, render_rdf
        local = request.url.path.lstrip("/")
        fmt = next((f for suffix, f in SUFFIXES.items() if local.endswith(suffix)), None)
        if fmt:
            local = local[: -len(fmt) - 1]
        if local.endswith("/"):  # the theme scheme itself
            local += "index"
        match, sp = await to_thread.run_sync(_graph, endpoint.pool)
        iri = sp.iri(local)
        if iri is None:
            return _missing(request.url.path)
        if owner(iri) != iri:
            target = sp.local(owner(iri))
            frag = anchor(iri) if fmt in (None, "html") else ""
            return _see_other("/" + str(target) + (f".{fmt}" if fmt else "") + (f"#{quote(frag)}" if frag else ""))
        if fmt is None:
            chosen = negotiate(request.headers.get("accept"), OFFERED)
            if chosen is None:
                return PlainTextResponse("no acceptable format; this resource can be " + ", ".join(OFFERED.values())
                                         + "\n", 406, headers={"Vary": "Accept"})
            return _see_other("/" + local + "." + chosen, {"Vary": "Accept"})
        d = await to_thread.run_sync(lambda: describe(match, iri))
        if not d.found:
            return _missing(request.url.path)
        if fmt == "html":
            body = render_html(d, Links(sp, local), endpoint.info, endpoint.sources).encode("utf-8")
        else:
            body = await to_thread.run_sync(lambda: render_rdf(d, fmt))
        return Response(body, media_type=MEDIA[fmt], headers={"Link": f'<{quote(iri, safe=":/#%")}>; rel="canonical"'})

    async def ontology(request: Request) -> Response:
        from kg.linked.page import MEDIA
        from kg.publish.docs import render
        return Response(await to_thread.run_sync(render, None), media_type=MEDIA["html"])

    methods = ["GET", "HEAD"]
    return [Route("/id/{rest:path}", resource, methods=methods), Route("/theme/{rest:path}", resource, methods=methods),
            Route("/ontology.html", ontology, methods=methods)]


def _see_other(location: str, headers: dict | None = None) -> Response:
    return RedirectResponse(quote(location, safe="/#%.-_~()"), 303, headers=headers)


def _missing(path: str) -> Response:
    return PlainTextResponse(f"no resource at {path} in this graph\n", 404)
