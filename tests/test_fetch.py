"""kg fetch against invented council sites served on 127.0.0.1 (tests/sites.py): the files and
sources.csv rows of three site shapes, and the politeness rules checked on the server's side."""

from __future__ import annotations

import csv
import hashlib

import pytest
from click.testing import CliRunner
from sites import Route, Site, archive_site, cms_site, page, pdf, pdf_list_site

from kg import __version__
from kg.cli import main
from kg.fetch.crawl import fetch_index, fetch_urls
from kg.fetch.settings import FetchSettings
from kg.fetch.state import STATE_FILE
from kg.read.sources import entries_in

FAST = FetchSettings(delay=0, contact="researcher@example.org")


def rows(folder):
    with open(folder / "sources.csv", encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def summaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name not in ("sources.csv", STATE_FILE))


@pytest.mark.parametrize("routes, start, expected", [
    (cms_site, "/kaigi/index.html", {
        "r5-3.html": ("/kaigi/r5-3/index.html", "text/html", "令和5年度第3回 会議録"),
        "gijiroku.pdf": ("/kaigi/r5-2/gijiroku.pdf", "application/pdf", "令和5年度第2回 開催結果 議事録")}),
    (pdf_list_site, "/shingikai/dx/index.html", {
        "gaiyo1.pdf": ("/files/gaiyo1.pdf", "application/pdf", "第1回 議事概要"),
        "gaiyo2.pdf": ("/files/gaiyo2.pdf", "application/pdf", "第2回 議事概要")}),
    (archive_site, "/archive/index.html", {
        "0510.html": ("/archive/r6/0510.html", "text/html", "令和6年5月10日 会議録"),
        "0801.html": ("/archive/r6/0801.html", "text/html", "令和6年8月1日 会議録"),
        "1102.pdf": ("/archive/r5/1102.pdf", "application/pdf", "令和5年11月2日 会議録")}),
], ids=["cms-result-pages", "pdf-list", "year-archive-paginated"])
def test_site_shapes_give_the_expected_files_and_rows_and_a_second_run_downloads_nothing(
        tmp_path, routes, start, expected):
    with Site(routes()) as site:
        report = fetch_index(site.url + start, tmp_path, FAST)
        assert summaries(tmp_path) == sorted(expected)
        got = rows(tmp_path)
        assert set(got) == set(expected)
        for name, (path, media, title) in expected.items():
            row = got[name]
            assert row["url"] == site.url + path
            assert row["content_type"] == media and row["index_title"] == title
            assert row["sha256"] == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
            assert row["fetched"].endswith("Z") and row["council"] == row["title"] == ""
            assert (tmp_path / name).read_bytes() == site.routes[path].body
        # handouts, member lists and site navigation were never asked for
        asked = {h.path for h in site.hits}
        assert not any("shiryo" in p or "meibo" in p or "sitemap" in p or p == "/" for p in asked)
        assert sorted(report.saved) == sorted(expected)
        # the build reads the folder with its sources.csv (the extra columns are tolerated)
        assert {n: e.url for n, e in entries_in(tmp_path).items()} == {n: site.url + p for n, (p, _, _) in
                                                                       expected.items()}

        before = (tmp_path / "sources.csv").read_bytes()
        first = len(site.hits)
        again = fetch_index(site.url + start, tmp_path, FAST)
        second = [h for h in site.hits[first:] if h.path != "/robots.txt"]
        assert again.saved == [] and sorted(again.unchanged) == sorted(expected)
        assert second and all(h.status == 304 and h.headers.get("if-none-match") for h in second)
        assert (tmp_path / "sources.csv").read_bytes() == before


def test_cms_site_reads_and_builds(tmp_path):
    """The CMS shape's result page, fetched, reads as a meeting with its council and date."""
    from helpers import read_one
    with Site(cms_site()) as site:
        fetch_index(site.url + "/kaigi/index.html", tmp_path, FAST)
    m = read_one(tmp_path / "r5-3.html", tmp_path)
    assert m.series == "上越市地域エネルギー審議会" and m.date.isoformat() == "2024-02-26"
    assert m.source.url.endswith("/kaigi/r5-3/index.html")


