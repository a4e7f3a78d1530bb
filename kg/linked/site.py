"""`kg site`: every resource page as a static folder any web server or static host serves.

    DIR/index.html               the dataset: its types with counts, links to the rest
    DIR/types/kgo-Meeting.html   one index page a type, its resources by label
    DIR/id/…/今泉.html, ….ttl     one page and one Turtle description a resource (as `kg serve`)
    DIR/theme/….html, ….ttl      the theme scheme's concepts
    DIR/ontology.html            the ontology's classes and properties
    DIR/sitemap.xml              every page, under the site's public address
    DIR/.htaccess                Apache rules: IRIs without a suffix answer 303 to .html or .ttl

Links are relative, so the folder also works from disk. Nothing is dated and everything is
sorted: the same graph gives the same bytes. Tallies and parts (selectors, mentions) get no
page of their own; a part is shown on its owner's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.atomic import atomic_folder
from kg.linked.describe import Lookup, describe, triples_of
from kg.linked.page import Links, render_html, render_rdf
from kg.linked.routes import spaces_of
from kg.linked.spaces import Spaces, href_path, owner
from kg.publish.licence import DatasetInfo
from kg.rdf.iri import segment
from kg.rdf.namespaces import compact

SOURCES = """SELECT DISTINCT ?t WHERE { ?d a <https://w3id.org/kaigi-kg/ontology#SourceDocument> ;
  <http://purl.org/dc/terms/title> ?t }"""
HIDDEN_TYPES = {"https://w3id.org/kaigi-kg/ontology#Tally"}


@dataclass
class SiteReport:
    folder: Path
    pages: int
    types: int


FRESH = 5000  # pages written with one Lookup: its caches hold neighbours' labels, bounded


def write_site(graph_path: str | Path, out_dir: str | Path, info: DatasetInfo | None = None,
               url: str | None = None, note=lambda text: None) -> SiteReport:
    """Write the site of the graph at ``graph_path`` (a build folder or graph file) into
    ``out_dir``. ``url``: the site's public address, for the sitemap (default: the base
    without ``id/``). The graph is loaded in memory: a page is hundreds of lookups, ten times
    faster there than in the on-disk store."""
    from kg.query.engines import OxigraphStore
    from kg.rdf.load import graph_file
    info = info or DatasetInfo()
    store = OxigraphStore.from_file(graph_file(graph_path), named_graphs=False)
    match = triples_of(store)
    lookup = Lookup(match)
    sp = spaces_of(match)
    sources = sorted(str(r[0]) for r in store.query(SOURCES, {}).rows)
    pages, by_type = _resources(lookup, sp)
    site_url = (url or _site_url(sp)).rstrip("/") + "/"
    with atomic_folder(out_dir) as folder:
        for n, iri in enumerate(pages, 1):
            local = sp.local(iri)
            assert local is not None
            if n % FRESH == 0:
                lookup = Lookup(match)
            d = describe(lookup, iri)
            links = Links(sp, local, static=True, pages=pages)
            _write(folder / (local + ".html"), render_html(d, links, info, sources).encode("utf-8"))
            _write(folder / (local + ".ttl"), render_rdf(d, "ttl"))
            if n % 1000 == 0:
                note(f"{n:,} of {len(pages):,} pages")
        for t, members in by_type.items():
            _write(folder / _type_page(t), _listing(f"{compact(URIRef(t))} ({len(members):,})", members, sp,
                                                     _type_page(t), info, sources))
        _write(folder / "index.html", _home(by_type, sp, info, sources))
        from kg.publish.docs import render
        _write(folder / "ontology.html", render(None).encode("utf-8"))
        _write(folder / "sitemap.xml", _sitemap(site_url, pages, sp, by_type))
        _write(folder / ".htaccess", HTACCESS.encode("utf-8"))
    return SiteReport(Path(out_dir), len(pages), len(by_type))


def _resources(lookup: Lookup, sp: Spaces) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """The IRIs that get a page (IRI → label; every resource of the graph has a type) and, by
    type, (label, IRI) sorted."""
    types: dict[str, set[str]] = {}
    for s, _, t in lookup.match(None, RDF.type, None):
        types.setdefault(str(s), set()).add(str(t))
    pages: dict[str, str] = {}
    for iri in sorted(types):
        if sp.local(iri) is None or owner(iri) != iri or types[iri] & HIDDEN_TYPES:
            continue
        pages[iri] = lookup.label(URIRef(iri)) or iri
    by_type: dict[str, list[tuple[str, str]]] = {}
    for iri, label in pages.items():
        for t in types[iri]:
            by_type.setdefault(t, []).append((label, iri))
    return pages, {t: sorted(m) for t, m in sorted(by_type.items())}


def _site_url(sp: Spaces) -> str:
    base = sp.base.rstrip("/")
    return base[: -len("/id")] if base.endswith("/id") else base


def _type_page(t: str) -> str:
    return "types/" + segment(compact(URIRef(t)).replace(":", "-")) + ".html"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _listing(title: str, members: list[tuple[str, str]], sp: Spaces, here: str, info: DatasetInfo,
             sources: list[str]) -> bytes:
    links = Links(sp, here, static=True)
    items = "\n".join(f'<li><a href="{escape(links.resource(iri) or "")}">{escape(label)}</a></li>'
                      for label, iri in members)
    return _frame(title, f"<ul>\n{items}\n</ul>", links, info, sources)


def _home(by_type: dict, sp: Spaces, info: DatasetInfo, sources: list[str]) -> bytes:
    links = Links(sp, "index.html", static=True)
    rows = "\n".join(f'<li><a href="{escape(links.page(_type_page(t)))}">{escape(compact(URIRef(t)))}</a> '
                     f"({len(m):,})</li>" for t, m in by_type.items())
    body = (f"<p>{escape(info.title_ja)} / {escape(info.title_en)}</p>\n"
            f'<p><a href="{escape(links.page("ontology.html"))}">ontology</a> · '
            f'<a href="{escape(links.page("sitemap.xml"))}">sitemap</a></p>\n<h2>型 / Types</h2>\n<ul>\n{rows}\n</ul>')
    return _frame("kaigi-kg", body, links, info, sources)


def _frame(title: str, body: str, links: Links, info: DatasetInfo, sources: list[str]) -> bytes:
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — kaigi-kg</title>
<style>
  body {{ font-family: system-ui, "Noto Sans CJK JP", sans-serif; margin: 1.5rem auto; max-width: 60rem;
          padding: 0 1rem; color: #222; line-height: 1.55; }}
  h1 {{ font-size: 1.35rem; }} ul {{ padding-left: 1.2rem; }}
  footer {{ margin-top: 2rem; font-size: .8rem; color: #555; border-top: 1px solid #ddd; padding-top: .5rem; }}
</style>
</head>
<body>
<nav><a href="{escape(links.home())}">kaigi-kg</a></nav>
<h1>{escape(title)}</h1>
{body}
<footer>ライセンス / licence: <a rel="license external" href="{escape(info.license)}">{escape(info.license_name)}</a>
 ／ {escape(info.attribution(sources, shown=3))}</footer>
</body>
</html>
""".encode()


def _sitemap(site_url: str, pages: dict[str, str], sp: Spaces, by_type: dict) -> bytes:
    locals_ = ["index.html", "ontology.html", *(_type_page(t) for t in by_type),
               *(f"{sp.local(iri)}.html" for iri in pages)]
    urls = "".join(f"<url><loc>{escape(site_url + href_path(p))}</loc></url>\n" for p in locals_)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()


# The rules of the host that serves the folder (Apache with mod_rewrite; AllowOverride FileInfo).
# An IRI without a suffix answers 303 See Other to its Turtle when the client prefers it, else to
# its page; a part (a selector or mention) to its owner. docs/site.md has the w3id.org side.
HTACCESS = r"""# kaigi-kg static site: Cool URIs (303 See Other to a document by Accept)
Options -MultiViews
AddType text/turtle .ttl
AddType text/html .html
AddCharset utf-8 .ttl .html
RewriteEngine On
RewriteRule ^theme/$ theme/index.html [R=303,L]
# a statement's selector or mention: its owner's document
RewriteRule ^(.+)/mention/.+$ $1 [R=303,L,NE]
RewriteRule ^(.+)/selector$ $1 [R=303,L,NE]
# Turtle for clients that ask for it
RewriteCond %{HTTP_ACCEPT} text/turtle|application/x-turtle|application/n-triples|application/ld\+json
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [R=303,L,NE]
# a page for everyone else
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [R=303,L,NE]
"""
