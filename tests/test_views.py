"""Network views, opened in headless Chromium with the network blocked, and the networks
behind them."""

import re
from pathlib import Path

import pytest
from browser import LEGIBILITY, Page, browser
from click.testing import CliRunner

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
from kg.query.engines import open_store


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
    assert people == {"庄司", "白澤", "山口", "宮入", "今泉", "荒川", "事務局（千葉県ICTアドバイザー会議）"}
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
    p.page.wait_for_function("window.kgReady === true")
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
    xy = page.evaluate("""() => { const id = kgNodes.getIds().find(i => kgNodes.get(i).fullLabel === '中部DX推進コミュニティ');
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
        kgNodes.get(e.from).fullLabel === '生成AI' || kgNodes.get(e.to).fullLabel === '生成AI');
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
    page.evaluate("kgShow('node', kgNodes.getIds().find(i => kgNodes.get(i).fullLabel === '生成AI'))")
    panel = page.inner_text("#panel")
    assert "<script>window.__pwned = 1</script>" in panel and 'onerror="window.__pwned = 2"' in panel
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("kgNodes.length") > 0  # "<!--" in the data no longer breaks the page
    page.evaluate("kgShow('node', kgNodes.getIds().find(i => kgNodes.get(i).fullLabel === '事務局（テスト会議）'))")
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
        return kgNodes.get().map(n => [n.fullLabel, pos[n.id].x, pos[n.id].y]); }""")
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


# -- legibility: labels, packing, grouping, bands, colouring -------------------------------


