"""Speakers who are no one person: a council's 事務局, and an unnamed 委員 or 説明員 (one node a
meeting, kgo:unnamed). Wherever speakers are counted they are counted per council, under
their name with the council's (事務局（千葉県ICTアドバイザー会議）), as the tallies name them
(kg.vocabulary.speaker_in_council): the 事務局 of nine councils are nine rows, not one."""

from __future__ import annotations

from dataclasses import dataclass

from kg.query.prefixes import with_usual_prefixes
from kg.vocabulary import speaker_in_council

QUERY = """SELECT DISTINCT ?x ?name ?c ?council WHERE {
  { ?x kgo:secretariatOf ?c } UNION { ?x kgo:unnamed true . ?s kgo:speaker ?x ; kgo:meeting/schema:organizer ?c }
  ?x foaf:name ?name . FILTER(lang(?name) = "ja")
  ?c skos:prefLabel ?council . FILTER(lang(?council) = "ja") }"""


@dataclass(frozen=True)
class GroupSpeaker:
    key: str    # the node every such speaker of one council and name is counted under
    label: str  # 事務局（council）


def group_speakers(store) -> dict[str, GroupSpeaker]:
    """Each such speaker's IRI → where it is counted and how it is labelled. A secretariat is
    one node a council already; the unnamed speakers of a council's meetings who share a name
    are counted under the first of their nodes (by IRI)."""
    rows = sorted((str(x), str(name), str(c), str(council))
                  for x, name, c, council in store.values(with_usual_prefixes(QUERY)))
    first: dict[tuple[str, str], str] = {}
    out = {}
    for x, name, c, council in rows:
        key = first.setdefault((c, name), x)
        out[x] = GroupSpeaker(key, speaker_in_council(name, council))
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def in_council_sparql(label: str, node: str, name: str, council: str) -> str:
    """The label ``speaker_in_council`` gives, as SPARQL that binds ``label``, for a named query
    that groups statements itself (initiatives; person-theme-matrix reads tallies that already
    say it): ``node``'s ``name`` with the ``council``'s if the node is a secretariat or an
    unnamed speaker, else the name. Made from the function's own output, so there is one rule.
    """
    before, rest = speaker_in_council("\x00", "\x01").split("\x00")
    between, after = rest.split("\x01")
    parts = [p for p in (_quoted(before), name, _quoted(between), council, _quoted(after)) if p != '""']
    return (f"BIND(IF(EXISTS {{ {node} kgo:secretariatOf [] }} || EXISTS {{ {node} kgo:unnamed true }}, "
            f"STRLANG(CONCAT({', '.join(parts)}), \"ja\"), {name}) AS {label})")
