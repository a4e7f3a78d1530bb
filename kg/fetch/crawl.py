"""An index page (or a list of addresses) to files and sources.csv rows in one folder.

The index is read page by page (its next pages and year archives too, up to a limit); each
meeting it lists is fetched: a meeting page that links to summaries (PDFs) is their cover and
only they are saved, any other meeting page is the summary itself and is saved as a page. A
page or file saved before is asked for with its ETag/Last-Modified, so an unchanged one costs
a 304 and no download. Every failure is one line naming its address; the run goes on."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kg.atomic import atomic_write
from kg.errors import FetchError, KgError
from kg.fetch.client import Client, Fetched
from kg.fetch.ledger import Ledger
from kg.fetch.links import ARCHIVE, MEETING, NEXT, SUMMARY, Link, index_links, is_file_url, summary_links
from kg.fetch.naming import SUFFIX_OF, file_name, media_type
from kg.fetch.settings import FetchSettings
from kg.fetch.state import State

HTML = ("text/html", "application/xhtml+xml")
# (event: progress, saved, unchanged, failed, planned; the address; a file name, n/total or the failure)
Note = Callable[[str, str, str], None]


@dataclass
class FetchReport:
    saved: list[str] = field(default_factory=list)  # file names written this run
    unchanged: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)  # addresses an interrupted run had finished
    planned: list[Link] = field(default_factory=list)  # --dry-run: what would be fetched
    failures: list[FetchError] = field(default_factory=list)


def _quiet(event: str, url: str, detail: str) -> None:
    pass


class Collector:
    """One run's downloads into ``folder``: the client, what earlier runs saved, sources.csv."""

    def __init__(self, folder: Path, settings: FetchSettings, note: Note = _quiet, client: Client | None = None):
        self.folder = folder
        self.client = client or Client(settings)
        self.settings = settings
        self.note = note
        self.state = State(folder)
        self.ledger: Ledger | None = None  # read before the first download (a dry run reads none)
        self.report = FetchReport()

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, known: dict | None) -> Fetched:
        known = known or {}
        return self.client.get(url, known.get("etag"), known.get("last_modified"))

    def _present(self, url: str) -> bool:
        """Whether the file saved from ``url`` is still there (one deleted is fetched again)."""
        known = self.state.files.get(url)
        return known is not None and (self.folder / known["file"]).is_file()

    def page(self, url: str) -> tuple[Fetched, dict]:
        """A page read for its links: (the answer, what the state holds of it)."""
        known = self.state.pages.get(url, {})
        current = "links" in known and (not known.get("saved") or self._present(url))
        return self.get(url, known if current else None), known

    def file(self, link: Link) -> None:
        try:
            known = self.state.files.get(link.url) if self._present(link.url) else None
            self.save(link.url, link.title, self.get(link.url, known))
        except FetchError as exc:
            self.fail(exc)

    def remember_page(self, url: str, got: Fetched, links: list[Link], saved: bool = False) -> None:
        self.state.pages[url] = {"etag": got.etag, "last_modified": got.last_modified, "saved": saved,
                                 "links": [[ln.kind, ln.url, ln.title] for ln in links]}

    def save(self, url: str, title: str, got: Fetched) -> None:
        """Write a download beside the others, with its sources.csv row."""
        if got.status == 304:
            self.report.unchanged.append(self.state.files[url]["file"])
            self.note("unchanged", url, self.state.files[url]["file"])
            return
        media = media_type(got.content, got.media_type)
        if media not in SUFFIX_OF:
            raise FetchError(f"not saved: {media or 'no type'} is not a summary (PDF, HTML page or text)", path=url)
        known = self.state.files.get(url)
        name = known["file"] if known else file_name(url, media, self.state.names() | self._taken())
        digest = hashlib.sha256(got.content).hexdigest()
        atomic_write(self.folder / name, got.content)
        fetched = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.state.files[url] = {"file": name, "etag": got.etag, "last_modified": got.last_modified,
                                 "sha256": digest, "content_type": media}
        assert self.ledger is not None, "the ledger is read before anything is saved"
        self.ledger.record(name, url=url, fetched=fetched, sha256=digest, content_type=media, index_title=title)
        self.state.save()
        self.report.saved.append(name)
        self.note("saved", url, name)

    def _taken(self) -> set[str]:
        return {p.name for p in self.folder.iterdir()} if self.folder.is_dir() else set()

    def fail(self, exc: FetchError) -> None:
        self.report.failures.append(exc)
        self.note("failed", exc.path or "", exc.message)

    # -- what a run does -------------------------------------------------------------------
    def read_index(self, start: str) -> list[Link]:
        """Meetings and summaries of an index and the pages it continues on, in the order found."""
        queue, seen, found = [start], {start}, []
        home = urlsplit(start).hostname
        while queue and len(seen) - len(queue) < self.settings.max_index_pages:
            url = queue.pop(0)
            try:
                got, known = self.page(url)
            except FetchError as exc:
                if url == start:
                    raise
                self.fail(exc)
                continue
            if got.status == 304:
                links = [Link(*x) for x in known["links"]]
            else:
                links = index_links(got.content, got.url)
                self.remember_page(url, got, links)
            for ln in links:
                if ln.kind in (NEXT, ARCHIVE):
                    if ln.url not in seen and urlsplit(ln.url).hostname == home:
                        seen.add(ln.url)
                        queue.append(ln.url)
                elif ln.kind == SUMMARY or urlsplit(ln.url).hostname == home:
                    found.append(ln)
        unique: dict[str, Link] = {}
        for ln in found:
            unique.setdefault(ln.url, ln)
        return list(unique.values())

    def meeting(self, link: Link) -> None:
        """A meeting's page: its summaries, or the page itself when it links to none."""
        got, known = self.page(link.url)
        if got.status == 304:
            if known.get("saved") and link.url in self.state.files:
                self.save(link.url, link.title, got)
            summaries = [Link(*x) for x in known["links"]]
        elif media_type(got.content, got.media_type) not in HTML:
            self.save(link.url, link.title, got)  # the index's link led straight to a file
            return
        else:
            summaries = summary_links(got.content, got.url)
            self.remember_page(link.url, got, summaries, saved=not summaries)
            if not summaries:
                self.save(link.url, link.title, got)
            self.state.save()
        for s in summaries:
            title = link.title if s.title in link.title else f"{link.title} {s.title}".strip()
            self.file(Link(SUMMARY, s.url, title))

    def collect(self, targets: list[str], links: list[Link], dry_run: bool) -> FetchReport:
        if dry_run:
            self.report.planned = links
            for ln in links:
                self.note("planned", ln.url, ln.title)
            return self.report
        self.ledger = Ledger(self.folder)  # a sources.csv it cannot add to stops the run before any download
        done = self.state.begin(targets)
        for n, ln in enumerate(links, start=1):
            self.note("progress", ln.url, f"{n}/{len(links)}")
            if ln.url in done:
                self.report.resumed.append(ln.url)
                continue
            try:
                if ln.kind == MEETING:
                    self.meeting(ln)
                else:
                    self.file(ln)
            except FetchError as exc:
                self.fail(exc)
            self.state.done(ln.url)
        self.state.finish()
        return self.report


