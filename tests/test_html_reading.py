"""HTML pages: no element inside the main text ends it, a text that stops short is a doubt,
and hostile markup is read in linear time or refused (issue 28, items 2, 6 and 9).

The seed summary is rendered as an HTML page (one <p> a line, inside <main>) and an element
is inserted after its line 40: every statement of the .txt must still be read."""

from __future__ import annotations

import html
import time

import pytest
from click.testing import CliRunner
from conftest import SEED

from kg.cli import main
from kg.errors import InputError
from kg.pipeline import build_graph
from kg.read.source import read_source

LINES = SEED.read_text(encoding="utf-8").splitlines()


def page(insert: str = "", at: int = 40, main_open: str = "<main>", main_close: str = "</main>",
         around: tuple[str, str] = ("", "")) -> str:
    body = [f"<p>{html.escape(line)}</p>" for line in LINES]
    body[at:at] = [insert]
    return ("<!doctype html><html><head><meta charset='utf-8'><title>令和6年度 千葉県ICTアドバイザー会議 - 千葉県</title>"
            f"</head><body>{around[0]}<header><p>文字サイズ 標準 拡大</p></header>{main_open}\n" + "\n".join(body)
            + f"\n{main_close}<footer>千葉県 お問い合わせ</footer>{around[1]}</body></html>")


@pytest.fixture(scope="module")
def seed_statements():
    return [s.text for s in build_graph([SEED]).minutes[0].statements]


def _minutes(tmp_path, text: str, name: str = "seed.html"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return build_graph([f]).minutes[0], read_source(f)


INSERTS = {
    "button": "<button type='button'>印刷する</button>",
    "script": "<script>var s = '</p><p>【偽委員】';</script>",
    "style": "<style>p { color: red }</style>",
    "form": "<form action='/search'><label>キーワード</label><input name='q'><button>検索</button></form>",
    "nav": "<nav><ul><li><a href='/'>ホーム</a></li></ul></nav>",
    "svg": "<svg viewBox='0 0 10 10'><title>図</title><path d='M0 0L10 10'/></svg>",
    "unclosed-svg": "<svg><circle r='1'>",
    "iframe": "<iframe src='https://www.example.jp/movie'></iframe>",
    "select": "<select><option>令和6年度</option><option>令和5年度</option></select>",
    "noscript": "<noscript>JavaScriptを有効にしてください</noscript>",
    "template": "<template><p>【偽委員】</p></template>",
    "aside": "<aside>関連リンク</aside>",
    "textarea": "<textarea>ご意見</textarea>",
    "self-closed-button": "<button/>",
    "stray-end-tags": "</span></b></i></button></script>",
}


@pytest.mark.parametrize("name", sorted(INSERTS))
def test_an_element_inside_main_does_not_end_the_text(tmp_path, seed_statements, name):
    m, src = _minutes(tmp_path, page(INSERTS[name]))
    assert len(seed_statements) == 36
    assert [s.text for s in m.statements] == seed_statements
    assert not [d for d in m.doubts if d.field == "text"]
    for s in m.statements:  # offsets point into the extracted text
        assert src.text[s.span.start:s.span.end] == s.text


def test_a_form_around_the_whole_page_is_read(tmp_path, seed_statements):
    """ASP.NET pages wrap everything in one <form>."""
    m, _ = _minutes(tmp_path, page(around=("<form id='aspnetForm' method='post'>", "</form>")))
    assert [s.text for s in m.statements] == seed_statements


def test_the_page_keeps_its_reading_of_tables_lists_and_title(tmp_path):
    text = ("<html><head><title>第1回 会議 - 千葉県</title></head><body><nav class='breadcrumb'><ol><li><a>ホーム</a></li>"
            "<li>第1回 会議の結果</li></ol></nav><div id='tmp_contents'><table><tr><th>日時</th><td>令和6年5月1日</td></tr>"
            "<tr><th>場所</th><td>県庁</td></tr></table><ul><li>一つ目</li><li>二つ目</li></ul><p>A &amp; B<br>次の行</p></div>"
            "<div id='side'>関連</div></body></html>")
    f = tmp_path / "p.html"
    f.write_text(text, encoding="utf-8")
    src = read_source(f)
    assert src.text == "日時 | 令和6年5月1日\n\n場所 | 県庁\n\n・一つ目\n\n・二つ目\n\nA & B\n次の行\n"
    assert src.hints == ("第1回 会議の結果", "第1回 会議")


def test_text_that_continues_after_the_main_element_is_a_doubt(tmp_path, seed_statements):
    """A stray </div> closes the main element after line 20: what follows is outside it."""
    m, _ = _minutes(tmp_path, page("</div>", at=20, main_open="<div id='main'>", main_close="",
                                   around=("<div id='wrap'>", "</div>")))
    doubts = [d for d in m.doubts if d.field == "text"]
    assert len(doubts) == 1 and "main element" in doubts[0].message, m.doubts
    assert len(m.statements) < len(seed_statements)
    r = CliRunner().invoke(main, ["check", str(tmp_path / "seed.html")])
    assert r.exit_code == 1 and "main element" in r.output


def test_a_sidebar_after_the_main_text_is_no_doubt(tmp_path):
    m, _ = _minutes(tmp_path, page(around=("", "<div id='side'><ul><li>関連情報</li><li>お知らせ</li></ul></div>")))
    assert not [d for d in m.doubts if d.field == "text"]


@pytest.mark.parametrize("name, markup", [
    ("unmatched-end-tags", "<main><p>冒頭。</p>" + "</span>" * 40_000 + "<p>【山田委員】</p><p>末尾の発言。</p></main>"),
    ("unterminated-start-tags", "<main><p>冒頭。</p>" + "<a " * 24_000),
    ("unclosed-comment-at-the-end", "<main><p>冒頭。</p><!-- <p>隠された段落</p>"),
])
def test_hostile_markup_reads_in_linear_time(tmp_path, name, markup):
    f = tmp_path / f"{name}.html"
    f.write_text(markup, encoding="utf-8")
    start = time.perf_counter()
    text = read_source(f).text
    assert time.perf_counter() - start < 2  # 22 s and 6.7 s before
    assert text.startswith("冒頭。") and "<" not in text and "隠された" not in text
    if name == "unmatched-end-tags":
        assert "末尾の発言。" in text


@pytest.mark.parametrize("markup", ["<main>" + "<div>" * 100_000 + "本文</main>",
                                    "<main>" + "<b>" * 40_000 + "</i>" * 40_000 + "本文</main>"],
                         ids=["nested-divs", "unmatched-end-tags-under-open-ones"])
def test_nesting_no_page_needs_is_refused_and_the_others_build(tmp_path, markup):
    """40,000 unmatched end tags under as many open ones took 22 s; 256 levels is libxml2's limit."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    (folder / "deep.html").write_text(markup, encoding="utf-8")
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=r"deep\.html.*nested more than 256"):
        read_source(folder / "deep.html")
    start = time.perf_counter()
    r = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "Skipped" in r.output and "deep.html" in r.output and "Traceback" not in r.output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    assert time.perf_counter() - start < 120


def test_a_button_left_open_that_holds_the_rest_is_a_doubt(tmp_path):
    """Browsers show what follows an unclosed <button> inside it; the text here drops it, and says so."""
    m, _ = _minutes(tmp_path, page("<button type='button'>", at=20))
    doubts = [d for d in m.doubts if d.field == "text"]
    assert len(doubts) == 1 and "<button>" in doubts[0].message, m.doubts
