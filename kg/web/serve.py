"""Start the endpoint: the query pool, the app, and uvicorn on a socket of our own (so that
port 0 can pick a free port and the address is known before serving)."""

from __future__ import annotations

import logging
import socket

from kg.errors import KgError
from kg.publish.licence import DatasetInfo
from kg.web.app import Endpoint, make_app
from kg.web.pool import QueryPool


def dataset_counts(path, backend: str) -> tuple[int, list[str]]:
    from kg.query.engines import open_store

    local = open_store(path, backend)
    (count,), = local.values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    sources = sorted(r[0] for r in local.values(
        "SELECT DISTINCT ?t WHERE { ?d a <https://w3id.org/kaigi-kg/ontology#SourceDocument> ;"
        " <http://purl.org/dc/terms/title> ?t }"))
    return int(count), sources


class Server:
    def __init__(self, graph_path, host: str = "127.0.0.1", port: int = 8000, timeout: float = 5.0,
                 max_rows: int = 10_000, workers: int = 2, backend: str = "oxigraph",
                 allow_service: tuple[str, ...] = (), max_queue: int = 16, info: DatasetInfo | None = None,
                 max_memory: int = 1024):
        from kg.rdf.load import graph_file

        path = graph_file(graph_path)
        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind((host, port))
            self.sock.listen(128)  # clients may connect (and wait) while the workers start
        except OSError as exc:
            self.sock.close()
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        except (OverflowError, socket.gaierror) as exc:
            self.sock.close()
            raise KgError(f"cannot listen on {host}:{port}: {exc}") from None
        # Without an allow-list, the workers get no network at all: SERVICE cannot reach anything.
        self.pool = QueryPool(path, backend, size=workers, timeout=timeout, max_rows=max_rows, max_queue=max_queue,
                              sandbox=not allow_service, memory=max_memory)
        try:
            count, sources = dataset_counts(path, backend)
        except KgError:
            self.pool.close()
            self.sock.close()
            raise
        self.endpoint = Endpoint(self.pool, info or DatasetInfo(), sources, count, tuple(allow_service))
        self.address = self.sock.getsockname()[:2]

    def serve_forever(self):
        import uvicorn

        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        from kg.web.target import Utf8TargetH11Protocol

        config = uvicorn.Config(make_app(self.endpoint), http=Utf8TargetH11Protocol, log_level="warning",
                                timeout_keep_alive=5, limit_concurrency=200, h11_max_incomplete_event_size=64 * 1024)
        # An access log, a line a request on standard output (client, request line, status);
        # uvicorn's other messages stay at warnings.
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
        try:
            uvicorn.Server(config).run(sockets=[self.sock])
        finally:
            self.close()

    def close(self):
        self.pool.close()
        self.sock.close()
