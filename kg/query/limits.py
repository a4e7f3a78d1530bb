"""What the process that runs a query lets it take: stack enough for the engine's recursion,
and (in the endpoint's workers) a cap on memory, so that no query can crash or bloat it.

Oxigraph reads, plans and evaluates a query by recursion on the main thread's stack (8 MB
by default): a few thousand nested groups overflow it and the process dies of SIGSEGV.
``kg.query.guard.check_shape`` bounds the nesting; the stack given here holds ten times
what that bound allows. A string built by CONCAT can double with every BIND, so a short
query can ask for gigabytes within the time limit: the worker's heap is capped
(RLIMIT_DATA: the address space, RLIMIT_AS, also counts the store's files and every
thread's reserved arenas, which are not what a query makes). Past the cap, Oxigraph's
allocation fails and the worker ends (Rust aborts on a failed allocation); the pool then
answers that query with an error and puts a fresh worker in its place.
"""

from __future__ import annotations

import contextlib

STACK = 256 << 20  # bytes; reserved as needed, only touched pages cost memory
ABORTED = -6  # a worker's exit code when an allocation failed (SIGABRT)


def deep_stack() -> None:
    """Let the main thread's stack grow to ``STACK`` (Linux checks the limit as it grows)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        if soft != resource.RLIM_INFINITY and soft < STACK:
            resource.setrlimit(resource.RLIMIT_STACK, (STACK if hard == resource.RLIM_INFINITY else min(STACK, hard),
                                                       hard))


def _data_now() -> int | None:
    """Bytes of this process's data segment (VmData), or None where /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def cap_memory(megabytes: int) -> bool:
    """Let this process's heap grow by at most ``megabytes`` from now on. False where the
    platform cannot say or cap it."""
    now = _data_now()
    if now is None or megabytes <= 0:
        return False
    try:
        import resource
        limit = now + (megabytes << 20)
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ImportError, ValueError, OSError):
        return False
    return True
