"""Run queries in worker processes, so that a query can be stopped at a time limit.

Neither Oxigraph nor rdflib can interrupt a running query; a process can be ended. The pool
keeps ``size`` workers, each holding the same snapshot of the graph, and one spare:

- a query has one deadline for the whole request, the wait for a free worker included;
- at most ``max_queue`` requests wait; more get ``Busy`` at once (503 with Retry-After);
- a worker stopped at the time limit is replaced by the spare at once, and a new spare is
  made in the background, so a respawn never holds a slot;
- a query that ran to the time limit, or ended its worker (past the memory cap, a crash), is
  refused at once for a while when it comes again (the same text, parameters and dataset;
  10 s, doubled for each new offence up to a minute): a client repeating such a query costs
  the pool a worker and a respawn once a cool-down, not each time;
- when the graph file changes (a new ``kg build``), a whole new set of workers is started on
  it once the build is complete (its store, written last, matches the graph files) and
  swapped in together; if the new file cannot be read, the old snapshot keeps serving and
  the reason is logged. A worker started meanwhile opens the store as it stands (the last
  complete build), never the graph files ahead of it (1.3 GB each in memory at 1,000
  meetings); one that cannot start (the store being changed) is tried again, so no slot
  stays empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing as mp
import os
import queue
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Busy, KgError, QueryCoolingDown, QueryError, QueryTimeout, ResultTooLarge
from kg.query.engines import Result
from kg.query.limits import ABORTED
from kg.query.scope import Scope

log = logging.getLogger("kg.web")


def _serve(conn, path: str, backend: str, sandbox: bool = False, memory: int = 0) -> None:
    from kg.query.engines import open_store
    from kg.query.limits import cap_memory, deep_stack
    from kg.web.sandbox import deny_network
    # Before any query is read: no query can make this process connect anywhere (SERVICE),
    # overflow its stack or take more than ``memory`` MB of heap (kg/query/limits.py).
    sandboxed = deny_network() if sandbox else False
    deep_stack()
    try:
        store = open_store(path, backend, store_only=True)  # one generation: never files ahead of the store
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    if memory:
        cap_memory(memory)
    conn.send(("ready", sandboxed))
    while True:
        try:
            text, bindings, limit, scope = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = store.query(text, bindings, limit=limit, scope=scope)
            conn.send(("ok", result))
        except KgError as exc:
            message = str(exc)
            if sandboxed and "query failed" in message:  # e.g. a SERVICE call the sandbox refused
                message += " (this server's queries cannot reach the network)"
            conn.send(("query-error", message))
        except MemoryError:
            conn.send(("query-error", _TOO_BIG.format(memory)))
        except Exception as exc:  # our bug, or the engine's: this query fails, the worker serves on
            log.exception("a query failed in a worker")
            conn.send(("query-error", f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))


_TOO_BIG = "the query needed more memory than a query may use here ({} MB); narrow it down"


LONG_QUERY = 0.25  # seconds
# Seconds a query that ran to the time limit or ended its worker is refused: the first time,
# and at most (each offence within a minute of the last doubles it). Short at first, as a query
# may have run out of time only because the server was busy.
COOL_DOWN = (10.0, 60.0)
OFFENDERS = 4096  # such queries remembered (the oldest forgotten first)
LOW_PRIORITY = 15  # nice value of a long query's worker and of spares starting up


def _nice(worker: _Worker, value: int) -> None:
    """Lower (or give back) a worker's CPU priority; giving back needs privileges we may lack."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, value)


class _Worker:
    def __init__(self, ctx, path: Path, backend: str, generation: int, priority: int = 0, sandbox: bool = False,
                 memory: int = 0):
        self.generation = generation
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, str(path), backend, sandbox, memory), daemon=True)
        self.process.start()
        child.close()
        if priority:
            _nice(self, priority)  # a spare loads at low priority, not competing with queries
        status, message = self.conn.recv() if self.conn.poll(120) else ("error", "worker did not start")
        if status != "ready":
            self.stop()
            raise KgError(message)
        self.sandboxed = bool(message)

    def stop(self):
        self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass(frozen=True)
class Snapshot:
    path: Path
    signature: tuple[int, ...]  # (mtime_ns, size) of the files the workers loaded


def _signature(path: Path) -> tuple[int, ...]:
    """(mtime_ns, size) of the graph file and of the named graphs beside it, and of the
    store's stamp when a build keeps a store there."""
    from kg.rdf.load import named_graphs_beside
    from kg.store.folder import STAMP, STORE

    out: tuple[int, ...] = ()
    stamp = path.parent / STORE / STAMP
    for f in (path, named_graphs_beside(path), stamp if stamp.is_file() else None):
        if f is not None:
            st = f.stat()
            out += (st.st_mtime_ns, st.st_size)
    return out


