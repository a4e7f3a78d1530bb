"""The graph's IRIs dereference: `kg serve` answers them with a page or Turtle/JSON-LD/N-Triples
(303 by Accept, or a suffix), and `kg site` writes the same pages as a static folder whose
every link resolves inside it. Real server on 127.0.0.1, curl, headless Chromium."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from helpers import serve
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF
from test_endpoint import call

BASE = "https://w3id.org/kaigi-kg/id/"
PERSON = BASE + "person/千葉県ICTアドバイザー会議/今泉"
STATEMENT = BASE + "meeting/千葉県ICTアドバイザー会議/2025-03-24/statement/25"
MENTION = STATEMENT + "/mention/111-119/ちばDXポータル"


@pytest.fixture(scope="module")
def server(seed_build, tmp_path_factory):
    _, graph = seed_build
    log = tmp_path_factory.mktemp("linked-server") / "server.log"
    with serve(graph, log, "--workers", "1") as base:
        yield base


def local(server: str, iri: str, raw: bool = False) -> str:
    """The IRI's address on the server: percent-encoded, or ``raw`` UTF-8 as a user types it."""
    rest = iri[len(BASE):]
    return server + "/id/" + (rest if raw else quote(rest))


def curl(*args: str) -> subprocess.CompletedProcess:
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    return subprocess.run(["curl", "-sS", *args], capture_output=True, timeout=60)


def test_curl_turtle_of_a_person(server, seed_graph):
    """curl asking for Turtle follows the 303 to the person's description, which parses and
    holds every triple of the person, and the links to them."""
    head = curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-H", "Accept: text/turtle",
                local(server, PERSON, raw=True)).stdout.decode()
    status, location = head.split(" ", 1)
    assert status == "303" and unquote(location).endswith("/今泉.ttl")
    done = curl("-L", "-D", "-", "-H", "Accept: text/turtle", local(server, PERSON, raw=True))
    headers, _, body = done.stdout.partition(b"\r\n\r\n@prefix")
    assert b"content-type: text/turtle" in headers.lower()
    g = Graph().parse(data=b"@prefix" + body, format="turtle")
    person = URIRef(PERSON)
    own = set(seed_graph.triples((person, None, None)))
    assert len(own) >= 4 and (person, RDF.type, FOAF.Person) in own
    assert own <= set(g), own - set(g)
    assert (person, FOAF.name, Literal("今泉", lang="ja")) in g
    said = set(seed_graph.subjects(URIRef("https://w3id.org/kaigi-kg/ontology#speaker"), person))
    assert said and said <= set(g.subjects(None, person))


def test_negotiation_suffixes_parts_and_misses(server, seed_graph):
    for accept, suffix in (("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", ".html"),
                           ("application/ld+json", ".jsonld"), ("application/n-triples", ".nt"), (None, ".html")):
        status, headers, _ = call_no_redirect(local(server, STATEMENT), accept)
        assert status == 303 and unquote(headers["Location"]).endswith("statement/25" + suffix)
        assert "Accept" in headers["Vary"]
    status, headers, body = call(local(server, STATEMENT) + ".jsonld")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert len(Graph().parse(data=body, format="json-ld")) > 20
    status, headers, body = call(local(server, STATEMENT) + ".nt")
    g = Graph().parse(data=body, format="nt")
    assert set(seed_graph.triples((URIRef(STATEMENT), None, None))) <= set(g)
    # a mention has no document of its own: its owner's, at its place
    status, headers, _ = call_no_redirect(local(server, MENTION), None)
    assert status == 303 and unquote(headers["Location"]).endswith("statement/25#mention-111-119-ちばDXポータル")
    assert call(local(server, BASE + "person/nobody") + ".html")[0] == 404
    assert call_no_redirect(local(server, PERSON), "image/png")[0] == 406
    # a theme of the bundled scheme resolves too
    status, _, html = call(server + "/theme/pr-branding.html")
    assert status == 200 and "<mark" in html


def call_no_redirect(url, accept):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_page_in_chromium_marks_every_quote(server):
    """The person's IRI opened in headless Chromium: the page, each evidence quote with its
    words marked, links to the statement and the source; nothing fetched from elsewhere."""
    from browser import Page, browser
    with browser() as b:
        p = Page(b, allow_prefix=server)
        page = p.page
        page.goto(local(server, PERSON))
        assert page.url.endswith(".html")
        assert page.inner_text("h1") == "今泉"
        quotes = page.eval_on_selector_all("blockquote.quote", """qs => qs.map(q =>
            [q.textContent, [...q.querySelectorAll('mark')].map(m => m.textContent)])""")
        assert len(quotes) == 5  # the five statements 今泉 made
        for text, marks in quotes:
            assert marks == ["今泉委員"] and text.startswith("今泉委員")
        assert page.eval_on_selector_all(".cite a", "as => as.length") >= 10
        # the statement page marks each word a mention found, linked to what it refers to
        page.goto(local(server, STATEMENT))
        marks = page.eval_on_selector_all("blockquote.quote mark", "ms => ms.map(m => m.textContent)")
        assert "ちばDXポータル" in marks and "広報" in marks
        assert page.inner_text("nav.sequence").count("委員") == 2  # previous and next statements
        page.click("blockquote.quote mark >> text=ちばDXポータル")
        page.wait_for_url("**/initiative/**")
        assert page.inner_text("h1") == "ちばDXポータル"
        assert p.blocked == [] and p.errors == []
        p.close()


