"""The report's charts as Plotly figures, each with the statements behind its marks.

Every mark carries a key (``customdata``); ``groups[key]`` lists (statement, target) pairs,
so a click shows the statements and marks the words that matched the target (a theme or an
initiative). Marks exist only where there is something to count: empty cells are None.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.report.data import Corpus

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, sans-serif"
KIND_COLOURS = {"委員": "#2a6fb0", "職員ほか": "#d9822b", "事務局": "#4f9d69", "発言者不明": "#9a9a9a"}
SEP = "\x1f"


@dataclass
class Chart:
    """One chart: its figure, the statements behind each mark key, and how many marks."""

    name: str
    title: str  # Japanese
    subtitle: str  # English
    caption: str
    figure: dict
    groups: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    marks: int = 0


def _layout(height: int, **more) -> dict:
    """Axes leave room for their labels (automargin): names and dates are long."""
    for axis in ("xaxis", "yaxis"):
        more[axis] = {"automargin": True, **more.get(axis, {})}
    return {"height": height, "margin": {"l": 20, "r": 20, "t": 20, "b": 20}, "font": {"family": FONT, "size": 13},
            "paper_bgcolor": "white", "plot_bgcolor": "white", "hovermode": "closest", **more}


def _figure(data: list[dict], layout: dict) -> dict:
    return {"data": data, "layout": layout}


def _integer_ticks(maximum: int, start: int = 0) -> dict:
    """Ticks of an axis or colour bar that counts statements: whole numbers only (Plotly would
    put 1.5 and 2.5 between 1 and 3), at most about six of them."""
    step = max(1, -(-(maximum - start) // 6))
    return {"tickmode": "array", "tickvals": list(range(start, maximum + 1, step)) or [maximum], "tickformat": "d"}


def _unique_labels(c: Corpus, keys: list[str]) -> list[str]:
    """The keys' labels, a label two keys share followed by the councils each spoke in (two
    people named 庄司 in two councils are two rows: a heat map would draw one over the other)."""
    labels = [c.labels.get(k, k) for k in keys]
    shared = {x for x in labels if labels.count(x) > 1}
    if not shared:
        return labels
    councils: dict[str, set[str]] = defaultdict(set)
    for s in c.statements:
        if s["speaker"] in keys and s["meeting"] in c.meetings:
            councils[s["speaker"]].add(c.meetings[s["meeting"]].council)
    out = [f"{x}（{'・'.join(sorted(councils[k]))}）" if x in shared else x for k, x in zip(keys, labels)]
    seen: Counter[str] = Counter()
    for i, x in enumerate(out):  # the same name in the same council: numbered
        seen[x] += 1
        if out.count(x) > 1:
            out[i] = f"{x} ({seen[x]})"
    return out


MEETINGS_SHOWN = 60  # above this many meetings, charts over time count per fiscal year (or month)


def _periods(c: Corpus, years_first: bool) -> tuple[dict[str, tuple[str, str]], str]:
    """Each meeting's period on a time axis as (key, label), and the periods' name: the fiscal
    year when the corpus spans several (always with ``years_first``, else once there are too
    many meetings to show each), the meeting itself, or, for many meetings in one year, the month."""
    meetings = sorted(c.meetings.values(), key=lambda m: (m.day is None, m.day or 0, m.iri))
    several_years = len({m.fiscal_year for m in meetings} - {None}) > 1
    if several_years and (years_first or len(meetings) > MEETINGS_SHOWN):
        labels, unit = {m.iri: f"{m.fiscal_year}年度" if m.fiscal_year else "日付不明" for m in meetings}, "年度"
    elif len(meetings) <= MEETINGS_SHOWN:
        return {m.iri: (m.iri, m.label) for m in meetings}, "会議"
    else:
        labels, unit = {m.iri: m.day.strftime("%Y-%m") if m.day else "日付不明" for m in meetings}, "月"
    return {m: (label, label) for m, label in labels.items()}, unit


def _top(c: Corpus, counts: Counter, n: int) -> list[str]:
    """The n most counted keys, ties by label, then by IRI (never by set order)."""
    return [k for k, _ in sorted(counts.items(), key=lambda x: (-x[1], c.labels.get(x[0], x[0]), x[0]))[:n]]


def _by_period(c: Corpus, periods: dict[str, tuple[str, str]], targets: dict[int, set[str]],
               top: int) -> tuple[dict[str, list], list[str]]:
    """Statements grouped by period key × target (a theme or initiative), and the top targets."""
    groups: dict[str, list] = defaultdict(list)
    totals: Counter = Counter()
    for i, s in enumerate(c.statements):
        for t in targets.get(i, ()):
            groups[periods[s["meeting"]][0] + SEP + t].append((i, t))
            totals[t] += 1
    return groups, _top(c, totals, top)


def themes_over_time(c: Corpus, top: int = 8) -> Chart:
    periods, unit = _periods(c, years_first=True)
    groups, shown = _by_period(c, periods, c.themes, top)
    order = list(dict.fromkeys(periods.values()))
    data, marks = [], 0
    for t in shown:
        ys = [len(groups.get(key + SEP + t, ())) or None for key, _ in order]
        marks += sum(1 for y in ys if y)
        data.append({"type": "bar", "name": c.labels.get(t, t), "x": [label for _, label in order], "y": ys,
                     "customdata": [key + SEP + t for key, _ in order],
                     "hovertemplate": "%{x}<br>%{fullData.name}: %{y} 発言<extra></extra>"})
    stacked = [sum(y or 0 for y in period) for period in zip(*(trace["y"] for trace in data))]
    axis = {"title": {"text": "テーマごとの発言数（延べ）"}, **_integer_ticks(max(stacked, default=0))}
    return Chart("themes-over-time", "テーマの推移", "Themes over time",
                 f"{unit}ごとの、よく出るテーマ（上位{len(shown)}）の発言数。複数のテーマに当たる発言はそれぞれの"
                 "テーマに数えるので（延べ数）、棒の高さはその期間の発言の数より大きくなることがある。",
                 _figure(data, _layout(380, barmode="stack", legend={"orientation": "h", "y": -0.25},
                                       xaxis={"type": "category"}, yaxis=axis)),
                 {k: v for k, v in groups.items() if k.split(SEP)[1] in shown}, marks)


def speaker_theme(c: Corpus, speakers: int = 30, themes: int = 24) -> Chart:
    groups: dict[str, list] = defaultdict(list)
    for i, s in enumerate(c.statements):
        if s["speaker"]:
            for t in c.themes.get(i, ()):
                groups[s["speaker"] + SEP + t].append((i, t))
    by_speaker: Counter[str] = Counter()
    by_theme: Counter[str] = Counter()
    for key, items in groups.items():
        sp, t = key.split(SEP)
        by_speaker[sp] += len(items)
        by_theme[t] += len(items)
    rows, cols = _top(c, by_speaker, speakers), _top(c, by_theme, themes)
    z = [[len(groups.get(sp + SEP + t, ())) or None for t in cols] for sp in rows]
    marks = sum(1 for row in z for v in row if v)
    names: list[str] = [c.labels.get(t, t) for t in cols]
    top = max((v for row in z for v in row if v), default=1)
    row_names = _unique_labels(c, rows)
    data = [{"type": "heatmap", "z": z, "x": names, "y": row_names,
             "customdata": [[sp + SEP + t for t in cols] for sp in rows],
             "colorscale": [[0, "#d6e6f5"], [1, "#08306b"]], "xgap": 2, "ygap": 2, "hoverongaps": False,
             "zmin": 1 if top > 1 else 0, "zmax": top,
             "colorbar": {"title": {"text": "発言数"}, **_integer_ticks(top, start=min(1, top))},
             "hovertemplate": "%{y} × %{x}: %{z} 発言<extra></extra>"}]
    # Theme names stand upright below their columns, whole: turned 90°, each stays in its own
    # column (at -40° the long ones ran off the page's left edge); the chart grows to hold them.
    # Every column and row keeps its label (Plotly leaves some out when it thinks them crowded).
    # The chart is as wide as its columns need (26 px each, past the row names and the colour
    # bar); where the page is narrower it scrolls sideways rather than crowd them.
    longest = max((len(n) for n in names), default=0)
    widest_row = max((len(n) for n in row_names), default=0)
    every = {"tickmode": "linear", "tick0": 0, "dtick": 1}
    layout = _layout(max(300, 28 * len(rows) + 100) + 14 * longest,
                     xaxis={"tickangle": -90, "side": "bottom", **every}, yaxis={"autorange": "reversed", **every})
    layout["width"] = 14 * widest_row + 26 * len(cols) + 160
    shown = {sp + SEP + t for sp in rows for t in cols}
    return Chart("speaker-theme", "発言者 × テーマ", "Speakers × themes",
                 "発言者（発言の多い順）ごと・テーマ（多い順）ごとの発言数。セルを押すと、その発言が出ます。",
                 _figure(data, layout), {k: v for k, v in groups.items() if k in shown}, marks)


def initiatives_over_time(c: Corpus, top: int = 25, speakers_named: int = 8) -> Chart:
    periods, unit = _periods(c, years_first=False)
    groups, shown = _by_period(c, periods, c.initiatives, top)
    label = lambda x: c.labels.get(x, x)  # noqa: E731
    xs, ys, sizes, keys, texts = [], [], [], [], []
    for key, period in dict.fromkeys(periods.values()):
        for x in shown:
            items = groups.get(key + SEP + x)
            if items:
                speakers = sorted({c.labels.get(c.statements[i]["speaker"] or "", "?") for i, _ in items})
                more = f" ほか{len(speakers) - speakers_named}人" if len(speakers) > speakers_named else ""
                xs.append(period)
                ys.append(label(x))
                sizes.append(len(items))
                keys.append(key + SEP + x)
                texts.append("、".join(speakers[:speakers_named]) + more)
    data = [{"type": "scatter", "mode": "markers", "x": xs, "y": ys, "customdata": keys, "text": texts,
             "marker": {"size": [8 + 4 * min(n, 6) for n in sizes], "color": "#2a6fb0", "opacity": 0.8},
             "hovertemplate": "%{x}<br>%{y}<br>発言者: %{text}<extra></extra>"}]
    layout = _layout(max(260, 26 * len(shown) + 140), xaxis={"type": "category", "tickangle": -40},
                     yaxis={"type": "category", "autorange": "reversed"}, showlegend=False)
    return Chart("initiatives-over-time", "取組の登場", "Initiatives over time",
                 f"どの{unit}でどの取組が話題になったか（発言の多い上位{len(shown)}）。丸が大きいほど発言が多い。",
                 _figure(data, layout), {k: groups[k] for k in keys}, len(keys))


def _recent(c: Corpus, n: int) -> list:
    return sorted(c.meetings.values(), key=lambda m: (m.day is None, m.day or 0, m.iri))[-n:]


def speaking_share(c: Corpus, last: int = 40) -> Chart:
    """Stacked bars, a segment per speaker of each meeting, coloured by kind. The i-th trace
    holds every meeting's i-th speaker: as many traces as the longest speaker list (a dozen),
    not one a speaker (hundreds at corpus scale, which Plotly draws in seconds)."""
    meetings = _recent(c, last)
    wanted = {m.iri for m in meetings}
    groups: dict[str, list] = defaultdict(list)
    for i, s in enumerate(c.statements):
        if s["meeting"] in wanted:
            groups[s["meeting"] + SEP + (s["speaker"] or "")].append((i, None))
    kinds = list(KIND_COLOURS)
    order = lambda sp: (kinds.index(c.speaker_kind(sp or None)), c.labels.get(sp, sp), sp)  # noqa: E731
    speakers_of: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        meeting, sp = key.split(SEP)
        speakers_of[meeting].append(sp)
    for sps in speakers_of.values():
        sps.sort(key=order)
    x = [m.label for m in meetings]
    data, marks, present = [], 0, set()
    for rank in range(max((len(v) for v in speakers_of.values()), default=0)):
        ys: list[int | None] = []
        colours: list[str] = []
        names: list[str] = []
        keys: list[str] = []
        for m in meetings:
            sps = speakers_of.get(m.iri, [])
            if rank >= len(sps):
                ys.append(None)
                colours.append(KIND_COLOURS["発言者不明"])
                names.append("")
                keys.append("")
                continue
            sp = sps[rank]
            kind = c.speaker_kind(sp or None)
            present.add(kind)
            ys.append(len(groups[m.iri + SEP + sp]))
            colours.append(KIND_COLOURS[kind])
            names.append(f"{c.labels.get(sp, '（不明）')}（{kind}）")
            keys.append(m.iri + SEP + sp)
            marks += 1
        data.append({"type": "bar", "x": x, "y": ys, "customdata": keys, "text": names, "textposition": "none",
                     "showlegend": False, "marker": {"color": colours, "line": {"color": "white", "width": 1}},
                     "hovertemplate": "%{x}<br>%{text}: %{y} 発言<extra></extra>"})
    # The legend names the colours (entries whose one value is empty: they draw no bar).
    data += [{"type": "bar", "x": x[:1], "y": [None], "name": kind, "marker": {"color": KIND_COLOURS[kind]},
              "hoverinfo": "skip"} for kind in kinds if kind in present]
    return Chart("speaking-share", "発言の割合", "Speaking share",
                 f"会議（新しい{len(meetings)}回）ごとの発言者別の発言数。色は委員・職員ほか・事務局。",
                 _figure(data, _layout(420, barmode="stack", xaxis={"type": "category", "tickangle": -40},
                                       yaxis={"title": {"text": "発言数"}, **_integer_ticks(max(
                                           (sum(len(groups[m.iri + SEP + sp]) for sp in speakers_of.get(m.iri, []))
                                            for m in meetings), default=0))},
                                       showlegend=True, legend={"itemclick": False, "itemdoubleclick": False})),
                 dict(groups), marks)


def attendance(c: Corpus, last: int = 40) -> Chart:
    meetings = _recent(c, last)
    wanted = {m.iri: n for n, m in enumerate(meetings)}
    people = sorted({p for p, m in c.attendance if m in wanted},
                    key=lambda p: (p not in c.members, c.labels.get(p, p), p))
    groups: dict[str, list] = defaultdict(list)
    for i, s in enumerate(c.statements):
        if s["meeting"] in wanted and s["speaker"] in people:
            groups[s["speaker"] + SEP + s["meeting"]].append((i, None))
    z, roles = [], []
    for p in people:
        z.append([1 if (p, m.iri) in c.attendance else None for m in meetings])
        roles.append(["・".join(sorted(set(c.attendance.get((p, m.iri), ())))) for m in meetings])
    marks = sum(1 for row in z for v in row if v)
    data = [{"type": "heatmap", "z": z, "x": [m.label for m in meetings], "y": [c.labels.get(p, p) for p in people],
             "text": roles, "customdata": [[p + SEP + m.iri for m in meetings] for p in people],
             "colorscale": [[0, "#4f9d69"], [1, "#4f9d69"]], "showscale": False, "xgap": 2, "ygap": 2,
             "hoverongaps": False, "hovertemplate": "%{y}<br>%{x}<br>%{text}<extra></extra>"}]
    layout = _layout(max(260, 22 * len(people) + 160), xaxis={"type": "category", "tickangle": -40},
                     yaxis={"autorange": "reversed"})
    return Chart("attendance", "出席", "Attendance",
                 f"会議（新しい{len(meetings)}回）ごとの出席者（委員が先）。マスを押すと、その人のその会議での発言が出ます。",
                 _figure(data, layout), dict(groups), marks)


ROWS_SHOWN = 60  # person × council rows of the membership timeline


def membership(c: Corpus) -> Chart:
    """Members × councils over time: a line from a member's first listed meeting of a council to
    the last, a filled dot where they attended, an open one where listed as absent; the hover
    gives the attendance rate over the council's meetings in that period. People on the most
    councils first."""
    by_council: dict[str, list] = defaultdict(list)
    for meeting in c.meetings.values():
        if meeting.day:
            by_council[meeting.council].append(meeting)
    rows: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
    for (who, iri), present in c.seats.items():
        seat = c.meetings.get(iri)
        if seat and seat.day:
            rows[(who, seat.council)][iri] = present
    councils = Counter(who for who, _ in rows)
    order = sorted(rows, key=lambda r: (-councils[r[0]], c.labels.get(r[0], r[0]), r[0], r[1]))[:ROWS_SHOWN]
    xs: list[str] = []
    ys: list[str] = []
    symbols: list[str] = []
    texts: list[str] = []
    keys: list[str] = []
    lx: list[str | None] = []
    ly: list[str | None] = []
    groups: dict[str, list] = defaultdict(list)
    for who, council in order:
        seen = rows[(who, council)]
        dated = sorted((c.meetings[iri].day.isoformat(), iri) for iri in seen)  # type: ignore[union-attr]  # dated
        first, last = dated[0][0], dated[-1][0]
        held = [x for x in by_council[council] if first <= x.day.isoformat() <= last]  # type: ignore[union-attr]
        attended = sum(seen.values())
        label = f"{c.labels.get(who, who)}｜{council}"
        rate = f"出席 {attended}/{len(held)}（{round(100 * attended / len(held))}%）"
        for day, iri in dated:
            xs.append(day)
            ys.append(label)
            symbols.append("circle" if seen[iri] else "circle-open")
            texts.append(("出席" if seen[iri] else "欠席") + f"・{rate}")
            keys.append(who + SEP + iri)
        lx += [first, last, None]
        ly += [label, label, None]
    wanted = set(keys)
    for i, s in enumerate(c.statements):
        key = (s["speaker"] or "") + SEP + s["meeting"]
        if key in wanted:
            groups[key].append((i, None))
    data = [{"type": "scatter", "mode": "markers", "x": xs, "y": ys, "text": texts, "customdata": keys,
             "marker": {"symbol": symbols, "size": 11, "color": "#2a6fb0", "line": {"width": 2, "color": "#2a6fb0"}},
             "hovertemplate": "%{y}<br>%{x}<br>%{text}<extra></extra>", "showlegend": False},
            {"type": "scatter", "mode": "lines", "x": lx, "y": ly, "hoverinfo": "skip", "showlegend": False,
             "line": {"color": "#9ab8d8", "width": 3}}]
    layout = _layout(max(260, 24 * len(order) + 140), xaxis={"type": "date"},
                     yaxis={"type": "category", "autorange": "reversed"})
    return Chart("membership", "在任期間と出席", "Membership timeline and attendance",
                 f"委員ごと・会議体ごとの在任期間（最初と最後に名簿に載った会議）。●出席 ○欠席、"
                 f"ホバーで在任中の出席率。同一人物と判断した人は一人（複数の会議体の人が先、{ROWS_SHOWN}行まで）。",
                 _figure(data, layout), dict(groups), len(xs))


def all_charts(c: Corpus) -> list[Chart]:
    return [themes_over_time(c), speaker_theme(c), initiatives_over_time(c), speaking_share(c), attendance(c),
            membership(c)]
