"""Every layout fixture reads as its expected.json says: the shared layout families
(tests/fixtures/shared-layouts, copied from ../shared/layouts, which is read too when present)
and the families of our own (tests/fixtures/families). Fields as a careful reader writes
them down: council, date, times, place, attendees, officials (name, post, unit), first
speaker, turns and a least number of statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import sparql

from kg.pipeline import build_graph
from kg.read.normalize import nfkc

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "tests" / "fixtures" / "shared-layouts", ROOT / "tests" / "fixtures" / "families",
        ROOT / "tests" / "fixtures" / "fields",
        ROOT.parent / "shared" / "layouts"]


def _cases():
    seen = {}
    for folder in SETS:
        if (folder / "expected.json").is_file():
            for name, want in json.loads((folder / "expected.json").read_text(encoding="utf-8")).items():
                seen.setdefault(Path(name).name, (folder / name, want))
    return sorted(seen.values(), key=lambda c: c[0].name)


def read_back(g):
    got = {}
    rows = sparql(g, "SELECT ?s ?e WHERE { ?m a kgo:Meeting . OPTIONAL {?m schema:startDate ?s} "
                     "OPTIONAL {?m schema:endDate ?e} }")
    start, end = (str(rows[0][0] or ""), str(rows[0][1] or "")) if rows else ("", "")
    got["date"], got["start"], got["end"] = start[:10] or None, start[11:16] or None, end[11:16] or None
    got["places"] = [r[0] for r in sparql(g, "SELECT ?n WHERE { ?m schema:location/schema:name ?n }")]
    got["councils"] = {r[0].replace(" ", "") for r in sparql(g, "SELECT ?l WHERE { ?c a kgo:Council ; skos:prefLabel ?l }")}
    got["attendees"] = len(sparql(g, "SELECT DISTINCT ?p WHERE { ?m a kgo:Meeting ; schema:attendee ?p }"))
    got["officials"] = set(sparql(g, """SELECT ?n ?post ?unit WHERE {
        ?ms org:member ?p ; org:organization ?u ; org:role/skos:prefLabel ?post .
        ?u skos:prefLabel ?unit . FILTER(lang(?unit) = "ja") { ?p foaf:familyName ?n } UNION { ?p foaf:name ?n } }"""))
    first = sparql(g, """SELECT ?name WHERE { ?t a kgo:Turn ; schema:position ?pos ; kgo:speaker ?sp .
        ?sp foaf:name|skos:prefLabel ?name } ORDER BY ?pos LIMIT 1""")
    got["first_speaker"] = first[0][0] if first else None
    got["turns"] = len(sparql(g, "SELECT ?t WHERE { ?t a kgo:Turn }"))
    got["statements"] = len(sparql(g, "SELECT ?s WHERE { ?s a kgo:Statement }"))
    return got


@pytest.mark.parametrize("path, want", _cases(), ids=lambda c: c.name if isinstance(c, Path) else "")
def test_reads_as_a_careful_reader_does(path, want):
    got = read_back(build_graph([path]).graph)
    if want.get("council"):
        assert want["council"].replace(" ", "") in got["councils"]
    for key in ("date", "start", "end"):
        if want.get(key) is not None:
            assert got[key] == want[key], key
    if want.get("place"):
        assert any(nfkc(want["place"]) in nfkc(p) for p in got["places"]), got["places"]  # 第１ is 第1
    if want.get("attendees") is not None:
        assert got["attendees"] == want["attendees"]
    for o in want.get("officials") or []:
        assert any(n.startswith(o["name"]) and post == o["post"] and (o["unit"] is None or unit == o["unit"])
                   for n, post, unit in got["officials"]), o
    if want.get("first_speaker"):
        assert got["first_speaker"] and want["first_speaker"] in got["first_speaker"]
    if want.get("turns") is not None:
        assert got["turns"] == want["turns"]
    if want.get("statements_min") is not None:
        assert got["statements"] >= max(1, want["statements_min"]) or want["statements_min"] == 0


def test_an_html_page_whose_title_is_only_in_its_breadcrumb_and_title_tag(tmp_path):
    """The breadcrumb sits in <nav> (dropped from the text) and the header has no labels: the
    title comes from the breadcrumb's last item, or from <title> without the site's name."""
    body = """<main><p>令和6年12月10日(火曜日)午前9時30分から11時20分</p>
<p>岡山県庁西庁舎(岡山市北区丸の内3-1-8)4階第2会議室</p>
<p>伊東委員、大西委員、杉本委員(座長)</p><p>県側:藤原子ども未来局長、松井こども政策課長</p>
<p>主な意見:</p><p>【伊東委員】通知の配信の仕方を見直してほしい。</p></main>"""
    crumb = ('<nav class="breadcrumb"><ol><li><a href="/">ホーム</a></li><li><a href="/k/">子育て</a></li>'
             '<li>令和6年度第1回岡山県子育て支援ICTアドバイザリー会議の開催結果について(12月10日)</li></ol></nav>')
    for name, head in (("crumb.html", crumb), ("title.html", "")):
        page = tmp_path / name
        page.write_text(f"<html><head><meta charset='utf-8'><title>令和6年度第1回岡山県子育て支援ICTアドバイザリー会議の"
                        f"開催結果について - 岡山県ホームページ</title></head><body>{head}{body}</body></html>",
                        encoding="utf-8")
        m = build_graph([page]).minutes[0]
        assert m.series == "岡山県子育て支援ICTアドバイザリー会議", name
        assert m.place.endswith("4階第2会議室") and len(m.attendees) == 5 and len(m.turns) == 1
