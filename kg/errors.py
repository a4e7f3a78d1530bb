"""The one error base class and every error kaigi-kg reports. The CLI turns a KgError into a
message and exit code 2; anything else is our bug and keeps its traceback."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """A user-facing problem: bad input, missing file, bad option value."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(KgError):
    """A source file that cannot be read or holds no recognizable meeting."""


class QueryError(KgError):
    """A query that does not parse or cannot run (the parser's message is kept)."""


class QueryNotFound(KgError):
    """No named query of that name."""


class ParamError(KgError):
    """A named query's parameter that is missing, unknown or of the wrong type."""


class QueryTimeout(KgError):
    """A query the endpoint stopped at its time limit."""


class QueryCoolingDown(QueryTimeout):
    """A query that ran past the time limit, or ended its worker, a short while ago: refused at
    once until ``retry_after`` seconds have passed."""

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)


class ResultTooLarge(KgError):
    """A result past the endpoint's row or byte limit."""


class Busy(KgError):
    """Every worker of the endpoint is busy and the queue is full."""


class QueryRefused(KgError):
    """A query this endpoint will not run (SERVICE to a host not allowed)."""


class ReadOnly(QueryRefused):
    """An update sent to the query endpoint."""


class FetchError(KgError):
    """An address kg fetch could not or would not download (robots.txt, size, another host,
    an HTTP error): one line naming the address."""


class FolderBusy(KgError):
    """Another process holds an outputs folder (a second ``kg build`` into the same one). Not
    ``Busy``: that one is the endpoint's full queue, answered with 503."""


class StoreDamaged(KgError):
    """The store a build would update cannot be opened or read (a build loads it anew)."""


class PageError(ValueError):
    """A page that cannot be read as a summary; the reader turns it into an InputError naming
    the file (the HTML reader does not know the file's name)."""


class HttpError(Exception):
    """A request the endpoint answers with ``status`` (not a KgError: it never reaches the CLI)."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}
