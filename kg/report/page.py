"""The report as one self-contained HTML page: Plotly's script inlined (no request leaves the
page), the figures and the statements behind their marks as JSON, same bytes for the same
graph."""

from __future__ import annotations

from pathlib import Path

from kg.htmlsafe import script_json
from kg.publish.licence import DatasetInfo
from kg.report.charts import Chart, all_charts
from kg.report.data import Corpus, load, texts

SHOWN = 30  # statements a click lists; the page says how many there are in all


def payload(store, c: Corpus, charts: list[Chart]) -> dict:
    """What the page's script needs: figures, mark key → [total, [statement, target] …] (the
    first SHOWN), the statements used (speaker, meeting, text), the offsets of matched words."""
    shown: set[tuple[int, str | None]] = set()
    out_charts = {}
    for ch in charts:
        groups = {}
        for key, items in sorted(ch.groups.items()):
            groups[key] = [len(items), [[i, t] for i, t in items[:SHOWN]]]
            shown.update(items[:SHOWN])
        out_charts[ch.name] = {"figure": ch.figure, "groups": groups, "marks": ch.marks}
    used = sorted({i for i, _ in shown})
    text, found = texts(store, c, used)
    spans = {f"{i}|{t}": [list(s) for s in found[(i, t)]] for i, t in shown if t is not None and (i, t) in found}
    statements = {}
    for i in used:
        s = c.statements[i]
        m = c.meetings.get(s["meeting"])
        statements[str(i)] = [c.labels.get(s["speaker"] or "", "（発言者不明）"), m.label if m else "", text[i]]
    return {"charts": out_charts, "statements": statements, "spans": dict(sorted(spans.items()))}


def render(store, info: DatasetInfo | None = None) -> str:
    import plotly.offline
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    info = info or DatasetInfo()
    c = load(store)
    charts = all_charts(c)
    env = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]))
    # the charts count every meeting of the graph: the credit line names their summaries
    sources = sorted({m.title for m in c.meetings.values()})
    return env.get_template("report.html").render(
        numbers=c.numbers, charts=charts, plotly_js=plotly.offline.get_plotlyjs(),
        license=info.license, license_name=info.license_name, attribution=info.attribution(sources, shown=3),
        data=script_json(payload(store, c, charts), separators=(",", ":")))
