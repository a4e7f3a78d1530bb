"""Find what statements talk about: entities (gazetteer names, then patterns) and themes.

Works on plain text and the dataclass model; knows nothing of RDF. Matching runs on NFKC
text and every mention is mapped back to offsets into the statement's own characters.
Order of precedence, each step skipping text an earlier one took:
1. gazetteer names and aliases, longest first;
2. an abbreviation with its expansion, ``CHISA（公益社団法人…協会）``;
3. a name in 「」 that ends like a name of an initiative or organization;
4. a run of kanji/katakana/Latin ending in such a suffix (…推進協議会, …省, …課).
Steps 2–4 give uncurated entities (``curated=False``) for a researcher to review. Themes
come from keywords and patterns outside entity names, and from the themes a gazetteer
entity implies.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.extract.gazetteer import Gazetteer
from kg.extract.themes import field_of, narrower_closure
from kg.model import Entity, Mention, Theme
from kg.read.normalize import Normalized, nfkc, normalize

INITIATIVE_SUFFIXES = ("事業", "協議会", "ネットワーク", "ポータル", "コミュニティ", "方針", "戦略",
                       "計画", "コンテスト", "プロジェクト", "プラン", "構想", "プログラム")
ORG_SUFFIXES = ("省", "庁", "局", "課", "県", "都", "府", "道", "市", "町", "村", "協会", "機構",
                "財団", "研究所", "委員会", "センター")
# Generic words that end like names but name no one thing (市町村, 大学, 企業 are not entities).
GENERIC = {"市町村", "都道府県", "区市町村", "公共事業", "地方公共団体", "関係団体", "各部局",
           "基礎自治体", "自治体", "事務局"}
# Names ending in 県/都/府/道 are a closed set: the 47 prefectures (so 現在県 is not one).
PREFECTURES = frozenset(
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
    "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
    "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
    "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県".split())
# A deictic first character (本県, 当課, 各局, 同省 …) refers back; it names nothing new.
DEICTIC = set("本当各同他両全我")

_NAME_CHARS = r"A-Za-z0-9\u3400-\u9fff々〆ヶ\u30a1-\u30faー"
_RUN_RE = re.compile(f"[{_NAME_CHARS}]+")
_QUOTED_RE = re.compile(r"「([^「」]{2,40})」")
_ABBREV_RE = re.compile(r"(?<![A-Za-z])([A-Z][A-Za-z0-9&]{1,15})\s*\(([^()]{3,60})\)")
_SUFFIXES = sorted(INITIATIVE_SUFFIXES + ORG_SUFFIXES, key=len, reverse=True)


@lru_cache(maxsize=65536)
def _suffix(name: str) -> str | None:
    # Cached: the same runs of name characters recur in every statement (7 million endswith
    # calls for 200 summaries without the cache).
    return next((s for s in _SUFFIXES if name.endswith(s)), None)


def _kind_of(name: str) -> str:
    return "organization" if _suffix(name) in ORG_SUFFIXES else "initiative"


def looks_like_name(name: str) -> bool:
    """Whether a run of name characters is a specific name rather than a generic word."""
    suffix = _suffix(name)
    if not suffix or name in GENERIC:
        return False
    if suffix in ("県", "都", "府", "道"):
        return name in PREFECTURES
    head = name[: -len(suffix)]
    if name[0] in DEICTIC and len(head) <= 3:
        return False
    # Initiative suffixes follow ordinary words too (一度計画): ask for a longer head.
    return len(head) >= (3 if suffix in INITIATIVE_SUFFIXES else 2)


def _ascii_bounded(text: str, start: int, end: int) -> bool:
    """An ASCII name (MIC) must not sit inside a longer ASCII word (MICRO)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


