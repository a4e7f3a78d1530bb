"""Benchmark: build, view and open a synthetic corpus of many meetings.

    python benchmarks/corpus.py --meetings 200 [--browser]

Makes N summaries from the seed (one a week, members drawn from a pool of family names so
that people recur across meetings), then times `kg build`, `kg view` and `kg analyze`, and
with --browser the time until the overview page has drawn its network in headless Chromium.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"
POOL = ("佐藤 鈴木 高橋 田辺 伊藤 渡辺 中村 小林 加藤 吉田 山田 佐々木 松本 井上 木下 林 斎藤 清水 "
        "山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 "
        "青木 坂本 斉藤 福田 太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田").split()
MEMBERS = ["庄司", "荒川", "今泉", "白澤", "宮入", "山口"]


def make_corpus(folder: Path, n: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    rng = random.Random(42)
    start = dt.date(2019, 4, 8)
    for i in range(n):
        day = start + dt.timedelta(weeks=i)
        names = rng.sample(POOL, len(MEMBERS))
        t = text
        for old, new in zip(MEMBERS, names):
            t = t.replace(old, new)
        t = t.replace("令和7年3月24日", f"{day.year}年{day.month}月{day.day}日")
        t = re.sub(r"令和6年度", f"{day.year if day.month >= 4 else day.year - 1}年度", t, count=1)
        (folder / f"m{i:05d}.txt").write_text(t, encoding="utf-8")


def timed(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<28}{time.perf_counter() - t0:8.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meetings", type=int, default=200)
    ap.add_argument("--browser", action="store_true")
    args = ap.parse_args()
    from kg.network.analyze import write_analysis
    from kg.network.projections import load_data
    from kg.network.views import build_views, write_views
    from kg.pipeline import build_graph, write_graph
    from kg.query.engines import open_store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        make_corpus(tmp / "in", args.meetings)
        print(f"corpus: {args.meetings} meetings")
        result = timed("parse + extract + build", lambda: build_graph([tmp / "in"]))
        print(f"  {result.counts()}")
        timed("write graph.ttl", lambda: write_graph(result, tmp / "out"))
        print(f"  graph.ttl {(tmp / 'out' / 'graph.ttl').stat().st_size / 1e6:.1f} MB")
        store = timed("load into Oxigraph", lambda: open_store(tmp / "out"))
        from kg.query.service import prepare
        for name, params in (("initiatives", {}), ("person-theme-matrix", {}), ("search", {"q": "生成AI"}),
                             ("secretariat-answers", {})):
            q = prepare(name, params, store.query)
            rows = timed(f"query {name}", lambda: store.query(q.text, q.bindings).rows)
            print(f"  {len(rows)} rows")
        data = timed("pull network data", lambda: load_data(store))
        views = timed("build views", lambda: build_views(data))
        for v in views:
            print(f"  {v.name}: {v.graph.number_of_nodes()} nodes, {v.graph.number_of_edges()} edges"
                  + (f" ({v.note})" if v.note else ""))
        paths = timed("render + write views", lambda: write_views(views, data, tmp / "out"))
        timed("analyze", lambda: write_analysis(data, tmp / "out"))
        if args.browser:
            sys.path.insert(0, str(ROOT / "tests"))
            from browser import Page, browser
            with browser() as b:
                for path in paths:
                    p = Page(b)
                    t0 = time.perf_counter()
                    p.page.goto(path.as_uri())
                    p.page.wait_for_function("window.kgNetwork !== undefined")
                    p.page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
                    print(f"  open {path.name:<24}{time.perf_counter() - t0:8.2f} s  "
                          f"({path.stat().st_size / 1e6:.1f} MB)")
                    p.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory{'':<17}{peak:8.0f} MB")


if __name__ == "__main__":
    main()
