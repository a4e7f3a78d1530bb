"""robots.txt, read once per site and run (RFC 9309): a missing one (4xx) allows everything,
an unreachable one (5xx, no answer) allows nothing on that site."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from kg.errors import FetchError


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Robots:
    def __init__(self, user_agent: str, fetch):
        """``fetch(url)`` → (status, text) of a robots.txt, raising FetchError when unreachable."""
        self.agent = user_agent.split("/")[0]  # robots.txt groups name the product: kaigi-kg
        self.fetch = fetch
        self.sites: dict[str, RobotFileParser | str] = {}  # a parser, or why the site is refused

    def _site(self, url: str) -> RobotFileParser | str:
        site = origin(url)
        if site not in self.sites:
            parser = RobotFileParser(site + "/robots.txt")
            self.sites[site] = "robots.txt not read yet"  # while it is read (a redirect asks its delay)
            try:
                status, text = self.fetch(site + "/robots.txt")
            except FetchError as exc:
                self.sites[site] = f"robots.txt unreachable ({exc.message})"
                return self.sites[site]
            if status >= 500:
                self.sites[site] = f"robots.txt answered HTTP {status}"
                return self.sites[site]
            parser.parse(text.splitlines() if status < 400 else [])
            self.sites[site] = parser
        return self.sites[site]

    def check(self, url: str) -> None:
        site = self._site(url)
        if isinstance(site, str):
            raise FetchError(f"not fetched: {site}", path=url)
        if not site.can_fetch(self.agent, url):
            raise FetchError("not fetched: robots.txt disallows it", path=url)

    def crawl_delay(self, url: str) -> float:
        site = self._site(url)
        delay = site.crawl_delay(self.agent) if not isinstance(site, str) else None
        return float(delay) if delay else 0.0
