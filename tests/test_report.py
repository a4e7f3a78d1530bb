"""kg report: one offline page whose charts have as many marks as the data has non-empty cells
(counted here with SPARQL, independently of the report's code), where clicking a heat-map
cell lists that cell's statements, same bytes for the same graph. In headless Chromium with
every outside request refused."""

from __future__ import annotations

import os
import re
import shutil
import sys

import pytest
from browser import Page, browser
from click.testing import CliRunner
from generate import generate
from helpers import ROOT

from kg.cli import main
from kg.query.engines import open_store

P = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#> PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX org: <http://www.w3.org/ns/org#> """


@pytest.fixture(scope="module", params=["seed", "generated"])
def built(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(request.param)
    src = root / "in"
    if request.param == "seed":
        src.mkdir()
        shutil.copy(ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt", src)
    else:
        generate(src, 3)  # three councils, three layouts: the caps of the heat map do not bind
    out = root / "out"
    for args in (["build", str(src), "-o", str(out), "-q"],
                 ["report", "--graph", str(out), "-o", str(out / "report.html"), "-q"]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
    return out


def _report(out):
    r = CliRunner().invoke(main, ["report", "--graph", str(out), "-o", str(out / "report.html"), "-q"])
    assert r.exit_code == 0, r.output
    return out / "report.html"


def _count(store, query: str) -> int:
    return int(store.query(P + query).rows[0][0])


def expected_marks(out) -> dict[str, int]:
    """Non-empty cells of each chart, from the graph (the report's caps do not bind here)."""
    s = open_store(out)
    top = [str(r[0]) for r in s.query(P + """SELECT ?t (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?l) AS ?label) WHERE {
        ?s a kgo:Statement ; dcterms:subject ?t . ?t skos:prefLabel ?l FILTER(lang(?l) = "ja") }
        GROUP BY ?t ORDER BY DESC(?n) ?label LIMIT 8""").rows]
    values = " ".join(f"<{t}>" for t in top)
    speakers = _count(s, "SELECT (COUNT(DISTINCT ?sp) AS ?n) WHERE { ?s a kgo:Statement ; kgo:speaker ?sp ; dcterms:subject ?t }")
    themes = _count(s, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?s a kgo:Statement ; dcterms:subject ?t }")
    assert speakers <= 30 and themes <= 24, "caps would bind: pick another corpus"
    return {
        "themes-over-time": _count(s, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?m ?t WHERE {{
            ?s kgo:meeting ?m ; dcterms:subject ?t VALUES ?t {{ {values} }} }} }}"""),
        # the unnamed speakers of one council and name are one row
        "speaker-theme": _count(s, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?who ?t WHERE {
            ?s a kgo:Statement ; kgo:speaker ?sp ; dcterms:subject ?t ; kgo:meeting/schema:organizer ?c .
            OPTIONAL { ?sp kgo:unnamed true ; foaf:name ?name }
            BIND(IF(BOUND(?name), CONCAT(STR(?c), ?name), STR(?sp)) AS ?who) } }"""),
        "initiatives-over-time": _count(s, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?i WHERE {
            ?s a kgo:Statement ; kgo:meeting ?m ; kgo:mentions ?i . ?i a kgo:Initiative } }"""),
        "speaking-share": _count(s, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?who WHERE {
            ?s a kgo:Statement ; kgo:meeting ?m OPTIONAL { ?s kgo:speaker ?sp } BIND(COALESCE(?sp, "none") AS ?who) } }"""),
        "attendance": _count(s, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?m WHERE {
            ?ms a org:Membership ; org:member ?p ; kgo:meeting ?m } }"""),
        "membership": _count(s, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?m WHERE {
            { ?ms org:member ?p ; org:organization ?c ; kgo:meeting ?m . ?c a kgo:Council } UNION { ?m kgo:absentee ?p } } }"""),
    }


DRAWN = """() => Object.fromEntries([...document.querySelectorAll('.plot')].map(div => {
  const d = div.data[0];
  // Drawn marks: bar and dot paths with a shape (an empty cell draws none); heat-map cells.
  const drawn = [...div.querySelectorAll('.barlayer .point path, .scatterlayer .point')]
    .filter(p => { const box = p.getBBox(); return box.width > 0.5 && box.height > 0.5; });
  const n = d.type === 'heatmap' ? d.z.flat().filter(v => v !== null).length : drawn.length;
  return [div.dataset.chart, n];
}))"""