def _complete(path: Path) -> bool:
    """Is the build in ``path``'s folder complete: no store there, or one that matches the
    graph files? (A build writes the graph files first and the store last.)"""
    from kg.store.folder import STORE, current_store
    return not (path.parent / STORE).is_dir() or current_store(path.parent) is not None


class QueryPool:
    def __init__(self, path: Path, backend: str = "oxigraph", size: int = 2, timeout: float = 5.0,
                 max_rows: int = 10_000, max_queue: int = 16, watch: float = 1.0, sandbox: bool = False,
                 memory: int = 0):
        """``sandbox``: the workers cannot open network sockets (kg/web/sandbox.py); ``memory``:
        MB of heap a worker may add once its store is open, 0 for no cap (kg/query/limits.py)."""
        self.path, self.backend, self.size, self.sandbox = Path(path), backend, size, sandbox
        self.memory = memory
        self.timeout, self.max_rows, self.max_queue = timeout, max_rows, max_queue
        self.ctx = mp.get_context("spawn")  # no fork of a threaded server
        self.lock = threading.Lock()
        self.waiting = 0
        self.generation = 0
        self.snapshot = Snapshot(self.path, _signature(self.path))
        self.idle: queue.Queue[_Worker] = queue.Queue()
        # fingerprint -> (refused until (monotonic), offences)
        self.offenders: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self.spare: _Worker | None = None
        self.live: set[_Worker] = set()
        for _ in range(size):
            self._add(self._worker(0))
        if sandbox and not all(w.sandboxed for w in self.live):
            log.warning("query workers can open network sockets on this platform; SERVICE is refused "
                        "by the query check alone")
        self.stopping = threading.Event()
        self._spawn_spare()
        if watch:
            threading.Thread(target=self._watch, args=(watch,), daemon=True, name="kg-snapshot-watch").start()

    def _worker(self, generation: int, priority: int = 0) -> _Worker:
        return _Worker(self.ctx, self.path, self.backend, generation, priority, self.sandbox, self.memory)

    def _add(self, worker: _Worker):
        self.live.add(worker)
        self.idle.put(worker)

    def _spawn_spare(self):
        self._spawn(as_spare=True)

    def _spawn(self, as_spare: bool):
        """Start a worker in the background: as the spare, or straight into a free slot."""
        generation = self.generation

        def make():
            wait = 0.5
            while True:  # a worker that cannot start now (a build under way) is tried again
                try:
                    w = self._worker(generation, LOW_PRIORITY if as_spare else 0)
                    break
                except KgError as exc:
                    log.warning("could not start a worker: %s; trying again in %g s", exc, wait)
                if self.stopping.wait(wait) or generation != self.generation:
                    return
                wait = min(wait * 2, 10.0)
            with self.lock:
                stale = generation != self.generation or (as_spare and self.spare is not None)
                if not stale:
                    if as_spare:
                        self.spare = w
                    else:
                        self._add(w)
            if stale:
                w.stop()
        threading.Thread(target=make, daemon=True).start()

    @staticmethod
    def _fingerprint(text: str, bindings: dict | None, scope: Scope | None) -> str:
        key = repr((text, sorted((str(k), repr(v)) for k, v in (bindings or {}).items()), scope))
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    def _refuse_if_cooling(self, key: str) -> None:
        with self.lock:
            until, _ = self.offenders.get(key, (0.0, 0))
        left = until - time.monotonic()
        if left > 0:
            wait = max(1, round(left))
            raise QueryCoolingDown(f"this query ran to the time limit of {self.timeout:g} s or past the memory "
                                   f"a query may use a short while ago; it is not run again for {wait} s: "
                                   "narrow it down or add LIMIT", wait)

    def _cool(self, key: str) -> None:
        first, longest = COOL_DOWN
        now = time.monotonic()
        with self.lock:
            until, offences = self.offenders.pop(key, (0.0, 0))
            offences = offences + 1 if now - until < longest else 1  # forgiven after a quiet minute
            self.offenders[key] = (now + min(longest, first * 2 ** (offences - 1)), offences)
            while len(self.offenders) > OFFENDERS:
                self.offenders.popitem(last=False)

    def query(self, text: str, bindings: dict | None = None, scope: Scope | None = None) -> Result:
        deadline = time.monotonic() + self.timeout
        key = self._fingerprint(text, bindings, scope)
        self._refuse_if_cooling(key)  # before any worker, or any wait for one
        try:
            return self._run(self.idle.get_nowait(), text, bindings, deadline, scope, key)
        except queue.Empty:
            pass
        with self.lock:
            if self.waiting >= self.max_queue:
                raise Busy(f"all {self.size} workers are busy and {self.waiting} queries wait; try again shortly")
            self.waiting += 1
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"no worker came free within the time limit of {self.timeout:g} s; "
                               "the server is busy, try again shortly") from None
        finally:
            with self.lock:
                self.waiting -= 1
        return self._run(worker, text, bindings, deadline, scope, key)

    def _run(self, worker: _Worker, text: str, bindings: dict | None, deadline: float,
             scope: Scope | None = None, key: str | None = None) -> Result:
        try:
            worker.conn.send((text, bindings or {}, self.max_rows, scope))
            # A query still running after LONG_QUERY gets a lower CPU priority, so that short
            # queries keep their latency while long ones run towards the time limit.
            done = worker.conn.poll(min(LONG_QUERY, max(0.0, deadline - time.monotonic())))
            if not done:
                _nice(worker, LOW_PRIORITY)
                done = worker.conn.poll(max(0.0, deadline - time.monotonic()))
                _nice(worker, 0)
            if not done:
                self._retire(worker)
                worker = None  # type: ignore[assignment]  # retired: not given back below
                if key is not None:
                    self._cool(key)
                raise QueryTimeout(f"query stopped at the time limit of {self.timeout:g} s; "
                                   "narrow it down or add LIMIT")
            status, payload = worker.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            message = "the query worker stopped unexpectedly; the query was not answered"
            if worker is not None:
                worker.process.join(1)
                if worker.process.exitcode == ABORTED and self.memory:  # an allocation past the cap
                    message = _TOO_BIG.format(self.memory)
                self._retire(worker)
                worker = None  # type: ignore[assignment]  # retired: not given back below
                if key is not None:
                    self._cool(key)
            raise QueryError(message) from None
        finally:
            if worker is not None:
                self._give_back(worker)
        if status == "query-error":
            raise QueryError(payload)
        if payload.truncated:
            raise ResultTooLarge(f"the result has more than {self.max_rows} rows (the endpoint's limit); "
                                 "add LIMIT/OFFSET to page through it")
        return payload

    def _give_back(self, worker: _Worker):
        with self.lock:
            current = worker.generation == self.generation and worker in self.live
        if current:
            self.idle.put(worker)
        else:
            worker.stop()  # from a snapshot that has been replaced

    def _retire(self, worker: _Worker):
        """Stop a worker (time limit, crash) and put the spare in its slot at once."""
        worker.stop()
        with self.lock:
            self.live.discard(worker)
            spare, self.spare = self.spare, None
            if spare is not None and spare.generation == self.generation:
                _nice(spare, 0)
                self._add(spare)
                filled = True
            else:
                filled = False
        if not filled:
            self._spawn(as_spare=False)
        self._spawn_spare()

    # -- a new build -----------------------------------------------------------------------
    def _watch(self, every: float):
        while not self.stopping.wait(every):
            try:
                signature = _signature(self.path)
            except OSError:
                continue  # being replaced right now
            if signature != self.snapshot.signature:
                time.sleep(0.3)  # a build swaps graph.ttl and graph.trig one after the other
                try:
                    settled = _signature(self.path)
                except OSError:
                    continue
                if settled == signature and _complete(self.path):  # else: the store comes last
                    self.reload(signature)

    def reload(self, signature: tuple[int, ...] | None = None) -> bool:
        """Start workers on the file as it is now and swap them all in together. False (and
        the old snapshot keeps serving) when it cannot be read."""
        signature = signature or _signature(self.path)
        fresh: list[_Worker] = []
        try:
            for _ in range(self.size + 1):
                fresh.append(self._worker(self.generation + 1))
        except KgError as exc:
            for w in fresh:
                w.stop()
            log.warning("the new graph at %s cannot be served (%s); still serving the previous one", self.path, exc)
            self.snapshot = Snapshot(self.path, signature)  # do not retry until it changes again
            return False
        with self.lock:
            self.generation += 1
            old_idle, self.idle = self.idle, queue.Queue()
            old_spare, self.spare = self.spare, fresh.pop()
            self.live = set()
            for w in fresh:
                self._add(w)
            self.snapshot = Snapshot(self.path, signature)
        for w in [*self._drain(old_idle), *([old_spare] if old_spare else [])]:
            w.stop()
        log.warning("now serving the new graph at %s", self.path)
        return True

    @staticmethod
    def _drain(q: queue.Queue) -> list[_Worker]:
        out = []
        while True:
            try:
                out.append(q.get_nowait())
            except queue.Empty:
                return out

    def close(self):
        self.stopping.set()
        with self.lock:
            workers = [*self.live, *([self.spare] if self.spare else [])]
            self.live, self.spare = set(), None
        for w in workers:
            w.stop()
