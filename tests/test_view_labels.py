"""What a view shows at first display, measured in headless Chromium: a meeting's timeline
names every lane with its speaker, inside the canvas and apart."""

from __future__ import annotations

from browser import LEGIBILITY, Page, browser
from click.testing import CliRunner

from kg.cli import main
from kg.network.projections import load_data, meeting, meeting_ids
from kg.query.engines import open_store


def test_timeline_lanes_are_named_with_their_speakers(seed_build, tmp_path):
    _, graph = seed_build
    r = CliRunner().invoke(main, ["view", "meeting", "--graph", str(graph), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    d = load_data(open_store(graph))
    g = meeting(d, meeting_ids(d)[0])
    speakers = {a["speaker_name"] for _, a in g.nodes(data=True)}
    assert {"庄司", "白澤", "事務局（千葉県ICTアドバイザー会議）"} <= speakers
    lanes = len({a["speaker"] or a["label"] for _, a in g.nodes(data=True)})
    with browser() as b:
        p = Page(b)
        p.page.goto((tmp_path / "view-meeting.html").resolve().as_uri())
        p.page.wait_for_function("window.kgReady === true && window.kgLaneBoxes.length > 0")
        drawn = p.page.evaluate("window.kgLaneBoxes")
        width, height = p.page.evaluate("""() => { const c = document.querySelector('#network canvas');
            return [c.clientWidth, c.clientHeight]; }""")
        assert p.errors == [] and p.blocked == []
        p.close()
    assert len(drawn) == lanes and {x["title"] for x in drawn} == speakers
    boxes = [x["box"] for x in drawn]
    for x0, y0, x1, y1 in boxes:
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, (x0, y0, x1, y1)
        assert y1 - y0 >= 12  # legible
    for i, a in enumerate(boxes):
        assert not any(a[1] < b[3] and b[1] < a[3] for b in boxes[i + 1:]), boxes  # one above another


def test_initiatives_labels_at_first_display(seed_build, tmp_path):
    """The seed's initiatives view (24 nodes, a crowded core) shows every label at first
    display, as vis draws it: inside the canvas, legible, none over another (where the place
    below a node is taken the label goes above it, or a line further; 19 of 24 labels were
    drawn at first, then 23: 公益社団法人千葉県情報サービス産業協会 had no place)."""
    _, graph = seed_build
    r = CliRunner().invoke(main, ["view", "initiatives", "--graph", str(graph), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    with browser() as b:
        p = Page(b)
        p.page.goto((tmp_path / "view-initiatives.html").resolve().as_uri())
        p.page.wait_for_function("window.kgReady === true")
        m = p.page.evaluate(LEGIBILITY)
        assert p.errors == []
        p.close()
    assert m["nodes"] >= 20 and m["missing"] == [] and m["labels"] == m["nodes"], m
    assert m["outside"] == [] and m["overlapping"] == 0 and m["minPx"] >= 12, m
