"""How politely kg fetch collects: the defaults a run starts from, and its User-Agent."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import __version__
from kg.errors import KgError

DEFAULT_DELAY = 1.0  # seconds between two requests to one host
MAX_BYTES = 5 * 1024 * 1024  # a summary, page or PDF larger than this is refused
MAX_PAGES = 500  # requests per run: an index that never ends stops here
MAX_INDEX_PAGES = 50  # index pages followed (pagination, year archives)
MAX_REDIRECTS = 5
MAX_WAIT = 300.0  # the longest Retry-After honoured; a longer one fails the address
RETRIES = 3  # attempts after a 429 or 503
TIMEOUT = 30.0


@dataclass(frozen=True)
class FetchSettings:
    contact: str | None = None  # an e-mail or web address the site can reach the user at
    delay: float = DEFAULT_DELAY
    max_bytes: int = MAX_BYTES
    max_pages: int = MAX_PAGES
    max_index_pages: int = MAX_INDEX_PAGES
    max_redirects: int = MAX_REDIRECTS
    max_wait: float = MAX_WAIT
    retries: int = RETRIES
    timeout: float = TIMEOUT
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)  # redirects may go there too

    def __post_init__(self):
        if self.delay < 0 or self.max_bytes <= 0 or self.max_pages <= 0:
            raise KgError("--delay must be 0 or more, the size and page limits more than 0")
        if self.contact is not None and any(c in self.contact for c in "\r\n()"):
            raise KgError(f"--contact must be one line without parentheses: {self.contact!r}")

    @property
    def user_agent(self) -> str:
        contact = f"; {self.contact}" if self.contact else ""
        return f"kaigi-kg/{__version__} (+https://w3id.org/kaigi-kg{contact})"