def test_same_graph_same_bytes_and_nothing_from_outside(built):
    first = _report(built).read_bytes()
    assert _report(built).read_bytes() == first
    text = first.decode("utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"?https?:", text)
    assert "Plotly" in text and "発言者 × テーマ" in text


TWO_COUNCILS = """令和6年度 {council} 開催結果（概要）
- 1 日時 令和6年6月{day}日（月）午後2時から3時まで
- 3 出席者 委員：山田委員（座長）、佐藤委員
4 議事概要
【山田座長】
- ・生成AIの利用方針について。
【佐藤委員】
- ・オープンデータの公開を進めてほしい。
【事務局】
- ・生成AIの研修を進める。
"""


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    """Two councils each with a 山田 and a 佐藤 (different people, same labels): ties in every
    ordering are broken by IRI, not by the order of a set, which changes with PYTHONHASHSEED."""
    import subprocess
    src = tmp_path / "in"
    src.mkdir()
    for i, council in enumerate(["甲県情報化推進会議", "乙市情報化推進会議", "丙町情報化推進会議"]):
        (src / f"{i}.txt").write_text(TWO_COUNCILS.format(council=council, day=3 + i), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path), "-q"]).exit_code == 0
    pages = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        for args in (["report", "-o", str(out / "report.html")], ["view", "-o", str(out)]):
            subprocess.run([sys.executable, "-m", "kg", *args, "--graph", str(tmp_path), "-q"], check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append({f.name: f.read_bytes() for f in sorted(out.iterdir())})
    assert len(pages[0]) == 5 and pages[0] == pages[1] == pages[2]


def _opened(b, path) -> Page:
    """The report in a page, its charts drawn."""
    p = Page(b)
    p.page.goto(path.as_uri())
    p.page.wait_for_function("window.kgReport !== undefined")
    p.page.evaluate("window.kgReport.ready")
    return p


def test_every_chart_has_a_mark_per_non_empty_cell(built):
    path = _report(built)
    want = expected_marks(built)
    with browser() as b:
        p = _opened(b, path)
        drawn = p.page.evaluate(DRAWN)
        assert p.blocked == [] and p.errors == []
        p.close()
    assert all(n > 0 for n in want.values()), want
    assert drawn == want


LABELS = """() => {
  const div = document.querySelector('.plot[data-chart="speaker-theme"]');
  const box = r => { const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const ticks = sel => [...div.querySelectorAll(sel)].map(t => ({text: t.textContent, box: box(t),
    size: parseFloat(getComputedStyle(t).fontSize), transform: t.getAttribute('transform') || ''}));
  const counts = [...document.querySelectorAll('.plot')].map(d => [d.dataset.chart,
    [...d.querySelectorAll('.ytick text, .cbaxis text, .colorbar .tick text')].map(t => t.textContent)]);
  return {plot: box(div.querySelector('svg.main-svg')), x: ticks('.xtick text'), y: ticks('.ytick text'),
          colorbar: [...div.querySelectorAll('.colorbar text')].map(t => t.textContent), counts};
}"""


def test_heat_map_labels_are_whole_and_readable(built):
    """Measured in Chromium, in a window narrower than usual: every theme name under the heat
    map is drawn whole (its full text, no ellipsis), inside the chart (which scrolls sideways
    rather than crowd them), upright at 90° and apart from its neighbours, at a readable size;
    every speaker has a row; the colour bar and the count axes show whole numbers only."""
    path = _report(built)
    s = open_store(built)
    themes = {str(r[0]) for r in s.query(P + """SELECT DISTINCT ?l WHERE { ?st kgo:speaker ?sp ;
        dcterms:subject ?t . ?t skos:prefLabel ?l FILTER(lang(?l) = "ja") }""").rows}
    with browser() as b:
        p = Page(b, width=1000, height=800)
        p.page.goto(path.as_uri())
        p.page.wait_for_function("window.kgReport !== undefined")
        p.page.evaluate("window.kgReport.ready")
        m = p.page.evaluate(LABELS)
        p.close()
    assert {t["text"] for t in m["x"]} == themes and len(m["x"]) == len(themes)
    left, top, right, bottom = m["plot"]
    for t in m["x"]:
        x0, y0, x1, y1 = t["box"]
        assert "…" not in t["text"] and t["size"] >= 11, t
        assert "rotate(-90" in t["transform"], t
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, t
    boxes = sorted(t["box"] for t in m["x"])
    for a, b in zip(boxes, boxes[1:]):
        assert a[2] <= b[0] + 0.5, (a, b)  # side by side, not over each other
    assert len({t["text"] for t in m["y"]}) == len(m["y"]) > 0
    assert m["colorbar"] and all(text.isdigit() for text in m["colorbar"] if text != "発言数"), m["colorbar"]
    for chart, ticks in m["counts"]:
        if chart in ("themes-over-time", "speaking-share"):
            assert ticks and all(t.replace(",", "").isdigit() for t in ticks), (chart, ticks)


def test_clicking_a_heat_map_cell_shows_its_statements(built):
    path = _report(built)
    store = open_store(built)
    with browser() as b:
        p = _opened(b, path)
        # The darkest cell: the speaker and theme with the most statements.
        cell = p.page.evaluate("""() => {
          const div = document.getElementById('chart-speaker-theme'), d = div.data[0];
          div.scrollIntoView({block: 'center'});
          let best = [0, 0, -1];
          d.z.forEach((row, r) => row.forEach((v, c) => { if (v !== null && v > best[2]) best = [r, c, v]; }));
          const xa = div._fullLayout.xaxis, ya = div._fullLayout.yaxis, box = div.getBoundingClientRect();
          return {x: box.left + xa._offset + xa.l2p(best[1]), y: box.top + ya._offset + ya.l2p(best[0]),
                  key: d.customdata[best[0]][best[1]], n: best[2]};
        }""")
        p.page.mouse.click(cell["x"], cell["y"])
        p.page.wait_for_function("document.querySelectorAll('#details-list .statement').length > 0")
        shown = p.page.eval_on_selector_all("#details-list .statement", "els => els.map(e => e.textContent)")
        marks = p.page.eval_on_selector_all("#details-list mark", "els => els.map(e => e.textContent)")
        assert p.errors == []
        p.close()
    speaker, theme = cell["key"].split("\x1f")
    n = _count(store, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s kgo:speaker <{speaker}> ; dcterms:subject <{theme}> }}""")
    assert len(shown) == cell["n"] == n
    texts = {str(r[0]) for r in store.query(P + f"""SELECT ?text WHERE {{ ?s kgo:speaker <{speaker}> ;
        dcterms:subject <{theme}> ; schema:text ?text }}""").rows}
    assert all(any(t in line for t in texts) for line in shown)
    assert marks  # the words that matched the theme are marked


def test_many_meetings_are_counted_per_year_or_month():
    """Past 60 meetings a time axis of meetings is unreadable: initiatives are counted per fiscal
    year (several years) or per month (one year), each dot keeping its statements."""
    import datetime as dt

    from kg.report.charts import MEETINGS_SHOWN, initiatives_over_time, themes_over_time
    from kg.report.data import Corpus, Meeting

    def corpus(days):
        c = Corpus()
        for n, day in enumerate(days):
            iri = f"https://example.org/m/{n}"
            c.meetings[iri] = Meeting(iri, day, "会議", "甲会議")
            c.statements.append({"iri": f"{iri}/s1", "meeting": iri, "position": 1, "speaker": None})
            c.initiatives[n].add("https://example.org/i/x")
            c.themes[n].add("https://example.org/t/y")
        return c

    start = dt.date(2023, 4, 3)
    two_years = corpus([start + dt.timedelta(days=7 * k) for k in range(MEETINGS_SHOWN + 20)])
    chart = initiatives_over_time(two_years)
    assert chart.figure["data"][0]["x"] == ["2023年度", "2024年度"]
    assert sum(len(v) for v in chart.groups.values()) == MEETINGS_SHOWN + 20  # every statement stays behind a dot
    one_year = corpus([start + dt.timedelta(days=3 * k) for k in range(MEETINGS_SHOWN + 20)])
    months = initiatives_over_time(one_year).figure["data"][0]["x"]
    assert months[0] == "2023-04" and months[-1] == "2023-11" and len(months) == len(set(months)) == 8
    few = corpus([start + dt.timedelta(days=7 * k) for k in range(10)])
    assert len(initiatives_over_time(few).figure["data"][0]["x"]) == 10  # a dot per meeting
    assert themes_over_time(two_years).figure["data"][0]["x"] == ["2023年度", "2024年度"]
