"""Where a view's nodes go, computed once in Python (seeded) so a page opens settled and the
same graph gives the same file.

- Networks: each connected component gets its own spring layout, sized by its number of
  nodes, and the components are packed in rows into a rectangle about as wide as a screen is,
  so one big component does not squeeze the rest into a blob and no half of the canvas is empty.
- A meeting: a timeline, turns left to right in order, a lane per speaker, with the agenda
  items as bands over the turns that discuss them.
"""

from __future__ import annotations

import math
from itertools import groupby

import networkx as nx

SEED = 7
ASPECT = 1.5  # width / height the packed layout aims at (a landscape screen minus the side panel)
NODE_SPACE = 90.0  # canvas units a node gets in a component, about one short label's width
GAP = 80.0  # between packed components
TURN_STEP = 160.0  # between turns on a timeline


def positions(g: nx.Graph) -> dict[str, tuple[float, float]]:
    if g.number_of_nodes() == 0:
        return {}
    if all(a.get("type") == "turn" and "position" in a for _, a in g.nodes(data=True)):
        return timeline(g)
    components = sorted((sorted(c) for c in nx.connected_components(nx.Graph(g))), key=lambda c: (-len(c), c[0]))
    return _fit_aspect(_pack([_component(g, c) for c in components]))


def _component(g: nx.Graph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """One component's layout, centred on 0, radius growing with the square root of its size
    (area in proportion to nodes)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    h = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in g.subgraph(nodes).edges()))
    pos = nx.spring_layout(h, seed=SEED, k=1.8 / math.sqrt(len(nodes)), iterations=200)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    reach = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    radius = NODE_SPACE * math.sqrt(len(nodes)) * 0.75
    return {n: ((float(x) - cx) / reach * radius, (float(y) - cy) / reach * radius) for n, (x, y) in pos.items()}


def _bounds(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _pack(parts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf packing, largest first: rows of components no wider than the width that gives
    the whole about ASPECT, each component at its row's top."""
    bounds = [_bounds(p) for p in parts]
    sizes = [(x1 - x0 + GAP, y1 - y0 + GAP) for x0, y0, x1, y1 in bounds]
    area = sum(w * h for w, h in sizes)
    width = max(max(w for w, _ in sizes), math.sqrt(area * ASPECT))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for p, (x0, y0, _, _), (w, h) in zip(parts, bounds, sizes):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in p.items():
            out[n] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    return out


def _fit_aspect(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Stretch the shorter side (at most threefold) so the layout fills a landscape screen in
    both directions rather than a strip of it; then round, for stable bytes."""
    x0, y0, x1, y1 = _bounds(pos)
    w, h = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    sx = sy = 1.0
    if w / h < ASPECT:
        sx = min(3.0, ASPECT * h / w)
    else:
        sy = min(3.0, w / (ASPECT * h))
    return {n: (round((x - x0) * sx, 1), round((y - y0) * sy, 1)) for n, (x, y) in pos.items()}


def _lane_key(a: dict) -> str:
    return a.get("speaker") or a["label"]


def timeline(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Turns in order from left to right, one lane per speaker (in the order they first
    speak); lanes spread so the whole is about as high as a screen is for its width."""
    turns = sorted(g, key=lambda n: g.nodes[n]["position"])
    lanes: dict[str, int] = {}
    for n in turns:
        lanes.setdefault(_lane_key(g.nodes[n]), len(lanes))
    width = TURN_STEP * max(1, len(turns) - 1)
    step = max(110.0, width / ASPECT / max(1, len(lanes) - 1))
    return {n: (TURN_STEP * i, round(step * lanes[_lane_key(g.nodes[n])], 1)) for i, n in enumerate(turns)}


def lane_titles(g: nx.Graph, pos: dict[str, tuple[float, float]]) -> list[dict]:
    """A timeline's lanes from top to bottom, each with its speaker's name (the page writes it
    at the lane's left, wherever the reader has scrolled)."""
    titles: dict[str, dict] = {}
    for n in sorted(g, key=lambda n: g.nodes[n]["position"]):
        a = g.nodes[n]
        titles.setdefault(_lane_key(a), {"title": a.get("speaker_name") or a["label"], "y": pos[n][1]})
    return sorted(titles.values(), key=lambda t: t["y"])


def agenda_bands(g: nx.Graph, pos: dict[str, tuple[float, float]]) -> list[dict]:
    """Runs of consecutive turns on the same agenda item, as bands from the first turn's x to
    the last's (half a step beyond each), in order; turns without an item make no band."""
    turns = sorted(g, key=lambda n: g.nodes[n]["position"])
    bands = []
    for (key, title), group in groupby(turns, key=lambda n: g.nodes[n].get("agenda") or (None, None)):
        run = list(group)
        if key is None:
            continue
        bands.append({"title": title, "agenda": key, "x0": pos[run[0]][0] - TURN_STEP / 2,
                      "x1": pos[run[-1]][0] + TURN_STEP / 2, "turns": len(run)})
    return bands