def test_robots_disallow_is_honoured_and_the_address_named(tmp_path):
    with Site(cms_site()) as site:
        report = fetch_index(site.url + "/kaigi/index.html", tmp_path, FAST)
        assert site.requested("/kaigi/private/r5-1.html") == []
        assert [str(f) for f in report.failures] == [
            f"{site.url}/kaigi/private/r5-1.html: not fetched: robots.txt disallows it"]
        assert site.requested("/robots.txt")[0].headers["user-agent"] == \
            f"kaigi-kg/{__version__} (+https://w3id.org/kaigi-kg; researcher@example.org)"
        assert all(h.headers["user-agent"].startswith("kaigi-kg/") for h in site.hits)


def test_robots_unreachable_fetches_nothing_from_that_site(tmp_path):
    routes = pdf_list_site() | {"/robots.txt": Route(b"down", type="text/plain", status=500, conditional=False)}
    with Site(routes) as site:
        with pytest.raises(Exception, match="robots.txt answered HTTP 500"):
            fetch_index(site.url + "/shingikai/dx/index.html", tmp_path, FAST)
        assert [h.path for h in site.hits] == ["/robots.txt"]


def test_retry_after_is_waited_out(tmp_path):
    def busy(_query, n):
        return (503, {"Retry-After": "1"}, b"busy") if n == 1 else (200, {}, b"%PDF-1.4\n% ok\n%%EOF\n")
    routes = {"/robots.txt": Route(status=404, conditional=False),
              "/files/gaiyo.pdf": Route(type="application/pdf", answer=busy)}
    with Site(routes) as site:
        report = fetch_urls([site.url + "/files/gaiyo.pdf"], tmp_path, FAST)
        first, second = site.requested("/files/gaiyo.pdf")
    assert (first.status, second.status) == (503, 200)
    assert second.at - first.at >= 1.0
    assert report.saved == ["gaiyo.pdf"] and not report.failures


def test_retry_after_longer_than_the_limit_fails_that_address(tmp_path):
    routes = {"/robots.txt": Route(status=404, conditional=False),
              "/a.pdf": Route(status=429, headers={"Retry-After": "3600"}, conditional=False)}
    with Site(routes) as site:
        report = fetch_urls([site.url + "/a.pdf"], tmp_path, FAST)
    assert [f.message for f in report.failures] == ["the server asks to wait 3600 s (more than 300)"]
    assert summaries(tmp_path) == []


def test_redirect_to_another_host_is_refused_and_on_the_same_host_followed(tmp_path):
    routes = {"/robots.txt": Route(status=404, conditional=False),
              "/away.pdf": Route(status=302, headers={"Location": "http://elsewhere.invalid/a.pdf"}, conditional=False),
              "/moved.pdf": Route(status=301, headers={"Location": "/files/here.pdf"}, conditional=False),
              "/files/here.pdf": pdf("議事録")}
    with Site(routes) as site:
        report = fetch_urls([site.url + "/away.pdf", site.url + "/moved.pdf"], tmp_path, FAST)
    assert [str(f) for f in report.failures] == [
        f"{site.url}/away.pdf: not fetched: it redirects to another host (elsewhere.invalid); --allow-host lets it"]
    assert summaries(tmp_path) == ["moved.pdf"]  # named for the address asked for
    assert rows(tmp_path)["moved.pdf"]["url"] == site.url + "/moved.pdf"


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "no-length"])
def test_the_size_limit_is_kept(tmp_path, length):
    big = Route(b"%PDF-1.4\n" + b"0" * (6 * 2**20), type="application/pdf", length=length)
    routes = {"/robots.txt": Route(status=404, conditional=False), "/big.pdf": big, "/small.pdf": pdf("議事要旨")}
    with Site(routes) as site:
        report = fetch_urls([site.url + "/big.pdf", site.url + "/small.pdf"], tmp_path, FAST)
    assert len(report.failures) == 1
    assert str(report.failures[0]).startswith(f"{site.url}/big.pdf: not fetched: ")
    assert "limit of 5,242,880" in str(report.failures[0])
    assert summaries(tmp_path) == ["small.pdf"]  # nothing of the big one, not even a temporary file
    assert set(rows(tmp_path)) == {"small.pdf"}


