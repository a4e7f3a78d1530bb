"""Invented council sites and an invented Diet API, served on 127.0.0.1 by a real HTTP server
in a thread, with a log of every request it answered (what kg fetch asked, and how)."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Route:
    body: bytes = b""
    type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (else the body ends when the connection closes)
    conditional: bool = True  # ETag and Last-Modified, and 304 to a request that holds them
    answer: Callable[[dict[str, list[str]], int], tuple[int, dict[str, str], bytes]] | None = None  # (query, n)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str  # with its query
    status: int
    headers: dict[str, str]
    at: float


class Site:
    """Routes by path (and query); ``hits`` lists the requests in the order they came."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(h.path) or self.routes.get(urlsplit(h.path).path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        n = self.counts[h.path] = self.counts.get(h.path, 0) + 1
        status, extra, body = 404, {}, b"not here"
        if route is not None:
            status, extra, body = route.status, dict(route.headers), route.body
            if route.answer:
                status, extra, body = route.answer(parse_qs(urlsplit(h.path).query), n)
            elif route.conditional:
                extra |= {"ETag": route.etag, "Last-Modified": LAST_MODIFIED}
                if headers.get("if-none-match") == route.etag or (
                        "if-none-match" not in headers and headers.get("if-modified-since") == LAST_MODIFIED):
                    status, body = 304, b""
        self.hits.append(Hit(h.path, status, headers, time.monotonic()))
        h.send_response(status)
        if status != 304:
            h.send_header("Content-Type", route.type if route else "text/plain")
        for k, v in extra.items():
            h.send_header(k, v)
        if route is None or route.length or status == 304:
            h.send_header("Content-Length", str(len(body)))
        else:
            h.close_connection = True
        h.end_headers()
        h.wfile.write(body)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def requested(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def downloads(self) -> list[str]:
        """Paths answered with a body (200), robots.txt aside."""
        return [h.path for h in self.hits if h.status == 200 and h.path != "/robots.txt"]


def page(title: str, links: list[tuple[str, str]], text: str = "") -> Route:
    items = "".join(f'<li><a href="{href}">{words}</a></li>' for href, words in links)
    nav = '<p><a href="/">トップページ</a> <a href="/contact.html">お問い合わせ</a></p>'
    return Route(f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{nav}<h1>{title}</h1>"
                 f"{text}<ul>{items}</ul></body></html>".encode())


def pdf(words: str) -> Route:
    """Bytes that open like a PDF (kg fetch saves them; reading them is kg build's matter)."""
    return Route(b"%PDF-1.4\n% " + words.encode("utf-8") + b"\n%%EOF\n", type="application/pdf")


def summary_page(council: str, day: str) -> Route:
    return Route(f"""<html><head><meta charset="utf-8"><title>{council} 開催結果</title></head><body>
<h1>{council} 開催結果（概要）</h1>
<p>日時：{day} 午後2時から午後3時30分まで</p><p>場所：市役所本庁舎3階 第1会議室</p>
<p>出席者：委員 山田太郎、佐藤花子</p>
<h2>議事</h2><p>【山田委員】デジタル化の進め方について意見を述べた。</p>
<p>【佐藤委員】窓口のオンライン化を進めてほしい。</p></body></html>""".encode())


ROBOTS = Route(b"User-agent: *\nDisallow: /kaigi/private/\n", type="text/plain", conditional=False)


def cms_site() -> dict[str, Route]:
    """Shape 1: a CMS list of meetings, each with its result page; one page carries its record
    as a PDF beside a handout."""
    return {
        "/robots.txt": ROBOTS,
        "/kaigi/index.html": page("みどり市エネルギー審議会 会議の開催結果", [
            ("r5-3/index.html", "令和5年度第3回 会議録"), ("r5-2/index.html", "令和5年度第2回 開催結果"),
            ("/kaigi/private/r5-1.html", "令和5年度第1回 開催結果"), ("/sitemap.html", "サイトマップ")]),
        "/kaigi/r5-3/index.html": Route((FIXTURES / "new-families/64_city-shingikai-cms-table-dl.html").read_bytes()),
        "/kaigi/r5-2/index.html": page("令和5年度第2回 開催結果", [
            ("gijiroku.pdf", "議事録（PDF：120KB）"), ("shiryo1.pdf", "資料1 エネルギービジョン（PDF：1MB）")]),
        "/kaigi/r5-2/gijiroku.pdf": pdf("第2回 議事録"),
        "/kaigi/r5-2/shiryo1.pdf": pdf("資料1"),
        "/kaigi/private/r5-1.html": summary_page("みどり市エネルギー審議会", "令和5年6月1日"),
    }


def pdf_list_site(n: int = 2) -> dict[str, Route]:
    """Shape 2: one page listing PDFs: summaries among handouts and a list of members."""
    links, routes = [], {"/robots.txt": Route(b"", type="text/plain", status=404, conditional=False)}
    for i in range(1, n + 1):
        links += [(f"/files/gaiyo{i}.pdf", f"第{i}回 議事概要（PDF：98KB）"), (f"/files/shiryo{i}.pdf", f"第{i}回 資料")]
        routes[f"/files/gaiyo{i}.pdf"] = pdf(f"第{i}回 議事概要")
        routes[f"/files/shiryo{i}.pdf"] = pdf(f"第{i}回 資料")
    links.append(("/files/meibo.pdf", "委員名簿（PDF）"))
    routes["/shingikai/dx/index.html"] = page("デジタル推進懇話会", links)
    return routes


def archive_site() -> dict[str, Route]:
    """Shape 3: an archive year by year; a year's list runs over two pages."""
    return {
        "/robots.txt": Route(b"User-agent: *\nAllow: /\n", type="text/plain", conditional=False),
        "/archive/index.html": page("交通会議 会議録", [("r6/index.html", "令和6年度"), ("r5/index.html", "令和5年度")]),
        "/archive/r6/index.html": page("交通会議 令和6年度", [
            ("0510.html", "令和6年5月10日 会議録"), ("index.html?page=2", "次へ")]),
        "/archive/r6/index.html?page=2": page("交通会議 令和6年度 (2)", [
            ("0801.html", "令和6年8月1日 会議録"), ("index.html", "前へ")]),
        "/archive/r5/index.html": page("交通会議 令和5年度", [("1102.pdf", "令和5年11月2日 会議録（PDF）")]),
        "/archive/r6/0510.html": summary_page("みどり市交通会議", "令和6年5月10日"),
        "/archive/r6/0801.html": summary_page("みどり市交通会議", "令和6年8月1日"),
        "/archive/r5/1102.pdf": pdf("令和5年11月2日 会議録"),
    }


# -- the Diet's API -----------------------------------------------------------------------
SPEAKERS = {  # name: (yomi, group, position, role)
    "山本一郎": ("やまもといちろう", "自由民主党・無所属の会", "委員長", None),
    "佐藤花子": ("さとうはなこ", "立憲民主党・無所属", None, None),
    "鈴木四郎": ("すずきしろう", "日本維新の会", None, None),
    "河野次郎": ("こうのじろう", "自由民主党・無所属の会", "デジタル大臣", None),
    "田村三郎": ("たむらさぶろう", None, "デジタル庁統括官", "政府参考人"),
}
MEETINGS = [  # issueID, issue, date, the speakers in order (15 speeches each)
    ("121304889X00320240410", "第3号", "2024-04-10",
     ["山本一郎", "佐藤花子", "河野次郎", "佐藤花子", "田村三郎", "佐藤花子", "河野次郎", "山本一郎", "鈴木四郎",
      "田村三郎", "鈴木四郎", "河野次郎", "鈴木四郎", "田村三郎", "山本一郎"]),
    ("121304889X00420240412", "第4号", "2024-04-12",
     ["山本一郎", "鈴木四郎", "河野次郎", "鈴木四郎", "河野次郎", "山本一郎", "佐藤花子", "田村三郎", "佐藤花子",
      "河野次郎", "佐藤花子", "田村三郎", "山本一郎", "鈴木四郎", "山本一郎"]),
]


def _mark(name: str) -> str:
    _, _, position, role = SPEAKERS[name]
    return name[:2] + (position or ("政府参考人" if role else "委員"))


def meeting_record(n: int, base: str) -> dict:
    issue_id, issue, date, order = MEETINGS[n]
    speeches = [{"speechID": f"{issue_id}_000", "speechOrder": 0, "speaker": "会議録情報",
                 "speech": f"令和六年四月十日（水曜日）\r\n    午前九時開議\r\n 出席委員\r\n   委員長 山本一郎君",
                 "speechURL": f"{base}/txt/{issue_id}/0"}]
    for i, name in enumerate(order, start=1):
        yomi, group, position, role = SPEAKERS[name]
        words = f"マイナンバーカードの利用について、{name}として第{i}の発言をいたします。"
        speeches.append({"speechID": f"{issue_id}_{i:03d}", "speechOrder": i, "speaker": name, "speakerYomi": yomi,
                         "speakerGroup": group, "speakerPosition": position, "speakerRole": role,
                         "speech": f"○{_mark(name)}　{words}\r\n　デジタル庁の取組を進めます。",
                         "speechURL": f"{base}/txt/{issue_id}/{i}"})
    return {"issueID": issue_id, "imageKind": "会議録", "searchObject": 0, "session": 213, "nameOfHouse": "衆議院",
            "nameOfMeeting": "内閣委員会", "issue": issue, "date": date, "closing": None,
            "speechRecord": speeches, "meetingURL": f"{base}/txt/{issue_id}", "pdfURL": None}


def diet_api(base: Callable[[], str]) -> dict[str, Route]:
    """The meeting endpoint, one record a page, so that paging by nextRecordPosition is used."""
    def answer(query: dict[str, list[str]], _n: int):
        if query.get("recordPacking") != ["json"] or query.get("nameOfMeeting") != ["内閣委員会"]:
            return 400, {}, json.dumps({"message": "検索条件が不正です"}, ensure_ascii=False).encode()
        start = int(query.get("startRecord", ["1"])[0])
        body = {"numberOfRecords": len(MEETINGS), "numberOfReturn": 1, "startRecord": start,
                "nextRecordPosition": start + 1 if start < len(MEETINGS) else None,
                "meetingRecord": [meeting_record(start - 1, base())]}
        return 200, {}, json.dumps(body, ensure_ascii=False).encode()
    return {"/robots.txt": Route(b"", type="text/plain", status=404, conditional=False),
            "/api/meeting": Route(type="application/json", answer=answer)}
