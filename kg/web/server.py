"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (standard library HTTP).

Routes: ``/`` a query page that works offline; ``/sparql`` the endpoint (GET ``?query=``,
POST form or ``application/sparql-query``; no query: the service description);
``/queries`` the named queries as JSON; ``/queries/NAME?param=…`` one named query by URL.
Status codes: 400 malformed query or bad parameter, 403 SPARQL Update, 404 unknown path or
query, 406 no acceptable format, 422 result over the row limit, 503 time limit, 500 our bug.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError
from kg.htmlsafe import script_json
from kg.publish.licence import DatasetInfo
from kg.query.formats import GRAPH_TYPES, SELECT_TYPES, serialize
from kg.query.named import ParamError, QueryNotFound, get, library
from kg.query.service import prepare
from kg.query.store import QueryError
from kg.web.worker import QueryTimeout, ResultTooLarge, WorkerPool

FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
                  "ttl": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld", "json-ld": "json-ld"}
EXTRA_TYPES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
               "application/x-turtle": "turtle", "text/plain": "nt"}
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The key of ``offered`` (key → media type) the Accept header prefers; None if none fits."""
    if not accept or not accept.strip():
        return next(iter(offered))
    by_type = {mt: key for key, mt in offered.items()}
    by_type.update({mt: key for mt, key in EXTRA_TYPES.items() if key in offered})
    best, best_q = None, 0.0
    for order, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media, q = parts[0].lower(), 1.0
        for p in parts[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "*"):
            key = next(iter(offered))
        elif media.endswith("/*"):
            key = next((k for mt, k in by_type.items() if mt.startswith(media[:-1])), None)
        else:
            key = by_type.get(media)
        if key and q > best_q:
            best, best_q = key, q
    return best


def _looks_like_update(text: str) -> bool:
    body = re.sub(r"(?im)^\s*(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|#.*)\s*", "", text).lstrip()
    return body.upper().startswith(_UPDATE_WORDS)


@dataclass
class Endpoint:
    pool: WorkerPool
    info: DatasetInfo
    sources: list[str]
    triples: int

    def page(self) -> bytes:
        queries = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                    "params": [{"name": p.name, "default": p.default, "description": p.description}
                               for p in q.params]} for q in library().values()]
        config = {"queries": queries, "license": self.info.license, "license_name": self.info.license_name,
                  "attribution": self.info.attribution(self.sources), "triples": self.triples,
                  "example": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)"}
        blob = script_json(config)
        html = (Path(__file__).parent / "index.html").read_text(encoding="utf-8")
        return html.replace("__CONFIG__", blob).encode("utf-8")

    def service_description(self, endpoint_url: str) -> str:
        formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD"]
        return (
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
            "@prefix void: <http://rdfs.org/ns/void#> .\n"
            "@prefix dcterms: <http://purl.org/dc/terms/> .\n\n"
            f"<{endpoint_url}> a sd:Service ;\n"
            f"    sd:endpoint <{endpoint_url}> ;\n"
            "    sd:supportedLanguage sd:SPARQL11Query ;\n"
            "    sd:resultFormat " + ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in formats) + " ;\n"
            "    sd:feature sd:BasicFederatedQuery ;\n"
            "    sd:defaultDataset [ a sd:Dataset ;\n"
            f"        dcterms:license <{self.info.license}> ;\n"
            f"        dcterms:title {json.dumps(self.info.title_ja, ensure_ascii=False)}@ja ;\n"
            f"        sd:defaultGraph [ a sd:Graph ; void:triples {self.triples} ] ] .\n"
        )


def _handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        server_version = "kaigi-kg"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # one line a request, to stderr
            sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

        def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _text(self, status: int, message: str):
            self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def do_OPTIONS(self):
            self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400"})

        def do_GET(self):
            self._dispatch(body=None)

        def do_HEAD(self):
            self._dispatch(body=None)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1_000_000:
                self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body over 1 MB")
                return
            self._dispatch(body=self.rfile.read(length))

        def _dispatch(self, body: bytes | None):
            try:
                self._route(body)
            except HttpError as exc:
                self._text(exc.status, exc.message)
            except (QueryError, ParamError) as exc:
                self._text(HTTPStatus.BAD_REQUEST, str(exc))
            except QueryNotFound as exc:
                self._text(HTTPStatus.NOT_FOUND, str(exc))
            except QueryTimeout as exc:
                self._text(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            except ResultTooLarge as exc:
                self._text(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc))
            except Exception:  # our bug: say so, keep the traceback in the log, stay up
                traceback.print_exc()
                self._text(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error in kaigi-kg (see the server log)")

        def _route(self, body: bytes | None):
            url = urlsplit(self.path)
            args = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            if url.path in ("/", "/index.html") and body is None:
                self._send(HTTPStatus.OK, endpoint.page(), "text/html; charset=utf-8")
            elif url.path == "/sparql":
                self._sparql(args, body)
            elif url.path == "/queries" and body is None:
                data = [{"name": q.name, "title": q.title, "description": q.description,
                         "params": [p.name for p in q.params], "url": f"/queries/{q.name}"}
                        for q in library().values()]
                self._send(HTTPStatus.OK, json.dumps(data, ensure_ascii=False, indent=1).encode(),
                           "application/json; charset=utf-8")
            elif url.path.startswith("/queries/"):
                from urllib.parse import unquote
                fmt = args.pop("format", None)
                prepared = prepare(get(unquote(url.path[len("/queries/"):])).name, args, endpoint.pool.query)
                self._answer(prepared.text, prepared.bindings, fmt)
            else:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such page {url.path}; try /, /sparql or /queries")

        def _sparql(self, args: dict, body: bytes | None):
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if body is not None:
                if ctype == "application/sparql-update":
                    raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
                if ctype == "application/sparql-query":
                    args["query"] = body.decode("utf-8", errors="replace")
                elif ctype in ("application/x-www-form-urlencoded", ""):
                    form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", errors="replace"),
                                                           keep_blank_values=True).items()}
                    args.update(form)
                else:
                    raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                    f"POST a form or application/sparql-query, not {ctype}")
            if "update" in args:
                raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            text = args.get("query")
            if text is None:
                host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
                sd = endpoint.service_description(f"http://{host}/sparql")
                self._send(HTTPStatus.OK, sd.encode("utf-8"), "text/turtle; charset=utf-8")
                return
            if _looks_like_update(text):
                raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")
            self._answer(text, {}, args.get("format"))

        def _answer(self, text: str, bindings: dict, fmt: str | None):
            if fmt is not None and fmt not in FORMAT_ALIASES:
                raise HttpError(HTTPStatus.BAD_REQUEST, f"unknown format {fmt!r}; use one of {', '.join(FORMAT_ALIASES)}")
            result = endpoint.pool.query(text, bindings)
            offered = GRAPH_TYPES if result.kind == "graph" else SELECT_TYPES
            key = FORMAT_ALIASES[fmt] if fmt else negotiate(self.headers.get("Accept"), offered)
            if key not in offered:
                raise HttpError(HTTPStatus.NOT_ACCEPTABLE, "no acceptable format; this result can be "
                                + ", ".join(offered.values()))
            charset = "" if key == "json-ld" else "; charset=utf-8"
            self._send(HTTPStatus.OK, serialize(result, key).encode("utf-8"), offered[key] + charset)

    return Handler


def make_server(graph_path, host: str = "127.0.0.1", port: int = 8000, timeout: float = 5.0,
                max_rows: int = 10_000, workers: int = 2, backend: str = "oxigraph"):
    from kg.query.store import open_store
    from kg.rdf.load import graph_file

    path = graph_file(graph_path)
    pool = WorkerPool(path, backend, size=workers, timeout=timeout, max_rows=max_rows)
    try:
        local = open_store(path, backend)
        count = local.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython()
        sources = sorted(str(r[0]) for r in local.query(
            "SELECT DISTINCT ?t WHERE { ?d a <https://w3id.org/kaigi-kg/ontology#SourceDocument> ;"
            " <http://purl.org/dc/terms/title> ?t }").rows)
        endpoint = Endpoint(pool, DatasetInfo(), sources, count)
        server = ThreadingHTTPServer((host, port), _handler(endpoint))
    except (OSError, KgError) as exc:
        pool.close()
        if isinstance(exc, OSError):
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        raise
    server.daemon_threads = True
    server.pool = pool
    return server