def test_an_interrupted_fetch_resumes_without_asking_again_for_what_it_saved(tmp_path):
    saved = []

    def stop_after_two(event, url, what):
        if event == "saved":
            saved.append(what)
            if len(saved) == 2:
                raise KeyboardInterrupt  # Ctrl-C while the second file is being recorded

    with Site(pdf_list_site(4)) as site:
        start = site.url + "/shingikai/dx/index.html"
        with pytest.raises(KeyboardInterrupt):
            fetch_index(start, tmp_path, FAST, note=stop_after_two)
        assert summaries(tmp_path) == ["gaiyo1.pdf", "gaiyo2.pdf"]
        first = len(site.hits)
        report = fetch_index(start, tmp_path, FAST)
        later = site.hits[first:]
    assert [h.path for h in later if h.path == "/files/gaiyo1.pdf"] == []  # finished: not asked again
    assert [(h.status, bool(h.headers.get("if-none-match"))) for h in later if h.path == "/files/gaiyo2.pdf"] \
        == [(304, True)]  # saved but not marked done: asked whether it changed, not downloaded
    assert sorted(h.path for h in later if h.status == 200 and h.path.endswith(".pdf")) == \
        ["/files/gaiyo3.pdf", "/files/gaiyo4.pdf"]
    assert report.resumed == [site.url + "/files/gaiyo1.pdf"]
    assert summaries(tmp_path) == [f"gaiyo{i}.pdf" for i in range(1, 5)]
    assert set(rows(tmp_path)) == {f"gaiyo{i}.pdf" for i in range(1, 5)}
    assert '"run": null' in (tmp_path / STATE_FILE).read_text()