@pytest.fixture(scope="module")
def corpus40(tmp_path_factory):
    """40 generated meetings of five councils (one prefecture's, over two years), built and drawn."""
    from generate import generate
    root = tmp_path_factory.mktemp("corpus40")
    generate(root / "in", 40, prefectures=1)
    for args in (["build", str(root / "in"), "-o", str(root), "-q"], ["view", "--graph", str(root), "-o", str(root)]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
    return root


LEGIBLE_VIEWS = ["overview", "people-themes", "initiatives", "meeting"]


@pytest.mark.parametrize("corpus", ["seed", "corpus40"])
@pytest.mark.parametrize("name", LEGIBLE_VIEWS)
def test_labels_do_not_collide_and_nodes_fill_the_canvas(chromium, written, corpus40, corpus, name):
    folder = written if corpus == "seed" else corpus40
    p = open_view(chromium, folder / f"view-{name}.html")
    m = p.page.evaluate(LEGIBILITY)
    assert p.errors == []
    p.close()
    assert m["labels"] >= min(10, m["nodes"]), m  # labels are shown, not all hidden
    assert m["overlapping"] <= 0.02 * m["labels"], m
    assert m["minPx"] >= 12, m
    assert m["spanX"] >= 0.5 and m["spanY"] >= 0.5, m


def test_zooming_in_shows_more_labels(chromium, corpus40):
    """Labels hidden at the first fit appear when one zooms in: of the nodes in the canvas's
    centre ninth, more are labelled after a threefold zoom on it than before, still legible."""
    p = open_view(chromium, corpus40 / "view-people-themes.html")
    centre = """() => { const c = document.querySelector('#network canvas'), W = c.clientWidth, H = c.clientHeight;
        const pos = kgNetwork.getPositions();
        return kgNodes.getIds().filter(id => { const d = kgNetwork.canvasToDOM(pos[id]);
          return d.x > W / 3 && d.x < 2 * W / 3 && d.y > H / 3 && d.y < 2 * H / 3; }); }"""
    inside = p.page.evaluate(centre)
    labelled = "ids => ids.filter(id => kgNodes.get(id).label).length"
    before = p.page.evaluate(labelled, inside)
    p.page.evaluate("""() => { const c = document.querySelector('#network canvas');
        kgNetwork.moveTo({position: kgNetwork.DOMtoCanvas({x: c.clientWidth / 2, y: c.clientHeight / 2}),
                          scale: kgNetwork.getScale() * 3}); kgDeclutter(); }""")
    after = p.page.evaluate(labelled, inside)
    m = p.page.evaluate(LEGIBILITY)
    p.close()
    assert len(inside) > before  # at 40 meetings not every label in the centre fits at first
    assert after > before, (len(inside), before, after)
    assert m["overlapping"] <= 0.02 * m["labels"] and m["minPx"] >= 12


def test_components_are_laid_out_apart():
    import networkx as nx

    from kg.network.layout import positions
    g = nx.Graph()
    for c in range(4):
        hub = f"h{c}"
        for i in range(3 + 5 * c):
            g.add_edge(hub, f"{hub}-{i}")
    for n in g:
        g.nodes[n]["type"] = "person"
    pos = positions(g)
    boxes = []
    for comp in nx.connected_components(g):
        xs, ys = [pos[n][0] for n in comp], [pos[n][1] for n in comp]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    assert 1.0 <= (max(xs) - min(xs)) / (max(ys) - min(ys)) <= 2.5  # a landscape rectangle, not a strip
    assert positions(g) == pos  # seeded: same graph, same layout


def _count(folder, query):
    return open_store(folder).query(query).rows


def test_overview_groups_meetings_per_council_and_year(chromium, corpus40, written):
    pairs = _count(corpus40, """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#> PREFIX schema: <https://schema.org/>
        SELECT DISTINCT ?c ?fy WHERE { ?m a kgo:Meeting ; schema:organizer ?c ; kgo:fiscalYear ?fy }""")
    p = open_view(chromium, corpus40 / "view-overview.html")
    kinds = p.page.evaluate("kgNodes.get().map(n => n.kgType)")
    group = p.page.evaluate("""() => { const m = JSON.parse(document.getElementById('kg-data').textContent).nodeMeetings;
        return Object.keys(m).sort((a, b) => m[b].length - m[a].length)[0]; }""")
    p.page.evaluate(f"kgShow('node', {group!r})")
    panel = p.page.inner_text("#panel")
    p.close()
    groups = [n for n, t in overview(load_data(open_store(corpus40))).nodes(data="type") if t == "meetings"]
    assert len(groups) == len(pairs) >= 5
    assert "meeting" not in kinds and kinds.count("meetings") >= 0.9 * len(pairs)  # the page keeps 300 nodes
    n = int(re.search(r"会議 (\d+) 回", panel).group(1))
    assert n >= 2 and len(re.findall(r"\d{4}-\d{2}-\d{2}", panel)) >= n  # the group lists its meetings, dated
    # one meeting (the seed): drawn on its own, labelled with its council and date
    p = open_view(chromium, written / "view-overview.html")
    labels = p.page.evaluate("kgNodes.get().filter(n => n.kgType === 'meeting').map(n => n.fullLabel)")
    p.close()
    assert labels == ["千葉県ICTアドバイザー会議\n2025-03-24"]


def test_each_meeting_on_request(corpus40, tmp_path):
    r = CliRunner().invoke(main, ["view", "overview", "--each-meeting", "--graph", str(corpus40), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    html = (tmp_path / "view-overview.html").read_text(encoding="utf-8")
    assert html.count('"kgType":"meeting"') >= 20 and '"kgType":"meetings"' not in html


def test_community_colouring(chromium, written):
    p = open_view(chromium, written / "view-people-themes.html")
    page = p.page
    by_type = page.evaluate("new Set(kgNodes.get().map(n => JSON.stringify(n.color))).size")
    assert page.is_visible("#colour")
    page.select_option("#colour", "community")
    colours = page.evaluate("kgNodes.get().map(n => [n.color, n.community])")
    page.select_option("#colour", "type")
    back = page.evaluate("new Set(kgNodes.get().map(n => JSON.stringify(n.color))).size")
    p.close()
    assert all(c == community for c, community in colours)
    assert len({c for c, _ in colours}) >= 2 and back == by_type


AGENDA_MINUTES = """令和6年度 テスト会議 開催結果（概要）

- 1 日時 令和6年6月3日（月）午後2時から3時まで
- 2 場所 県庁本庁舎5階 大会議室
- 3 出席者 委員：山田委員（座長）、佐藤委員
4 議事概要
○ 議事（1）生成AIの利用について
【山田座長】
- ・生成AIの利用方針について説明を求める。
【事務局】
- ・生成AIの利用方針を説明した。
【佐藤委員】
- ・生成AIの研修を増やすべき。
○ 議事（2）オープンデータについて
【佐藤委員】
- ・オープンデータの公開を進めてほしい。
【事務局】
- ・オープンデータの公開を進める。
"""


def test_agenda_items_are_bands_over_their_turns(chromium, tmp_path):
    src = tmp_path / "m.txt"
    src.write_text(AGENDA_MINUTES, encoding="utf-8")
    for args in (["build", str(src), "-o", str(tmp_path), "-q"], ["view", "meeting", "--graph", str(tmp_path), "-o", str(tmp_path)]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 0, r.output
    p = open_view(chromium, tmp_path / "view-meeting.html")
    bands = p.page.evaluate("kgBands")
    turns = p.page.evaluate("""() => { const pos = kgNetwork.getPositions();
        return kgNodes.get().map(n => [parseInt(n.fullLabel), pos[n.id].x]).sort((a, b) => a[0] - b[0]); }""")
    # the band's fill is drawn behind the nodes: sample the canvas inside each band, above the lanes
    fills = p.page.evaluate("""() => { const c = document.querySelector('#network canvas'), ctx = c.getContext('2d');
        const ys = Object.values(kgNetwork.getPositions()).map(p => p.y), r = window.devicePixelRatio;
        return kgBands.map(b => { const d = kgNetwork.canvasToDOM({x: (b.x0 + b.x1) / 2, y: Math.min(...ys) - 10});
          return Array.from(ctx.getImageData(Math.round(d.x * r), Math.round(d.y * r), 1, 1).data); }); }""")
    assert p.errors == []
    p.close()
    assert [b["title"] for b in bands] == ["生成AIの利用について", "オープンデータについて"]
    assert [b["turns"] for b in bands] == [3, 2]
    assert [pos for pos, _ in turns] == [1, 2, 3, 4, 5]
    for (_, x), band in zip(turns, [bands[0]] * 3 + [bands[1]] * 2):
        assert band["x0"] < x < band["x1"]
    assert all(f[3] == 255 and f[:3] != [255, 255, 255] for f in fills), fills  # tinted, not blank canvas


def test_the_licence_given_is_the_one_shown(seed_build, tmp_path):
    """kg view takes the licence options kg export and kg serve take (one DatasetInfo)."""
    _, graph = seed_build
    r = CliRunner().invoke(main, ["view", "overview", "--graph", str(graph), "-o", str(tmp_path),
                                  "--license", "https://example.org/licence", "--license-name", "例の利用規約"])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "view-overview.html").read_text(encoding="utf-8")
    assert "https://example.org/licence" in page and "例の利用規約" in page


def test_a_meeting_is_found_by_its_date(seed_data):
    from kg.errors import KgError
    from kg.network.projections import find_meeting

    meetings = meeting_ids(seed_data)
    assert find_meeting(seed_data, "2025-03-24", meetings) == meetings[0]
    assert find_meeting(seed_data, "2025-03-24 ICTアドバイザー", meetings) == meetings[0]
    assert find_meeting(seed_data, meetings[0], meetings) == meetings[0]
    with pytest.raises(KgError, match="dates in the graph: 2025-03-24"):
        find_meeting(seed_data, "2024-12-10", meetings)