def _folder(folder: str | Path, dry_run: bool) -> Path:
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise KgError("is a file, expected a folder to save into", path=path)
    if not dry_run:
        path.mkdir(parents=True, exist_ok=True)
    return path


def fetch_index(url: str, folder: str | Path, settings: FetchSettings, dry_run: bool = False,
                note: Note = _quiet, client: Client | None = None) -> FetchReport:
    """Collect the summaries a council's index page lists into ``folder``."""
    c = Collector(_folder(folder, dry_run), settings, note, client)
    try:
        if is_file_url(url):
            return c.collect([url], [Link(SUMMARY, url, "")], dry_run)
        return c.collect([url], c.read_index(url), dry_run)
    finally:
        c.close()


def fetch_urls(urls: list[str], folder: str | Path, settings: FetchSettings, dry_run: bool = False,
               note: Note = _quiet, client: Client | None = None) -> FetchReport:
    """Save each address as it is (a page, a PDF): ``kg fetch --urls FILE``."""
    c = Collector(_folder(folder, dry_run), settings, note, client)
    try:
        return c.collect(urls, [Link(SUMMARY, u, "") for u in dict.fromkeys(urls)], dry_run)
    finally:
        c.close()


def read_url_list(path: str | Path) -> list[str]:
    """Addresses one a line; blank lines and lines starting with # are skipped."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read the list of addresses: {exc}", path=p) from None
    urls = []
    for n, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if urlsplit(line).scheme not in ("http", "https") or not urlsplit(line).hostname:
            raise KgError(f"not an http(s) address: {line!r}", path=p, line=n)
        urls.append(line)
    if not urls:
        raise KgError("no addresses in the list", path=p)
    return urls