def test_query_page_links_results_to_resource_pages(server):
    from browser import Page, browser
    with browser() as b:
        p = Page(b, allow_prefix=server)
        page = p.page
        page.goto(server + "/")
        page.fill("#query", "SELECT ?p WHERE { ?p a foaf:Person ; foaf:name '今泉'@ja }")
        page.click("#run")
        page.wait_for_selector("#results table a")
        href = page.get_attribute("#results a", "href")
        assert unquote(href) == "/id/person/千葉県ICTアドバイザー会議/今泉"
        page.click("#results a")
        page.wait_for_selector("blockquote.quote")
        assert p.blocked == [] and p.errors == []
        p.close()


# -- the static site -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(seed_build, tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import main
    _, graph = seed_build
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", "--graph", str(graph), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_has_a_page_and_turtle_per_resource(site, seed_graph):
    person = site / "id/person/千葉県ICTアドバイザー会議/今泉"
    assert person.with_suffix(".html").is_file()
    g = Graph().parse(person.with_suffix(".ttl"))
    assert set(seed_graph.triples((URIRef(PERSON), None, None))) <= set(g)
    subjects = {s for s in seed_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)
                and "/tally/" not in str(s) and "/mention/" not in str(s) and not str(s).endswith("/selector")}
    pages = {p for p in site.joinpath("id").rglob("*.html")}
    assert len(pages) == len(subjects) > 100
    assert (site / "types/kgo-Meeting.html").is_file() and (site / "ontology.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>https://w3id.org/kaigi-kg/") == len(list(site.rglob("*.html")))
    assert "RewriteRule" in (site / ".htaccess").read_text(encoding="utf-8")
    assert not any("/tally/" in str(p) for p in site.rglob("*"))


def test_site_is_deterministic(site, seed_build, tmp_path):
    from kg.linked.site import write_site
    again = tmp_path / "again"
    write_site(seed_build[1], again)
    assert _tree(again) == _tree(site)


HREF = re.compile(r"""\s(href|src)="([^"]*)\"""")
IDS = re.compile(r"""\sid="([^"]*)\"""")


def test_every_link_of_the_site_resolves_inside_it(site):
    """A link check: every href and src of every page is a file of the site (and its fragment
    an element of that page); outside addresses are only links marked rel=external (the
    licence), never something a page loads."""
    pages = sorted(site.rglob("*.html"))
    ids = {p: set(IDS.findall(p.read_text(encoding="utf-8"))) for p in pages}
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and not re.search(r"<(img|link|iframe)[^>]+https?:", html)
        for m in re.finditer(r"<a\s[^>]*>", html):
            tag = m.group(0)
            href = re.search(r'href="([^"]*)"', tag).group(1)
            if href.startswith(("http://", "https://")):
                assert 'rel="license external"' in tag or 'rel="external nofollow"' in tag, tag
                continue
            path, _, fragment = href.partition("#")
            target = (page.parent / unquote(path)).resolve() if path else page
            assert target.is_file() and site.resolve() in target.parents, f"{page}: {href}"
            if fragment and target.suffix == ".html":
                assert unquote(fragment) in ids.get(target, set(IDS.findall(target.read_text("utf-8")))), \
                    f"{page}: {href}"
            checked += 1
    assert checked > 2000


def test_site_pages_in_chromium_make_no_outside_request(site):
    from browser import Page, browser
    with browser() as b:
        p = Page(b)
        for rel in ("index.html", "types/kgo-Statement.html", "id/person/千葉県ICTアドバイザー会議/今泉.html",
                    "id/meeting/千葉県ICTアドバイザー会議/2025-03-24.html", "ontology.html"):
            p.page.goto((site / rel).as_uri())
            assert p.page.inner_text("h1")
        assert p.blocked == [] and p.errors == []
        p.close()


def test_site_links_are_relative(site):
    """Links are relative: from a page on disk they reach the neighbouring files."""
    page = site / "id/meeting/千葉県ICTアドバイザー会議/2025-03-24/statement/25.html"
    html = page.read_text(encoding="utf-8")
    assert unquote(re.search(r'rel="prev" href="([^"]*)"', html).group(1)) == "24.html"
    assert unquote(re.search(r'rel="next" href="([^"]*)"', html).group(1)) == "26.html"