class Keywords:
    """Literal keywords found by one pattern in one pass over a text (a pattern a keyword made
    356 searches of every statement with the bundled scheme).

    The pattern tries the longest keyword first, so a match is the longest keyword starting
    there; the others starting there are exactly the keywords that begin it (both begin the
    text from there), listed beforehand."""

    def __init__(self, words):
        ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self.starting = {w: [p for p in ordered if w.startswith(p)] for w in ordered}

    def matches(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Each keyword's spans in ``text``, as re.finditer of that keyword alone gives them:
        leftmost first, each starting where the one before ended or later."""
        out: dict[str, list[tuple[int, int]]] = {}
        if self.pattern is None:
            return out
        search, pos = self.pattern.search, 0
        while m := search(text, pos):
            start = m.start()
            for w in self.starting[m.group()]:
                spans = out.setdefault(w, [])
                if not spans or spans[-1][1] <= start:
                    spans.append((start, start + len(w)))
            pos = start + 1
        return out


@dataclass
class _Spans:
    """Spans taken so far: disjoint (only free spans are taken), kept sorted, so that a look-up
    is a bisection (a list scanned in full made a statement's extraction quadratic: 40 s for
    304,000 characters)."""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        # The last span starting before ``end`` also ends last among those (they are disjoint).
        i = bisect_left(self.starts, end)
        return i == 0 or self.ends[i - 1] <= start

    def take(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class Extractor:
    """Finds mentions in statements; remembers the uncurated entities it has found."""

    def __init__(self, gazetteer: Gazetteer, themes: list[Theme]):
        self.gazetteer = gazetteer
        self.names = gazetteer.names()
        self.themes = themes
        # (keyword, theme key, needs context), longest first, all found by one pattern; then
        # (regex, theme key, needs context) of the scheme's patterns, each run on its own.
        self.words = sorted({(nfkc(k), t.key, False) for t in themes for k in t.keywords} |
                            {(nfkc(k), t.key, True) for t in themes for k in t.context_keywords},
                            key=lambda w: (-len(w[0]), w))
        self.keywords = Keywords(k for k, _, _ in self.words)
        self.patterns = [(re.compile(p), t.key, weak) for t in themes
                         for weak, ps in ((False, t.patterns), (True, t.context_patterns)) for p in ps]
        top = {t.key: t for t in themes}
        self.contexts = {t.key: narrower_closure(themes, t.context or field_of(top, t.key))
                         for t in themes if t.context_keywords or t.context_patterns}
        # Top concepts are policy fields: a statement gets one only when no narrower theme
        # matches it (in a scheme of one level every theme is a field, and all apply).
        self.fields = {t.key for t in themes if t.top}
        self.entities: dict[str, Entity] = {e.key: e for e in gazetteer.entities}
        self.found: dict[str, Entity] = {}  # uncurated, by key
        self._names: list[tuple[str, Entity]] | None = None
        self._by_bigram: dict[str, list[tuple[str, str]]] | None = None

    def _mention(self, norm: Normalized, text: str, position: int, start: int, end: int,
                 kind: str, key: str) -> Mention:
        s, e = norm.original_span(start, end)
        return Mention(position, s, e, text[s:e], kind, key)

    def candidates_in(self, text: str) -> list[tuple[str, str | None]]:
        """First pass: (name, alias) of names outside the gazetteer in one text, for ``adopt``;
        so that the second pass can match them everywhere, whatever order texts come in."""
        t = normalize(text).text
        spans = _Spans()
        for _ in self._match_names(t, self.names, spans):
            pass  # gazetteer names are not candidates (一方総務省 is 総務省)
        return [(name, alias) for name, alias, _ in self._candidates(t, spans)]

    def adopt(self, candidates) -> None:
        """Learn names ``candidates_in`` found (of any number of texts, in corpus order)."""
        for name, alias in candidates:
            self._discover(name, alias)
        self._names = self._by_bigram = None

    def learn(self, text: str) -> None:
        self.adopt(self.candidates_in(text))

    @contextmanager
    def isolated(self):
        """Names one document's second pass finds on its own stay with that document, so a
        document's mentions never depend on which documents were read before it."""
        found, names = dict(self.found), self._names
        try:
            yield
        finally:
            self.found, self._names = found, names

    def found_in(self, text: str) -> list[Entity]:
        """The learned (uncurated) entities any of whose names occurs in normalized ``text``:
        what a document's mentions depend on besides its own words."""
        if self._by_bigram is None:
            self._by_bigram = {}
            for e in self.found.values():
                for n in {nfkc(x) for x in (e.ja, *e.aliases)}:
                    self._by_bigram.setdefault(n[:2], []).append((n, e.key))
        keys = {key for i in range(len(text) - 1) for n, key in self._by_bigram.get(text[i:i + 2], ())
                if text.startswith(n, i)}
        return [self.found[k] for k in sorted(keys)]

    @staticmethod
    def _match_names(t: str, names: list[tuple[str, Entity]], spans: _Spans):
        """(start, end, entity) of each name, longest first, taking the spans it matches."""
        for name, entity in names:
            at = t.find(name)
            while at >= 0:  # str.find: a regular expression per name would fill re's cache
                end = at + len(name)
                if spans.free(at, end) and (not name.isascii() or _ascii_bounded(t, at, end)):
                    spans.take(at, end)
                    yield at, end, entity
                at = t.find(name, end)  # matches do not overlap, as re.finditer's

    def _candidates(self, t: str, spans: _Spans):
        """(name, alias) of uncurated names, with the spans they take: steps 2–4."""
        for m in _ABBREV_RE.finditer(t):
            if spans.free(*m.span()):
                spans.take(*m.span())
                yield m.group(2).strip(), m.group(1), (m.span(1), m.span(2))
        for m in _QUOTED_RE.finditer(t):
            name = m.group(1).strip()
            if spans.free(*m.span(1)) and _suffix(name) and name not in GENERIC:
                spans.take(*m.span(1))
                yield name, None, (m.span(1),)
        for m in _RUN_RE.finditer(t):
            if spans.free(*m.span()) and looks_like_name(m.group()):
                spans.take(*m.span())
                yield m.group(), None, (m.span(),)

    def _discover(self, name: str, alias: str | None = None) -> str:
        key = nfkc(name)
        if key in self.entities:
            return key
        known = self.found.get(key)
        if known is not None and known.ja == name and (alias is None or alias in known.aliases):
            return key  # nothing new: a corpus repeats its names hundreds of thousands of times
        aliases = tuple(sorted({*(known.aliases if known else ()), *((alias,) if alias else ())}))
        self.found[key] = Entity(key=key, kind=_kind_of(key), ja=name, aliases=aliases, curated=False)
        return key

    def all_names(self) -> list[tuple[str, Entity]]:
        """Gazetteer names and learned names, longest first."""
        if self._names is None:
            pairs = {(n, e.key): e for n, e in self.names}
            pairs.update({(nfkc(n), e.key): e for e in self.found.values() for n in (e.ja, *e.aliases)})
            self._names = sorted(((n, e) for (n, _), e in pairs.items()),
                                 key=lambda p: (-len(p[0]), p[0], p[1].key))
        return self._names

    def context_of(self, text: str) -> frozenset[str]:
        """Themes whose own (not context) words a text has anywhere, entity names included:
        the DX of 千葉県DX推進協議会, the ICT of a council's title make a digital context."""
        return frozenset(key for _, key, weak in self._theme_hits(normalize(text).text) if not weak)

    def _theme_hits(self, t: str) -> list[tuple[tuple[int, int], str, bool]]:
        """(span, theme key, needs context) of every keyword and pattern in normalized text ``t``:
        a keyword's or pattern's own matches do not overlap (as re.finditer gives them); those
        of different ones may."""
        found = self.keywords.matches(t)
        hits = [(span, key, weak) for k, key, weak in self.words for span in found.get(k, ())]
        return hits + [(mt.span(), key, weak) for rx, key, weak in self.patterns for mt in rx.finditer(t)
                       if mt.start() < mt.end()]

    def statement(self, position: int, text: str, context: frozenset[str] = frozenset()) -> list[Mention]:
        """Second pass: the mentions in one statement; ``context``: themes of its meeting's
        title, which make context keywords count in every statement of the meeting."""
        norm = normalize(text)
        t = norm.text
        spans = _Spans()
        out: list[Mention] = []

        for start, end, entity in self._match_names(t, self.all_names(), spans):
            out.append(self._mention(norm, text, position, start, end, "entity", entity.key))
        for name, alias, where in self._candidates(t, spans):  # names learn() did not see
            key = self._discover(name, alias)
            for start, end in where:
                out.append(self._mention(norm, text, position, start, end, "entity", key))

        out.extend(self._themes(norm, text, position, spans, out, context))
        return sorted(out, key=lambda x: (x.start, x.end, x.kind, x.key))

    def _themes(self, norm: Normalized, text: str, position: int, entities: _Spans,
                entity_mentions: list[Mention], context: frozenset[str]) -> list[Mention]:
        t = norm.text
        out: list[Mention] = []
        for m in entity_mentions:  # a named initiative carries its themes
            entity = self.entities.get(m.key)
            for key in entity.themes if entity else ():
                out.append(replace(m, kind="theme", key=key))
        per_theme: dict[str, _Spans] = {}
        found = self._theme_hits(t)
        hits = [h for h in found if entities.free(*h[0])]  # 報道広報課 is not 広報
        # Context: the meeting's, the entities' themes, and own words anywhere (DX in 千葉県DX推進協議会).
        strong = context | {m.key for m in out} | {key for _, key, weak in found if not weak}
        for (start, end), key, weak in sorted(hits, key=lambda h: (-(h[0][1] - h[0][0]), h[0], h[1])):
            if weak and not strong & self.contexts[key]:
                continue  # 計画 alone is not a digital strategy
            mine = per_theme.setdefault(key, _Spans())
            if mine.free(start, end):
                mine.take(start, end)
                out.append(self._mention(norm, text, position, start, end, "theme", key))
        if any(m.key not in self.fields for m in out):  # the narrow theme, where one matches
            out = [m for m in out if m.key not in self.fields]
        return out