def test_the_delay_is_kept_between_requests_to_one_host(tmp_path):
    assert FetchSettings().delay >= 1.0
    with Site(pdf_list_site(1)) as site:
        fetch_index(site.url + "/shingikai/dx/index.html", tmp_path, FetchSettings(delay=0.3))
        gaps = [b.at - a.at for a, b in zip(site.hits, site.hits[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.3


def test_only_http_addresses(tmp_path):
    report = fetch_urls(["file:///etc/passwd"], tmp_path, FAST)
    assert [str(f) for f in report.failures] == ["file:///etc/passwd: not fetched: only http and https addresses are"]


def test_the_page_limit_stops_a_list_that_never_ends(tmp_path):
    def endless(query, n):
        nxt = int(query.get("p", ["1"])[0]) + 1
        return 200, {}, page("一覧", [(f"/list?p={nxt}", "次へ")]).body
    routes = {"/robots.txt": Route(status=404, conditional=False), "/list": Route(answer=endless)}
    with Site(routes) as site:
        fetch_index(site.url + "/list", tmp_path, FetchSettings(delay=0, max_index_pages=5))
        assert len(site.hits) == 1 + 5


def test_cli_fetch_dry_run_lists_and_writes_nothing(tmp_path):
    out = tmp_path / "minutes"
    with Site(pdf_list_site()) as site:
        r = CliRunner().invoke(main, ["fetch", site.url + "/shingikai/dx/index.html", "-o", str(out),
                                      "--delay", "0", "--dry-run", "-q"])
        assert r.exit_code == 0, r.output
        assert r.stdout.splitlines() == [f"{site.url}/files/gaiyo1.pdf\t第1回 議事概要",
                                         f"{site.url}/files/gaiyo2.pdf\t第2回 議事概要"]
        assert not out.exists()
        assert not any(h.path.startswith("/files/") for h in site.hits)


def test_cli_fetch_urls_and_a_failure_is_one_line(tmp_path):
    listing = tmp_path / "urls.txt"
    with Site(pdf_list_site()) as site:
        listing.write_text(f"# two summaries\n{site.url}/files/gaiyo1.pdf\n\n{site.url}/files/nothere.pdf\n")
        r = CliRunner().invoke(main, ["fetch", "--urls", str(listing), "-o", str(tmp_path / "m"), "--delay", "0",
                                      "--contact", "me@example.org"])
    assert r.exit_code == 2
    assert f"failed {site.url}/files/nothere.pdf: HTTP 404" in r.stderr
    assert "Traceback" not in r.output and "1 saved, 0 unchanged, 1 failed" in r.stderr
    assert summaries(tmp_path / "m") == ["gaiyo1.pdf"]


@pytest.mark.parametrize("args, message", [
    (["fetch", "ftp://example.org/"], "not an http(s) address"),
    (["fetch"], "give an index page's address"),
    (["fetch", "kokkai", "--from", "2024/01/01"], "--from must be a date YYYY-MM-DD"),
    (["fetch", "kokkai", "--param", "nameOfMeting=x"], "unknown search parameter nameOfMeting"),
    (["fetch", "https://example.org/", "--name", "内閣委員会"], "are for `kg fetch kokkai`"),
    (["fetch", "https://example.org/", "--contact", "a\nb"], "--contact must be one line"),
])
def test_cli_mistakes_are_one_line(args, message):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1


def test_sources_csv_kept_what_the_researcher_wrote(tmp_path):
    (tmp_path / "sources.csv").write_text("file,url,council\nold.txt,https://example.org/old,みどり市交通会議\n"
                                          "gaiyo1.pdf,,デジタル推進懇話会\n", encoding="utf-8")
    with Site(pdf_list_site(1)) as site:
        fetch_index(site.url + "/shingikai/dx/index.html", tmp_path, FAST)
    got = rows(tmp_path)
    assert got["old.txt"]["url"] == "https://example.org/old" and got["old.txt"]["council"] == "みどり市交通会議"
    assert got["gaiyo1.pdf"]["council"] == "デジタル推進懇話会" and got["gaiyo1.pdf"]["url"].endswith("/gaiyo1.pdf")
    assert entries_in(tmp_path)["gaiyo1.pdf"].overrides == {"council": "デジタル推進懇話会"}



def test_a_file_deleted_since_is_fetched_again(tmp_path):
    with Site(pdf_list_site()) as site:
        start = site.url + "/shingikai/dx/index.html"
        fetch_index(start, tmp_path, FAST)
        (tmp_path / "gaiyo2.pdf").unlink()
        first = len(site.hits)
        report = fetch_index(start, tmp_path, FAST)
        again = site.requested("/files/gaiyo2.pdf")[-1]
    assert report.saved == ["gaiyo2.pdf"] and report.unchanged == ["gaiyo1.pdf"]
    assert again.status == 200 and "if-none-match" not in again.headers and len(site.hits) - first == 4


def test_a_sources_csv_it_cannot_add_to_stops_the_run_before_any_download(tmp_path):
    (tmp_path / "sources.csv").write_text("file,adress\nx.txt,https://example.org/\n", encoding="utf-8")
    with Site(pdf_list_site()) as site:
        r = CliRunner().invoke(main, ["fetch", site.url + "/shingikai/dx/index.html", "-o", str(tmp_path),
                                      "--delay", "0", "--contact", "me@example.org"])
        assert not any(h.path.startswith("/files/") for h in site.hits)
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.stderr.strip().splitlines()[-1] == (f"Error: {tmp_path / 'sources.csv'}:1: the header must be file,url "
                                                 "and optionally council,title,date,place,fetched,sha256,content_type,"
                                                 "index_title (unknown: adress)")
    assert summaries(tmp_path) == []


def test_retry_after_reads_seconds_and_dates():
    from kg.fetch.client import retry_after
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412600.0) == 0.0  # past: no wait
    assert retry_after("soon") is None and retry_after(None) is None
