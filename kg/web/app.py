"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, on Starlette (served by uvicorn).

Routes: ``/`` a query page that works offline; ``/sparql`` the endpoint (GET ``?query=``, POST
form or ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` name the
dataset, the endpoint's address is the base IRI; no query: the service description); ``/queries`` the
named queries as JSON; ``/queries/NAME?param=…`` one named query by URL; ``/health`` a liveness
probe that needs no worker. Status codes: 400 malformed query, bad parameter or refused SERVICE,
403 SPARQL Update, 404 unknown path or query, 406 no acceptable format, 413 body over 1 MB,
415 unknown POST type, 422 result over the row limit, 503 time limit or queue full (with
Retry-After), 500 our bug; 400 too for two ``query`` parameters, a POST without Content-Type
and a query not in UTF-8. Request parsing, limits and keep-alive are the HTTP stack's job.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import (
    Busy,
    HttpError,
    KgError,
    ParamError,
    QueryError,
    QueryNotFound,
    QueryRefused,
    QueryTimeout,
    ReadOnly,
    ResultTooLarge,
)
from kg.htmlsafe import script_json
from kg.linked.routes import local_roots, resource_routes
from kg.publish.licence import DatasetInfo
from kg.query.formats import GRAPH_TYPES, SELECT_TYPES, serialize
from kg.query.guard import READ_ONLY, looks_like_update
from kg.query.named import get, library
from kg.query.prefixes import USUAL
from kg.query.scope import Scope
from kg.query.service import prepare
from kg.web.editor import editor_routes
from kg.web.negotiate import FORMAT_ALIASES, negotiate
from kg.web.pool import QueryPool

log = logging.getLogger("kg.web")
MAX_BODY = 1_000_000
GRAPH_FORMAT_OF = {"xml": "rdfxml", "json": "json-ld"}


@dataclass
class Endpoint:
    pool: QueryPool
    info: DatasetInfo
    sources: list[str]
    triples: int
    allow_service: tuple[str, ...] = ()
    page_html: str = field(default="", repr=False)

    def page(self) -> str:
        if not self.page_html:
            queries = [q.to_dict(text=True) for q in library().values()]
            config = {"queries": queries, "license": self.info.license, "license_name": self.info.license_name,
                      "attribution": self.info.attribution(self.sources), "triples": self.triples,
                      "prefixes": USUAL, "resources": local_roots(self.pool),
                      "example": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)"}
            html = (Path(__file__).parent / "index.html").read_text(encoding="utf-8")
            self.page_html = html.replace("__CONFIG__", script_json(config))
        return self.page_html

    def service_description(self, endpoint_url: str) -> str:
        formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG"]
        features = ["sd:UnionDefaultGraph"] + (["sd:BasicFederatedQuery"] if self.allow_service else [])
        known = "Known without PREFIX: " + ", ".join(p + ": <" + ns + ">" for p, ns in USUAL.items())
        return (
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
            "@prefix void: <http://rdfs.org/ns/void#> .\n"
            "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
            f"<{endpoint_url}> a sd:Service ;\n"
            f"    sd:endpoint <{endpoint_url}> ;\n"
            "    sd:supportedLanguage sd:SPARQL11Query ;\n"
            f"    rdfs:comment {json.dumps(known)} ;\n"
            "    sd:resultFormat " + ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in formats) + " ;\n"
            f"    sd:feature {', '.join(features)} ;\n"
            "    sd:defaultDataset [ a sd:Dataset ;\n"
            f"        dcterms:license <{self.info.license}> ;\n"
            f"        dcterms:title {json.dumps(self.info.title_ja, ensure_ascii=False)}@ja ;\n"
            f"        sd:defaultGraph [ a sd:Graph ; void:triples {self.triples} ] ] .\n"
        )

    # -- answering -------------------------------------------------------------------------
    async def answer(self, request: Request, query: str, params: dict, fmt: str | None,
                     scope: Scope | None = None) -> Response:
        if fmt is not None and fmt not in FORMAT_ALIASES:
            raise HttpError(400, f"unknown format {fmt!r}; use one of {', '.join(FORMAT_ALIASES)}")

        def run():
            prepared = prepare(query, params, self.pool.query, self.allow_service)
            return prepared, self.pool.query(prepared.text, prepared.bindings, scope)
        prepared, result = await to_thread.run_sync(run)
        offered = GRAPH_TYPES if result.kind == "graph" else SELECT_TYPES
        key = FORMAT_ALIASES[fmt] if fmt else negotiate(request.headers.get("accept"), offered)
        if result.kind == "graph" and key:  # format=xml / json from clients that send it for every query
            key = GRAPH_FORMAT_OF.get(key, key)
        if key not in offered:
            raise HttpError(406, "no acceptable format; this result can be " + ", ".join(offered.values()))
        charset = "" if key == "json-ld" else "; charset=utf-8"
        applied = prepared.applied
        body = await to_thread.run_sync(lambda: serialize(result, key, params=applied))
        headers = {"Vary": "Accept"}
        if applied:  # which filters shaped the answer (percent-encoded: headers are ASCII)
            headers["X-Query-Parameters"] = urlencode(applied)
        return Response(body, media_type=offered[key] + charset, headers=headers)


async def _body(request: Request) -> bytes:
    """The request body, refused past MAX_BODY whatever Content-Length said."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise HttpError(413, f"request body over {MAX_BODY // 1_000_000} MB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HttpError(413, f"request body over {MAX_BODY // 1_000_000} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _query_args(request: Request) -> dict[str, str]:
    """Query-string parameters; raw UTF-8 (as curl sends it) and percent-encoding alike."""
    return dict(parse_qsl(_utf8(request.scope.get("query_string", b""), "the query string"), keep_blank_values=True))


def _endpoint_url(request: Request) -> str:
    """This endpoint's address as the client called it: the base IRI of its queries."""
    return f"{request.url.scheme}://{request.headers.get('host') or request.url.netloc}/sparql"


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"{what} is not UTF-8 (byte {exc.start})") from None


async def _protocol_args(request: Request) -> list[tuple[str, str]]:
    """The request's parameters in order, repeats kept (default-graph-uri may come several
    times; query may not): the query string's, then a POST body's. A POST says what its body
    is: a form or a query (application/sparql-query, UTF-8); no Content-Type is a 400, any
    other a 415, and an update a 403."""
    raw = request.scope.get("query_string", b"")
    pairs = parse_qsl(_utf8(raw, "the query string"), keep_blank_values=True)
    if request.method != "POST":
        return pairs
    header = request.headers.get("content-type")
    ctype, _, options = (header or "").partition(";")
    ctype = ctype.strip().lower()
    body = await _body(request)
    if ctype == "application/sparql-update":
        raise HttpError(403, READ_ONLY)
    if not ctype:
        raise HttpError(400, "a POST needs a Content-Type: application/x-www-form-urlencoded (query=…) "
                             "or application/sparql-query (the query as the body)")
    charset = next((v.strip().strip('"').lower() for k, _, v in (o.partition("=") for o in options.split(";"))
                    if k.strip().lower() == "charset"), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise HttpError(400, f"a query is sent in UTF-8, not {charset}")
    if ctype == "application/sparql-query":
        return [*pairs, ("query", _utf8(body, "the query"))]
    if ctype == "application/x-www-form-urlencoded":
        return [*pairs, *parse_qsl(_utf8(body, "the form"), keep_blank_values=True)]
    raise HttpError(415, f"POST a form or application/sparql-query, not {ctype}")


def make_app(endpoint: Endpoint) -> Starlette:
    async def page(request: Request) -> Response:
        return Response(endpoint.page(), media_type="text/html; charset=utf-8")

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "graph": str(endpoint.pool.snapshot.path),
                             "idle_workers": endpoint.pool.idle.qsize()})

    async def sparql(request: Request) -> Response:
        pairs = await _protocol_args(request)
        names = [k for k, _ in pairs]
        if "update" in names:
            raise HttpError(403, READ_ONLY)
        if names.count("query") > 1:
            raise HttpError(400, f"{names.count('query')} query parameters; send one query a request")
        args = dict(pairs)
        text = args.get("query")
        if text is None:
            return Response(endpoint.service_description(_endpoint_url(request)),
                            media_type="text/turtle; charset=utf-8")
        if looks_like_update(text):
            raise HttpError(403, READ_ONLY)
        scope = Scope(base=_endpoint_url(request),
                      default=tuple(v for k, v in pairs if k == "default-graph-uri") or None,
                      named=tuple(v for k, v in pairs if k == "named-graph-uri") or None)
        if scope.names_dataset:  # a protocol dataset names both parts; the one not given is empty
            scope = Scope(scope.base, scope.default or (), scope.named or ())
        return await endpoint.answer(request, text, {}, args.get("format"), scope)

    async def queries(request: Request) -> Response:
        data = [{**q.to_dict(), "url": f"/queries/{q.name}"} for q in library().values()]
        return JSONResponse(data)

    async def named(request: Request) -> Response:
        args = _query_args(request)
        fmt = args.pop("format", None)
        args.pop("query", None)  # the query editor sends the text along; the name decides what runs
        name = get(unquote(request.path_params["name"])).name  # a name, never SPARQL text
        return await endpoint.answer(request, name, args, fmt)

    async def not_found(request: Request, exc) -> Response:
        return PlainTextResponse(f"no such page {request.url.path}; try /, /sparql, /queries or /id/…\n", 404)

    routes = [Route("/", page, methods=["GET", "HEAD"]), Route("/index.html", page, methods=["GET", "HEAD"]),
              Route("/health", health, methods=["GET", "HEAD"]),
              Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
              Route("/queries", queries, methods=["GET", "HEAD"]),
              Route("/queries/{name}", named, methods=["GET", "HEAD"]), *resource_routes(endpoint),
              *editor_routes(endpoint)]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["Content-Type", "Accept"], max_age=86400)]
    # Starlette types a handler as taking any Exception; each of ours takes the class it is for.
    handlers = {404: not_found, HttpError: _http_error, KgError: _kg_error, ClientDisconnect: _gone, Exception: _bug}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)  # type: ignore[arg-type]


def _text(status: int, message: str, headers: dict | None = None) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status, headers=headers)


async def _http_error(request: Request, exc: HttpError) -> Response:
    return _text(exc.status, exc.message, exc.headers)


# Our one error base, by kind: the status a client should see.
STATUS = ((QueryNotFound, 404), (ReadOnly, 403), (QueryRefused, 400), (ParamError, 400), (QueryError, 400),
          (ResultTooLarge, 422), (Busy, 503), (QueryTimeout, 503))


async def _kg_error(request: Request, exc: KgError) -> Response:
    status = next((s for cls, s in STATUS if isinstance(exc, cls)), 400)
    return _text(status, str(exc), {"Retry-After": str(getattr(exc, "retry_after", 2))} if status == 503 else None)


async def _gone(request: Request, exc: ClientDisconnect) -> Response:
    """The client left before its request was read: nobody to answer, nothing to log."""
    return Response(status_code=400)


async def _bug(request: Request, exc: Exception) -> Response:
    log.error("internal error answering %s", request.url.path)  # the traceback follows from the server
    return _text(500, "internal error in kaigi-kg (see the server log)")
