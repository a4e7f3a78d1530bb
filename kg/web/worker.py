"""Run queries in a separate process, so that a query can be stopped at a time limit.

Neither Oxigraph nor rdflib can interrupt a running query; a process can be ended. A
``WorkerPool`` keeps a few worker processes, each holding the store; a query that runs past
the limit has its worker ended and replaced.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from pathlib import Path

from kg.errors import KgError
from kg.query.store import QueryError, Result


class QueryTimeout(KgError):
    pass


class ResultTooLarge(KgError):
    pass


def _serve(conn, path: str, backend: str) -> None:
    from kg.query.store import open_store
    try:
        store = open_store(path, backend)
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            text, bindings, limit = conn.recv()
        except EOFError:
            return
        try:
            result = store.query(text, bindings, limit=limit)
            if result.graph is not None:  # send triples: smaller and simpler to pickle
                result.graph = list(result.graph)
            conn.send(("ok", result))
        except QueryError as exc:
            conn.send(("query-error", str(exc)))


class _Worker:
    def __init__(self, ctx, path: Path, backend: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, str(path), backend), daemon=True)
        self.process.start()
        child.close()
        status, message = self.conn.recv()
        if status != "ready":
            self.stop()
            raise KgError(message)

    def stop(self):
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    def __init__(self, path: Path, backend: str = "oxigraph", size: int = 2,
                 timeout: float = 5.0, max_rows: int = 10_000):
        self.path, self.backend = path, backend
        self.timeout, self.max_rows = timeout, max_rows
        self.ctx = mp.get_context("spawn")  # no fork of a threaded server
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.workers = [_Worker(self.ctx, path, backend) for _ in range(size)]
        for w in self.workers:
            self.idle.put(w)

    def query(self, text: str, bindings: dict | None = None) -> Result:
        worker = self.idle.get()
        try:
            worker.conn.send((text, bindings or {}, self.max_rows))
            if not worker.conn.poll(self.timeout):
                worker = self._replace(worker)
                raise QueryTimeout(f"query stopped at the time limit of {self.timeout:g} s; "
                                   "narrow it down or add LIMIT")
            status, payload = worker.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker = self._replace(worker)
            raise
        finally:
            self.idle.put(worker)
        if status == "query-error":
            raise QueryError(payload)
        if payload.truncated:
            raise ResultTooLarge(f"the result has more than {self.max_rows} rows (the endpoint's limit); "
                                 "add LIMIT/OFFSET to page through it")
        if payload.graph is not None:
            from rdflib import Graph
            g = Graph()
            for t in payload.graph:
                g.add(t)
            payload.graph = g
        return payload

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop()
        fresh = _Worker(self.ctx, self.path, self.backend)
        with self.lock:
            self.workers[self.workers.index(worker)] = fresh
        return fresh

    def close(self):
        for w in self.workers:
            w.stop()
