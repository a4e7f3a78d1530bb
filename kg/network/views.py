"""Interactive HTML network views: pyvis assembles the vis-network nodes, edges and options;
our template makes one self-contained page (scripts and styles inline, UTF-8, lang="ja")
with a legend, search by label, a type filter and a side panel showing the statements behind
each node and edge, their texts escaped (inserted as text, never as markup).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.htmlsafe import script_json
from kg.network import projections as kn
from kg.network.analyze import community_of
from kg.network.layout import agenda_bands, lane_titles, positions
from kg.publish.licence import DatasetInfo
from kg.rdf.iri import segment

VIEWS = ("overview", "people-themes", "initiatives", "meeting")
COLORS = {"meeting": "#8c564b", "meetings": "#c49c94", "council": "#7f7f7f", "person": "#1f77b4",
          "organization": "#2ca02c", "initiative": "#ff7f0e", "theme": "#9467bd", "turn": "#17becf",
          "secretariat": "#2ca02c"}
TYPE_JA = {"meeting": "会議", "meetings": "会議（年度ごと）", "council": "会議体", "person": "人",
           "organization": "組織", "initiative": "取組", "theme": "テーマ", "turn": "発言ブロック",
           "secretariat": "事務局の発言"}
MAX_NODES = 300  # above this a view is reduced (see network.reduce)
MAX_STATEMENTS = 40  # statements listed per node or edge in the side panel
LABEL_PRIORITY = {"theme": 0, "initiative": 0, "council": 0, "meetings": 0, "meeting": 0}
# Colours of communities (tab10 without the type colours' brown and grey); beyond ten: grey.
COMMUNITY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#e377c2", "#bcbd22", "#17becf",
                    "#aec7e8", "#ffbb78")


@dataclass(frozen=True)
class View:
    name: str
    title: str
    graph: nx.Graph
    note: str | None = None


def sources_drawn(d: kn.KGData, g: nx.Graph, node_st: dict, edge_st: dict) -> list[str]:
    """The titles of the summaries a view draws on, for its credit line: the meetings it shows
    (alone or in a group) and those of every statement behind its nodes and links; not every
    summary of the graph (a meeting's timeline credits that meeting)."""
    meetings = {n for n, a in g.nodes(data=True) if a.get("type") == "meeting"}
    meetings.update(m for _, a in g.nodes(data=True) for m in a.get("members", ()))
    meetings.update(d.statements[s].meeting for table in (node_st, edge_st) for entry in table.values()
                    for s in entry["statements"])
    return sorted({d.label(m) for m in meetings})


def _statements_for(d: kn.KGData, g: nx.Graph) -> tuple[dict, dict, dict]:
    """Statements behind each node and edge (capped), and the statement texts they need."""
    node_st: dict[str, list] = {}
    for n, a in g.nodes(data=True):
        if "statements" in a:  # a turn: its own statements
            node_st[n] = [[s, []] for s in a["statements"]]
            continue
        merged: dict[str, list] = {}
        for nb in g.neighbors(n):
            for s, spans in g.edges[n, nb].get("evidence", {}).items():
                bucket = merged.setdefault(s, [])
                bucket.extend(sp for sp in spans if sp not in bucket)
        node_st[n] = [[s, sorted(v)] for s, v in merged.items()]
    edge_st = {}
    for i, (_, _, e) in enumerate(sorted(g.edges(data=True), key=lambda t: (t[0], t[1]))):
        edge_st[f"e{i}"] = [[s, sorted(v)] for s, v in e.get("evidence", {}).items()]
    order = lambda s: (d.statements[s].date, d.statements[s].meeting, d.statements[s].position)  # noqa: E731
    texts = {}
    for table in (node_st, edge_st):
        for key, items in table.items():
            items.sort(key=lambda it: order(it[0]))
            shown = items[:MAX_STATEMENTS]
            # every statement, kept for the credit line (sources_drawn); the page gets the first
            table[key] = {"total": len(items), "items": shown,  # type: ignore[assignment]  # lists become dicts
                          "statements": [s for s, _ in items]}
            for s, _ in shown:
                st = d.statements[s]
                texts[s] = {"text": st.text, "speaker": d.label(st.speaker) if st.speaker else "",
                            "meeting": st.meeting_title, "date": st.date, "position": st.position}
    return node_st, edge_st, texts


def _size_measure(g: nx.Graph) -> dict[str, float]:
    return dict(g.degree(weight="weight"))


def _kind(a: dict) -> str:
    return a.get("role", "") if a["type"] == "turn" else a["type"]


def render(view: View, d: kn.KGData, info: DatasetInfo | None = None) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from pyvis.network import Network

    info = info or DatasetInfo()
    g = view.graph
    pos = positions(g)
    strength = _size_measure(g)
    top = max(strength.values(), default=1) or 1
    # Labels are shown most important first where they fit (see view.html): the anchors a reader
    # finds their way by (themes, initiatives, councils, meetings) first, then by weighted degree.
    rank = {n: i for i, n in enumerate(sorted(g, key=lambda n: (LABEL_PRIORITY.get(_kind(g.nodes[n]), 1),
                                                                -strength[n], g.nodes[n]["label"], n)))}
    community = community_of(g) if g.number_of_nodes() and not g.is_directed() else {}
    directed = g.is_directed()
    net = Network(directed=directed, cdn_resources="remote")  # resources: inlined by our template
    for n in sorted(g):
        a = g.nodes[n]
        kind = _kind(a)
        x, y = pos[n]
        extra = {"community": COMMUNITY_COLORS[community[n] - 1] if community[n] <= len(COMMUNITY_COLORS)
                 else "#c7c7c7"} if community else {}
        net.add_node(n, label=a["label"], fullLabel=a["label"], rank=rank[n], color=COLORS[kind], kgType=kind,
                     x=x, y=y, size=round(10 + 30 * math.sqrt(strength[n] / top), 1), shape="dot",
                     title=f"{a['label']}（{TYPE_JA[kind]}）", **extra)
    for i, (a, b, e) in enumerate(sorted(g.edges(data=True), key=lambda t: (t[0], t[1]))):
        # On a timeline, answers arc back over the turns between (curved, not straight through them).
        arc = {"smooth": {"enabled": True, "type": "curvedCCW", "roundness": 0.35}} \
            if e["kind"] == "responds to" and g.nodes[a].get("type") == "turn" else {}
        net.add_edge(a, b, id=f"e{i}", value=e["weight"], title=f"{e['kind']}（{e['weight']}）",
                     kind=e["kind"], arrows="to" if directed and e["kind"] == "responds to" else "",
                     dashes=e["kind"] == "next", **arc)
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "edges": {"scaling": {"min": 1, "max": 10}, "color": {"inherit": False, "color": "#c8c8c8"},
                  "smooth": False},
        "nodes": {"font": {"size": 14, "face": "Noto Sans CJK JP, sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"}},
    }))
    nodes, edges, _, _, _, options = net.get_network_data()
    node_st, edge_st, texts = _statements_for(d, g)
    sources = sources_drawn(d, g, node_st, edge_st)
    for table in (node_st, edge_st):
        for entry in table.values():
            del entry["statements"]
    present = {_kind(g.nodes[n]) for n in g}
    types_present = [t for t in COLORS if t in present]  # legend in a fixed order
    payload = {
        "nodes": nodes, "edges": edges, "options": json.loads(options),
        "nodeStatements": node_st, "edgeStatements": edge_st, "statements": texts,
        "types": [{"key": t, "label": TYPE_JA[t], "color": COLORS[t]} for t in types_present],
        "nodeTypes": {n: TYPE_JA[_kind(g.nodes[n])] for n in g},
        "nodeMeetings": {n: g.nodes[n]["meetings"] for n in g if "meetings" in g.nodes[n]},
        "bands": agenda_bands(g, pos) if directed else [],
        "lanes": lane_titles(g, pos) if directed else [],
        "communities": len(set(community.values())),
    }
    blob = script_json(payload, sort_keys=True, separators=(",", ":"))
    lib = Path(net.template_dir) / "lib" / "vis-9.1.2"
    env = Environment(loader=FileSystemLoader(Path(__file__).parent),
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True)
    return env.get_template("view.html").render(
        title=view.title, note=view.note, data=blob,
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
        measure="ノードの大きさ＝重み付き次数（つながりの重みの合計） / size = weighted degree",
        license=info.license, license_name=info.license_name,
        attribution=info.attribution(sources, shown=3),
        nodes=g.number_of_nodes(), edges=g.number_of_edges())


