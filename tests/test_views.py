"""Network views, opened in headless Chromium with the network blocked, and the networks
behind them."""

import re
from pathlib import Path

import pytest
from browser import Page, browser
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.network.projections import (
    load_data,
    meeting,
    meeting_ids,
    overview,
    people_themes,
    reduce,
)
from kg.network.views import build_views, render
from kg.query.store import open_store

SCREENSHOTS = ROOT / "outputs" / "screenshots"


@pytest.fixture(scope="module")
def seed_data(seed_build):
    _, path = seed_build
    return load_data(open_store(path))


@pytest.fixture(scope="module")
def written(seed_build, tmp_path_factory):
    _, graph = seed_build
    out = tmp_path_factory.mktemp("views")
    r = CliRunner().invoke(main, ["view", "--graph", str(graph), "-o", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["view", "--graph", str(graph), "-o", str(out), "--focus", "スペースパトロール",
                                  "--depth", "2"])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_networks_on_the_seed(seed_data):
    pt = people_themes(seed_data)
    people = {a["label"] for n, a in pt.nodes(data=True) if a["type"] in ("person", "organization")}
    assert people == {"庄司", "白澤", "山口", "宮入", "今泉", "荒川", "事務局"}
    imaizumi = next(n for n, a in pt.nodes(data=True) if a["label"] == "今泉")
    gen_ai = next(n for n, a in pt.nodes(data=True) if a["label"] == "生成AI")
    assert pt.edges[imaizumi, gen_ai]["weight"] == 1
    m = meeting(seed_data, meeting_ids(seed_data)[0])
    assert m.number_of_nodes() == 12
    assert sum(1 for _, _, e in m.edges(data=True) if e["kind"] == "responds to") == 8


def test_reduce_keeps_the_strongest(seed_data):
    g = overview(seed_data)
    small, note = reduce(g, 20)
    assert small.number_of_nodes() == 20 and "20 of" in note
    strength = dict(g.degree(weight="weight"))
    assert max(strength, key=strength.get) in small


def test_every_file_is_self_contained(written):
    files = sorted(written.glob("view-*.html"))
    assert [f.name for f in files] == ["view-focus-スペースパトロール.html", "view-initiatives.html",
                                       "view-meeting.html", "view-overview.html", "view-people-themes.html"]
    for f in files:
        html = f.read_bytes().decode("utf-8")  # written as UTF-8
        assert html.startswith("<!doctype html>\n<html lang=\"ja\">")
        assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?//""", html)
        assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)
        assert "vis.Network" in html


def test_views_are_deterministic(seed_data):
    for v in build_views(seed_data):
        assert render(v, seed_data) == render(v, seed_data)


def open_view(chromium, path: Path) -> Page:
    p = Page(chromium)
    p.page.goto(path.resolve().as_uri())
    p.page.wait_for_function("window.kgNetwork !== undefined")
    return p


