"""The one HTTP client of kg fetch (httpx): every request goes through it, so every request is
polite. One request at a time, a delay between two to one host (or robots.txt's Crawl-delay when
longer); robots.txt checked before an address is asked for; conditional requests (ETag,
Last-Modified); 429 and 503 waited out as Retry-After says; redirects followed a bounded number of
times and only on the same host (or one allowed); only http(s); bodies stopped at a size limit."""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from kg.errors import FetchError
from kg.fetch.robots import Robots
from kg.fetch.settings import FetchSettings

REDIRECTS = (301, 302, 303, 307, 308)
RETRY = (429, 503)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the copy held is current
    content: bytes = b""
    media_type: str = ""  # without parameters: text/html, application/pdf
    etag: str | None = None
    last_modified: str | None = None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError("not fetched: only http and https addresses are", path=url)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Client:
    def __init__(self, settings: FetchSettings, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self.sleep, self.clock = sleep, clock
        self.http = httpx.Client(follow_redirects=False, timeout=settings.timeout,
                                 headers={"User-Agent": settings.user_agent})
        self.robots = Robots(settings.user_agent, self._robots_txt)
        self.last: dict[str, float] = {}  # host → when its last request ended
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _robots_txt(self, url: str) -> tuple[int, str]:
        got = self.get(url, robots=False, error_status=False)
        return got.status, got.content.decode("utf-8", "replace")

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None, *,
            robots: bool = True, error_status: bool = True) -> Fetched:
        """The body of ``url``, or status 304 when ``etag``/``last_modified`` are still current.
        With ``error_status`` false a 4xx/5xx comes back as it is (robots.txt's status matters)."""
        _check_scheme(url)
        home = _host(url)
        for _ in range(self.settings.max_redirects + 1):
            if robots:
                self.robots.check(url)
            got = self._request(url, etag, last_modified, error_status)
            if got.status not in REDIRECTS:
                return got
            target = urljoin(url, got.content.decode("latin-1"))
            _check_scheme(target)
            if _host(target) != home and _host(target) not in self.settings.allowed_hosts:
                raise FetchError(f"not fetched: it redirects to another host ({_host(target)}); "
                                 "--allow-host lets it", path=url)
            url = target
        raise FetchError(f"not fetched: more than {self.settings.max_redirects} redirects", path=url)

    def _pace(self, url: str) -> None:
        host = _host(url)
        gap = max(self.settings.delay, self.robots.crawl_delay(url) if host in self.last else 0.0)
        if host in self.last:
            wait = self.last[host] + gap - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _request(self, url: str, etag: str | None, last_modified: str | None, error_status: bool) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.settings.retries + 1):
            if self.requests >= self.settings.max_pages:
                raise FetchError(f"not fetched: the limit of {self.settings.max_pages} requests a run is reached "
                                 "(--max-pages)", path=url)
            self._pace(url)
            self.requests += 1
            try:
                got = self._one(url, headers)
            except httpx.HTTPError as exc:
                raise FetchError(f"no answer: {type(exc).__name__}: {exc}"[:200], path=url) from None
            finally:
                self.last[_host(url)] = self.clock()
            if isinstance(got, float):  # 429/503: wait as told, then ask again
                if got > self.settings.max_wait:
                    raise FetchError(f"the server asks to wait {got:.0f} s (more than {self.settings.max_wait:.0f})",
                                     path=url)
                if attempt < self.settings.retries:
                    self.sleep(got)
                continue
            if error_status and got.status >= 400:
                raise FetchError(f"HTTP {got.status}", path=url)
            return got
        raise FetchError(f"still busy (429/503) after {self.settings.retries} retries", path=url)

    def _one(self, url: str, headers: dict[str, str]) -> Fetched | float:
        limit = self.settings.max_bytes
        with self.http.stream("GET", url, headers=headers) as r:
            if r.status_code in RETRY:
                wait = retry_after(r.headers.get("Retry-After"))
                return max(wait if wait is not None else self.settings.delay, self.settings.delay)
            if r.status_code in REDIRECTS:
                location = r.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {r.status_code} without a Location", path=url)
                return Fetched(url, r.status_code, location.encode("latin-1", "replace"))
            if r.status_code == 304 or r.status_code >= 400:
                return Fetched(url, r.status_code)
            size = r.headers.get("Content-Length", "")
            if size.isdigit() and int(size) > limit:
                raise FetchError(f"not fetched: {int(size):,} bytes, more than the limit of {limit:,} (--max-size)",
                                 path=url)
            body = bytearray()
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"not fetched: more than the limit of {limit:,} bytes (--max-size)", path=url)
            media = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return Fetched(url, r.status_code, bytes(body), media, r.headers.get("ETag"),
                           r.headers.get("Last-Modified"))
