"""kg fetch: a council's index page, a list of addresses, or the Diet's records, to a folder."""

from __future__ import annotations

import sys

import click

from kg.cli import main
from kg.cli.output import detail, status, verbosity
from kg.errors import KgError
from kg.fetch.settings import DEFAULT_DELAY, MAX_BYTES, MAX_PAGES


def _note(event: str, url: str, what: str) -> None:
    if event == "progress":  # one line on a terminal, overwritten by the next
        if sys.stderr.isatty() and verbosity():
            click.echo(f"\r\033[K[{what}] {url}"[:200], err=True, nl=False)
        return
    if sys.stderr.isatty() and verbosity():
        click.echo("\r\033[K", err=True, nl=False)
    if event == "saved":
        status(f"saved {what} ← {url}")
    elif event == "planned":
        click.echo(f"{url}\t{what}")  # the data of --dry-run: stdout
    elif event == "failed":
        status(f"failed {url}: {what}")
    else:
        detail(f"{event} {what} ← {url}")


def _params(name, house, since, until, any_words, speaker, extra) -> dict[str, str]:
    params = {k: v for k, v in (("nameOfMeeting", name), ("nameOfHouse", house), ("from", since),
                                ("until", until), ("any", any_words), ("speaker", speaker)) if v}
    for item in extra:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise KgError(f"--param takes KEY=VALUE, not {item!r}")
        params[key] = value
    return params


@main.command()
@click.argument("target", required=False)
@click.option("-o", "--output", "out_dir", default=None, type=click.Path(path_type=str),
              help="Folder to save into [default: data/minutes/<host>, or data/minutes/kokkai].")
@click.option("--urls", "urls_file", default=None, type=click.Path(path_type=str),
              help="A file of addresses, one a line, each saved as it is.")
@click.option("--contact", envvar="KG_CONTACT", default=None,
              help="An e-mail or web address the site can reach you at, put in the User-Agent "
                   "[env KG_CONTACT].")
@click.option("--delay", default=DEFAULT_DELAY, show_default=True, type=click.FloatRange(0),
              help="Seconds between two requests to one host (robots.txt's Crawl-delay when longer).")
@click.option("--max-size", default=MAX_BYTES // 2**20, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Largest download in MB.")
@click.option("--max-pages", default=MAX_PAGES, show_default=True, type=click.IntRange(1),
              help="Most requests in one run.")
@click.option("--allow-host", multiple=True, help="A host redirects may lead to (repeatable).")
@click.option("--dry-run", is_flag=True, help="List what would be fetched (index pages are read), save nothing.")
@click.option("--name", default=None, help="kokkai: the meeting's name (nameOfMeeting), e.g. 内閣委員会.")
@click.option("--house", default=None, help="kokkai: 衆議院, 参議院 or 両院 (nameOfHouse).")
@click.option("--from", "since", default=None, help="kokkai: first date, YYYY-MM-DD.")
@click.option("--until", default=None, help="kokkai: last date, YYYY-MM-DD.")
@click.option("--any", "any_words", default=None, help="kokkai: words the speeches hold.")
@click.option("--speaker", default=None, help="kokkai: a speaker's name.")
@click.option("--param", "extra", multiple=True, metavar="KEY=VALUE", help="kokkai: any other search parameter.")
@click.option("--api", default=None, help="kokkai: the API's meeting endpoint [default: the Diet's].")
def fetch(target, out_dir, urls_file, contact, delay, max_size, max_pages, allow_host, dry_run, name, house, since,
          until, any_words, speaker, extra, api):
    """Collect summaries: from a council's index page (TARGET is its address), from a list of
    addresses (--urls), or the Diet's records (TARGET is `kokkai`).

    Politely: robots.txt is honoured, one request at a time with --delay between two to one
    host, a User-Agent naming kaigi-kg, its version and your --contact; a second run asks only
    whether each file changed (ETag, Last-Modified); an interrupted run goes on where it
    stopped. Each file is saved beside the others with its row in sources.csv.

    \b
    Example:
        kg fetch https://www.example.lg.jp/kaigi/index.html -o data/minutes/交通会議/ --contact me@example.org
        kg fetch --urls addresses.txt -o data/minutes/交通会議/
        kg fetch kokkai --name 内閣委員会 --from 2024-01-01 --until 2024-06-30 -o data/minutes/kokkai/
    """
    from functools import partial
    from urllib.parse import urlsplit

    from kg.fetch.crawl import fetch_index, fetch_urls, read_url_list
    from kg.fetch.kokkai import DEFAULT_API, check_parameters, fetch_kokkai
    from kg.fetch.settings import FetchSettings

    settings = FetchSettings(contact=contact, delay=delay, max_bytes=int(max_size * 2**20), max_pages=max_pages,
                             allowed_hosts=frozenset(h.lower() for h in allow_host))
    if urls_file and target:
        raise KgError("give an index page's address or --urls FILE, not both")
    if target == "kokkai":
        params = check_parameters(_params(name, house, since, until, any_words, speaker, extra))
        run = partial(fetch_kokkai, params, out_dir or "data/minutes/kokkai", settings, api or DEFAULT_API)
    elif any((name, house, since, until, any_words, speaker, extra, api)):
        raise KgError("--name, --house, --from, --until, --any, --speaker, --param and --api are for `kg fetch kokkai`")
    elif urls_file:
        urls = read_url_list(urls_file)
        run = partial(fetch_urls, urls, out_dir or f"data/minutes/{urlsplit(urls[0]).hostname}", settings)
    elif target:
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise KgError(f"not an http(s) address: {target!r} (or `kokkai` for the Diet's records)")
        run = partial(fetch_index, target, out_dir or f"data/minutes/{parts.hostname}", settings)
    else:
        raise KgError("give an index page's address, --urls FILE, or `kokkai`")
    if not contact and not dry_run:
        status("No --contact (or KG_CONTACT) given: sites cannot tell whom to ask about this crawler")
    report = run(dry_run=dry_run, note=_note)
    if not dry_run:
        status(f"{len(report.saved)} saved, {len(report.unchanged)} unchanged"
               + (f", {len(report.resumed)} saved by the interrupted run" if report.resumed else "")
               + (f", {len(report.failures)} failed" if report.failures else ""))
    if report.failures:
        sys.exit(2)