def drawn_pixels(page) -> int:
    return page.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n; }""")


@pytest.mark.parametrize("name", ["overview", "people-themes", "initiatives", "meeting", "focus-スペースパトロール"])
def test_view_in_chromium(chromium, written, seed_data, name):
    views = build_views(seed_data) + build_views(seed_data, focus="スペースパトロール", depth=2)
    expected = {v.name: v.graph.number_of_nodes() for v in views}[name]
    assert expected > 10
    p = open_view(chromium, written / f"view-{name}.html")
    page = p.page
    assert page.evaluate("kgNodes.length") == expected
    assert drawn_pixels(page) > 2000, "the network is drawn on the canvas"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"view-{name}.png"))
    assert p.blocked == [] and p.errors == []
    p.close()


def test_search_filter_and_panel(chromium, written):
    p = open_view(chromium, written / "view-overview.html")
    page = p.page
    page.fill("#search", "ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ")  # half-width kana: NFKC search
    selected = page.evaluate("kgNetwork.getSelectedNodes()")
    assert [s.rsplit("/", 1)[1] for s in selected] == ["スペースパトロール"]
    assert "スペースパトロール" in page.inner_text("#panel")
    # type filter: hide themes
    themes = page.evaluate("kgNodes.get().filter(n => n.kgType === 'theme').length")
    assert themes > 10
    page.uncheck("input[data-type='theme']")
    assert page.evaluate("kgNodes.get().filter(n => n.hidden).length") == themes
    page.check("input[data-type='theme']")
    assert page.evaluate("kgNodes.get().filter(n => n.hidden).length") == 0
    # a real click on a node opens the panel with its statements, matched words marked
    page.fill("#search", "")
    xy = page.evaluate("""() => { const id = kgNodes.getIds().find(i => kgNodes.get(i).label === '中部DX推進コミュニティ');
        const pos = kgNetwork.getPositions([id])[id]; kgNetwork.moveTo({position: pos, scale: 1.5});
        return kgNetwork.canvasToDOM(pos); }""")
    page.wait_for_timeout(200)
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    panel = page.inner_text("#panel")
    assert "中部DX推進コミュニティ" in panel and "宮入" in panel and "https://w3id.org/kaigi-kg/id/initiative/" in panel
    assert page.inner_text("#panel mark") == "中部DX推進コミュニティ"
    assert p.blocked == [] and p.errors == []
    p.close()


def test_edge_panel_lists_statements(chromium, written):
    p = open_view(chromium, written / "view-people-themes.html")
    page = p.page
    text = page.evaluate("""() => { const e = kgNetwork.body.data.edges.get().find(e =>
        kgNodes.get(e.from).label === '生成AI' || kgNodes.get(e.to).label === '生成AI');
        kgShow('edge', e.id); return document.getElementById('panel').innerText; }""")
    assert "生成AI" in text and "発言 1 件" in text
    p.close()


def test_injected_markup_runs_nothing(chromium, tmp_path):
    src = tmp_path / "m.txt"
    src.write_text("""令和6年度 テスト会議 議事概要
1 日時 令和6年6月3日（月）午後2時から3時まで
4 議事概要
【山田委員】
- ・生成AIの件。<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">
【事務局】
- ・生成AIについて回答。</script><script>window.__pwned = 3</script>
- ・生成AIの注記 <!--<script>window.__pwned = 4</script> -->   と &amp;。
""", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(src), "-o", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["view", "people-themes", "--graph", str(tmp_path), "-o", str(tmp_path)]).exit_code == 0
    p = open_view(chromium, tmp_path / "view-people-themes.html")
    page = p.page
    page.evaluate("kgShow('node', kgNodes.getIds().find(i => kgNodes.get(i).label === '生成AI'))")
    panel = page.inner_text("#panel")
    assert "<script>window.__pwned = 1</script>" in panel and 'onerror="window.__pwned = 2"' in panel
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("kgNodes.length") > 0  # "<!--" in the data no longer breaks the page
    page.evaluate("kgShow('node', kgNodes.getIds().find(i => kgNodes.get(i).label === '事務局'))")
    assert "<!--<script>window.__pwned = 4</script> -->" in page.inner_text("#panel")
    assert page.evaluate("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert p.blocked == []
    p.close()


def test_unknown_view_and_focus(tmp_path, seed_build):
    _, graph = seed_build
    r = CliRunner().invoke(main, ["view", "nope", "--graph", str(graph), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "unknown view nope" in r.output
    r = CliRunner().invoke(main, ["view", "--focus", "スペースパトロー", "--graph", str(graph), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "did you mean スペースパトロール" in r.output


def test_meeting_view_is_a_timeline(chromium, written, seed_data):
    """One mark per turn, left to right in the order of the discussion, a lane per speaker."""
    turns = sorted(pos for (m, pos, _, _) in seed_data.turns.values() if m == meeting_ids(seed_data)[0])
    p = open_view(chromium, written / "view-meeting.html")
    nodes = p.page.evaluate("""() => { const pos = kgNetwork.getPositions();
        return kgNodes.get().map(n => [n.label, pos[n.id].x, pos[n.id].y]); }""")
    assert p.errors == []
    p.close()
    assert len(nodes) == len(turns) == 12
    ordered = sorted(nodes, key=lambda n: int(n[0].split(".")[0]))
    assert [int(n[0].split(".")[0]) for n in ordered] == turns
    xs = [n[1] for n in ordered]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    lanes = {}
    for label, _, y in ordered:
        lanes.setdefault(label.split(". ", 1)[1].removesuffix("座長").removesuffix("委員"), set()).add(y)
    assert all(len(ys) == 1 for ys in lanes.values())  # a speaker keeps one lane
    assert len({y for ys in lanes.values() for y in ys}) == len(lanes)
