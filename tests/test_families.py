"""Every layout fixture reads as its expected.json says: the shared layout families
(tests/fixtures/shared-layouts, copied from ../shared/layouts, which is read too when present)
and the families of our own (tests/fixtures/families). Fields as a careful reader writes
them down: council, date, times, place, attendees, officials (name, post, unit), first
speaker, turns and a least number of statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.pipeline import build_graph
from kg.query.reading import EMPTY, compare, read_graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# Sets every field of which must hold.
EXACT = [FIXTURES / "shared-layouts", FIXTURES / "families", FIXTURES / "fields"]
# Sets written to measure how pages of unseen families read (../shared/layouts, our own new
# families and speaker forms): each file must keep at least the fields it reads today
# (floors.json), so a change that loses a field fails here.
MEASURED = [ROOT.parent / "shared" / "layouts", FIXTURES / "new-families", FIXTURES / "new-families-2",
            FIXTURES / "speakers"]
FLOORS = json.loads((FIXTURES / "floors.json").read_text(encoding="utf-8"))


def _cases(folders):
    seen = {}
    for folder in folders:
        if (folder / "expected.json").is_file():
            for name, want in json.loads((folder / "expected.json").read_text(encoding="utf-8")).items():
                seen.setdefault(Path(name).name, (folder / name, want))
    return sorted(seen.values(), key=lambda c: c[0].name)


def _reading(path, want):
    try:
        got = read_graph(build_graph([path]).graph)
    except KgError:  # a page that does not build reads nothing
        got = EMPTY
    return compare(want, got)


def _id(c):
    return c.name if isinstance(c, Path) else ""


@pytest.mark.parametrize("path, want", _cases(EXACT), ids=_id)
def test_reads_as_a_careful_reader_does(path, want):
    res = _reading(path, want)
    assert all(res.values()), [k for k, v in res.items() if not v]


@pytest.mark.parametrize("path, want", [c for c in _cases(MEASURED) if c[0].name not in
                                         {p.name for p, _ in _cases(EXACT)}], ids=_id)
def test_unseen_families_keep_the_fields_they_read(path, want):
    res = _reading(path, want)
    floor = FLOORS.get(path.name)
    assert floor is not None, f"{path.name}: no floor in floors.json (score it and add it)"
    assert sum(res.values()) >= floor, [k for k, v in res.items() if not v]


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