def build_views(d: kn.KGData, names: list[str] | None = None, focus: str | None = None, depth: int = 2,
                meeting_id: str | None = None, max_nodes: int = MAX_NODES,
                group_meetings: bool | None = None) -> list[View]:
    explicit = bool(names)
    names = list(names or ([] if focus else VIEWS))
    unknown = [n for n in names if n not in VIEWS]
    if unknown:
        raise KgError(f"unknown view {', '.join(unknown)}; views: {', '.join(VIEWS)} (and --focus)")
    out = []
    for name in names:
        if name == "overview":
            g, title = kn.overview(d, group_meetings), "全体像：会議・人・組織・取組・テーマ"
        elif name == "people-themes":
            g, title = kn.people_themes(d), "人 × テーマ（線の太さ＝発言数）"
        elif name == "initiatives":
            g, title = kn.initiatives(d), "取組と、その周りの人・組織"
        else:
            meetings = kn.meeting_ids(d)
            if not meetings and not explicit:
                continue  # nothing to draw; the other views still are
            if not meetings:
                raise KgError("the graph has no meeting")
            mid = kn.find_meeting(d, meeting_id, meetings) if meeting_id else meetings[0]
            g, title = kn.meeting(d, mid), f"会議の議論：{d.label(mid)}"
        small, note = kn.reduce(g, max_nodes) if not g.is_directed() else (g, None)
        out.append(View(name, title, small, note))
    if focus:
        g = kn.ego(kn.overview(d, group_meetings), focus, depth)
        small, note = kn.reduce(g, max_nodes)
        out.append(View("focus-" + segment(focus), f"「{focus}」の周り（{depth}段）", small, note))
    return out


def write_views(views: list[View], d: kn.KGData, out_dir: str | Path, info: DatasetInfo | None = None) -> list[Path]:
    paths = []
    for v in views:
        paths.append(atomic_write(Path(out_dir) / f"view-{v.name}.html", render(v, d, info).encode("utf-8")))
    return paths
