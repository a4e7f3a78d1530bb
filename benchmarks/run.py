"""Scale benchmark: every figure of README's scale table from one command.

    python benchmarks/run.py --meetings 100 1000 10000 [--runs 5] [--rdflib-max 1000]

For each size it generates a corpus (benchmarks/generate.py, seeded), then times whole
processes from outside, as a user meets them, and reads their peak memory: the full
`kg build`, the builds after adding one summary and then another, opening the store, every named query (median
of --runs), `kg report` (and how long its page takes to become interactive in headless
Chromium, when Playwright and a Chromium are installed), `kg view` and `kg export`; and, in the same run, the same queries on rdflib's
default in-memory store (up to --rdflib-max meetings) with the ratio. Prints figures and a
Markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, prefectures_for  # noqa: E402

KG = [sys.executable, "-m", "kg"]
# Each named query as a researcher asks it of one thing (a person, an initiative, a theme);
# meetings lists every meeting, and the aggregates read the whole corpus.
PARAMS = {"org-tree": ["-p", "root=千葉県"], "outside-bodies": ["-p", "home=千葉県"], "search": ["-p", "q=宮城デマンド交通"],
          "attendance": ["-p", "person=佐藤 花子"], "evidence": ["-p", "target=ちばDXポータル"],
          "initiative-statements": ["-p", "initiative=千葉地域防災計画"], "initiatives": ["-p", "speaker=青木"],
          "secretariat-answers": ["-p", "member=青木"],
          "statements-on-theme": ["-p", "theme=generative-ai", "-p", "speaker=青木"]}
AGGREGATES = ("person-theme-matrix", "theme-cooccurrence", "themes-over-time")
# Runs a command and prints its wall time and the peak resident memory of it and its workers.
MEASURE = ("import resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
           "s = time.perf_counter() - t\n"
           "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n"
           "sys.stderr.write(r.stderr.decode(errors='replace')[-2000:] if r.returncode else '')")
# rdflib's default in-memory store, asked the same prepared queries (kg's rdflib backend).
RDFLIB = ("import json, sys, time\n"
          "from kg.query.service import prepare\n"
          "from kg.query.engines import RdflibStore\n"
          "t = time.perf_counter(); store = RdflibStore(sys.argv[1])\n"
          "out = {'load': time.perf_counter() - t}\n"
          "for name, params in json.loads(sys.argv[2]):\n"
          "    q = prepare(name, params, store.query)\n"
          "    t = time.perf_counter(); store.query(q.text, q.bindings)\n"
          "    out[name] = time.perf_counter() - t\n"
          "    print(json.dumps(out), flush=True)\n")


def measure(cmd: list) -> tuple[float, float]:
    """(seconds, peak MB) of one whole process."""
    r = subprocess.run([sys.executable, "-c", MEASURE, *map(str, cmd)], capture_output=True, text=True)
    seconds, rss, code = r.stdout.split()
    if code != "0":
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{r.stderr}")
    return float(seconds), int(rss) / 1024


def median_time(cmd: list, runs: int) -> float:
    return statistics.median(measure(cmd)[0] for _ in range(runs))


def interactive_s(page: Path, ready: str) -> float | None:
    """Seconds from asking headless Chromium for ``page`` until the JavaScript expression
    ``ready`` (a promise or a value) is true: what a reader waits before a click answers.
    None when Playwright or a Chromium is not installed."""
    import shutil
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        except Exception:  # noqa: BLE001 - no browser: the figure is not measured
            return None
        page_ = b.new_page(viewport={"width": 1400, "height": 900})
        t = time.perf_counter()
        page_.goto(page.resolve().as_uri(), timeout=600_000)
        page_.wait_for_function(ready, timeout=600_000, polling=50)
        seconds = time.perf_counter() - t
        b.close()
    return seconds


def named_queries() -> list[str]:
    from kg.query.named import library
    return sorted(library())


def rdflib_times(graph: Path, names: list[str], timeout: float) -> dict:
    """rdflib: parse graph.ttl, then each query; what finished within ``timeout`` seconds."""
    params = [[n, dict(p.partition("=")[::2] for p in PARAMS.get(n, [])[1::2])] for n in names]
    try:
        r = subprocess.run([sys.executable, "-c", RDFLIB, str(graph), json.dumps(params)], capture_output=True,
                           text=True, timeout=timeout)
        lines = r.stdout.splitlines()
    except subprocess.TimeoutExpired as exc:  # what finished before the limit was printed
        out = exc.stdout or b""
        lines = (out.decode() if isinstance(out, bytes) else out).splitlines()
    return json.loads(lines[-1]) if lines else {}


def run_size(n: int, runs: int, rdflib_max: int, rdflib_timeout: float, views_max: int) -> dict:
    fig: dict = {"meetings": n}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, out = tmp / "in", tmp / "out"
        generate(src, n)
        fig["build_s"], fig["build_mb"] = measure([*KG, "build", src, "-o", out, "-q"])
        ttl = out / "graph.ttl"
        fig["triples"] = sum(1 for line in ttl.open(encoding="utf-8") if line.endswith((" .\n", " ;\n", " ,\n")))
        fig["ttl_mb"] = ttl.stat().st_size / 1e6
        # The same n files, byte for byte, and one more; then another. The first build after a
        # full one meets the disk still writing the full build's gigabytes back.
        generate(src, n + 1, prefectures=prefectures_for(n))
        fig["add_first_s"], _ = measure([*KG, "build", src, "-o", out, "-q"])
        generate(src, n + 2, prefectures=prefectures_for(n))
        fig["add_one_s"], fig["add_one_mb"] = measure([*KG, "build", src, "-o", out, "-q"])
        fig["store_open_s"] = float(subprocess.run(
            [sys.executable, "-c", "import sys, time\nt = time.perf_counter()\nfrom kg.query.engines import open_store\n"
             "open_store(sys.argv[1])\nprint(time.perf_counter() - t)", str(out)],
            capture_output=True, text=True, check=True).stdout)
        names = named_queries()
        fig["queries"] = {q: median_time([*KG, "query", q, *PARAMS.get(q, []), "--graph", out, "-q",
                                          "--format", "tsv"], runs) for q in names}
        fig["report_s"], fig["report_mb"] = measure([*KG, "report", "--graph", out, "-o", tmp / "report.html", "-q"])
        fig["report_mb_file"] = (tmp / "report.html").stat().st_size / 1e6
        fig["report_ready_s"] = interactive_s(tmp / "report.html", "window.kgReport && window.kgReport.ready")
        if n <= views_max:
            fig["view_s"], fig["view_mb"] = measure([*KG, "view", "--graph", out, "-o", tmp / "views", "-q"])
            fig["view_ready_s"] = interactive_s(tmp / "views" / "view-overview.html", "window.kgReady === true")
            fig["export_s"], fig["export_mb"] = measure([*KG, "export", "--graph", out, "-o", tmp / "export.ttl",
                                                         "-q"])
        if n <= rdflib_max:
            fig["rdflib"] = rdflib_times(ttl, names, rdflib_timeout)
    return fig


def report(fig: dict) -> None:
    n = fig["meetings"]
    print(f"\n== {n:,} meetings: {fig['triples']:,} triple lines, graph.ttl {fig['ttl_mb']:.0f} MB")
    print(f"kg build (full)            {fig['build_s']:8.2f} s  {fig['build_mb']:7.0f} MB peak")
    print(f"kg build (one more file)   {fig['add_one_s']:8.2f} s  {fig['add_one_mb']:7.0f} MB peak "
          f"(the first after the full build: {fig['add_first_s']:.2f} s)")
    print(f"open the store             {fig['store_open_s']:8.3f} s")
    print(f"kg report                  {fig['report_s']:8.2f} s  {fig['report_mb']:7.0f} MB peak, "
          f"page {fig['report_mb_file']:.1f} MB")
    print(f"  report page interactive  {_seconds(fig['report_ready_s'])}")
    if "view_s" in fig:
        print(f"kg view                    {fig['view_s']:8.2f} s  {fig['view_mb']:7.0f} MB peak")
        print(f"  overview interactive     {_seconds(fig['view_ready_s'])}")
        print(f"kg export (Turtle)         {fig['export_s']:8.2f} s  {fig['export_mb']:7.0f} MB peak")
    rdf = fig.get("rdflib", {})
    if rdf:
        print(f"rdflib: parse graph.ttl    {rdf.get('load', float('nan')):8.2f} s")
    # rdflib's figure is what its user waits for an answer: parse graph.ttl, then the query.
    print(f"{'kg query (whole process)':<26} {'median s':>9} {'rdflib s':>9} {'+parse s':>9} {'ratio':>7}")
    for q, s in fig["queries"].items():
        r = rdf.get(q)
        tail = f"{r:9.3f} {r + rdf['load']:9.2f} {(r + rdf['load']) / s:6.0f}x" if r is not None else \
            ("  not run" if not rdf else "  did not finish")
        print(f"  {q:<24} {s:9.3f} {tail}")


def _seconds(value: float | None) -> str:
    return f"{value:8.2f} s (headless Chromium)" if value is not None else "not measured (no Playwright/Chromium)"


def markdown(figs: list[dict]) -> str:
    head = "| | " + " | ".join(f"{f['meetings']:,} meetings" for f in figs) + " |"
    rows = [head, "|---" * (len(figs) + 1) + "|"]

    def row(label, fmt):
        rows.append(f"| {label} | " + " | ".join(fmt(f) for f in figs) + " |")
    row("full `kg build`", lambda f: f"{f['build_s']:.1f} s, {f['build_mb']:.0f} MB")
    row("`kg build` after adding one summary (the first after a full build)",
        lambda f: f"{f['add_one_s']:.1f} s ({f['add_first_s']:.1f} s)")
    row("open the store", lambda f: f"{f['store_open_s'] * 1000:.0f} ms")
    sel = [q for q in named_queries() if q not in AGGREGATES]
    row("other named queries, whole process (median, slowest)",
        lambda f: f"{statistics.median(f['queries'][q] for q in sel):.2f} s, {max(f['queries'][q] for q in sel):.2f} s")
    for q in AGGREGATES:
        row(f"`kg query {q}`", lambda f, q=q: f"{f['queries'][q]:.2f} s" + (
            f" ({(f['rdflib'][q] + f['rdflib']['load']) / f['queries'][q]:.0f}× rdflib's)"
            if f.get("rdflib", {}).get(q) else ""))
    row("`kg report`", lambda f: f"{f['report_s']:.1f} s, {f['report_mb']:.0f} MB; page {f['report_mb_file']:.0f} MB")
    row("report page interactive (Chromium)",
        lambda f: f"{f['report_ready_s']:.1f} s" if f["report_ready_s"] is not None else "not measured")
    row("`kg view` (all views)", lambda f: f"{f['view_s']:.1f} s, {f['view_mb']:.0f} MB" if "view_s" in f else "not run")
    row("overview page interactive (Chromium)",
        lambda f: f"{f['view_ready_s']:.1f} s" if f.get("view_ready_s") is not None else "not measured")
    row("`kg export` (Turtle)", lambda f: f"{f['export_s']:.1f} s, {f['export_mb']:.0f} MB" if "export_s" in f else "not run")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--runs", type=int, default=5, help="runs of each query (the median is shown)")
    ap.add_argument("--rdflib-max", type=int, default=1000, help="largest corpus rdflib is asked to load")
    ap.add_argument("--rdflib-timeout", type=float, default=600, help="seconds rdflib may take per corpus")
    ap.add_argument("--views-max", type=int, default=1000,
                    help="largest corpus kg view and kg export are timed on (both hold the graph in memory)")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or platform.system()}, "
          f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}")
    figs = []
    for n in args.meetings:
        t = time.perf_counter()
        figs.append(run_size(n, args.runs, args.rdflib_max, args.rdflib_timeout, args.views_max))
        report(figs[-1])
        print(f"({time.perf_counter() - t:.0f} s for this size)")
    print("\n" + markdown(figs))


if __name__ == "__main__":
    main()
