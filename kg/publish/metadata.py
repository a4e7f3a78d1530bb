"""The researcher's description of their dataset: ``dataset.toml``, kept beside the summaries
and given with ``--dataset``. Every key is optional; a command's own options win over the file.

    title_ja = "みどり市交通会議 会議録ナレッジグラフ"
    title_en = "Midori City transport council: knowledge graph of its meeting summaries"
    license = "https://creativecommons.org/licenses/by/4.0/"
    language = ["ja"]                      # ISO 639-1
    issued = 2026-04-01                    # the release date (else SOURCE_DATE_EPOCH or the build's)
    download_url = "https://example.org/kaigi-kg/data/"

    [publisher]                            # who publishes: a person or an organization
    name = "みどり大学 地域政策研究室"
    url = "https://example.ac.jp/lab/"

    [[creator]]                            # who made it (repeatable)
    name = "山田 花子"
    url = "https://orcid.org/0000-0000-0000-0000"

    [contact]                              # whom to ask (dcat:contactPoint)
    name = "山田 花子"
    email = "hanako@example.ac.jp"

    [[spatial]]                            # what it covers (a name, and an IRI when there is one)
    name = "群馬県みどり市"
    iri = "https://www.geonames.org/11612340"
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from kg.errors import InputError
from kg.publish.licence import Agent, DatasetInfo
from kg.resources import read_toml

_IRI = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KEYS = {"title_ja", "title_en", "license", "license_name", "language", "issued", "modified", "download_url",
        "publisher", "creator", "contact", "spatial", "with_tallies"}


def read_dataset(path: str | Path, info: DatasetInfo | None = None) -> DatasetInfo:
    """``info`` (default: the defaults) with what dataset.toml at ``path`` says."""
    data = read_toml(path, "dataset")
    info = info or DatasetInfo()

    def bad(key: str, why: str) -> InputError:
        return InputError(f"{key}: {why}", path=path)

    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise bad(unknown[0], f"unknown key; keys: {', '.join(sorted(KEYS))}")
    out: dict = {}
    for key in ("title_ja", "title_en", "license_name"):
        if key in data:
            out[key] = _text(data[key], key, bad)
    if "license" in data:
        info = info.with_options(license=_iri(data["license"], "license", bad))
    if "download_url" in data:
        url = _iri(data["download_url"], "download_url", bad)
        out["download_url"] = url if url.endswith("/") else url + "/"
    if "language" in data:
        langs = data["language"] if isinstance(data["language"], list) else [data["language"]]
        if not langs or not all(isinstance(x, str) and re.fullmatch(r"[a-z]{2}", x) for x in langs):
            raise bad("language", "give ISO 639-1 codes, such as [\"ja\", \"en\"]")
        out["languages"] = tuple(langs)
    for key in ("issued", "modified"):
        if key in data:
            out[key] = _date(data[key], key, bad)
    if "with_tallies" in data:
        if not isinstance(data["with_tallies"], bool):
            raise bad("with_tallies", "true or false")
        out["with_tallies"] = data["with_tallies"]
    if "publisher" in data:
        agent = _agent(data["publisher"], "publisher", bad)
        out["publisher"], out["publisher_url"] = agent.name, agent.url
    if "creator" in data:
        items = data["creator"] if isinstance(data["creator"], list) else [data["creator"]]
        out["creators"] = tuple(_agent(a, "creator", bad) for a in items)
    if "contact" in data:
        contact = _agent(data["contact"], "contact", bad)
        if not contact.email and not contact.url:
            raise bad("contact", "give an email or a url")
        out["contact"] = contact
    if "spatial" in data:
        items = data["spatial"] if isinstance(data["spatial"], list) else [data["spatial"]]
        places = []
        for item in items:
            place = {"name": item} if isinstance(item, str) else item
            if not isinstance(place, dict) or not place.get("name"):
                raise bad("spatial", "each place needs a name (and may have an iri)")
            places.append((_text(place["name"], "spatial.name", bad),
                           _iri(place["iri"], "spatial.iri", bad) if place.get("iri") else ""))
        out["spatial"] = tuple(places)
    return replace(info, **out)


def _text(value, key: str, bad) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad(key, "must be non-empty text")
    return value.strip()


def _iri(value, key: str, bad) -> str:
    if not isinstance(value, str) or not _IRI.match(value):
        raise bad(key, f"must be an http(s) address, not {value!r}")
    return value


def _date(value, key: str, bad) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise bad(key, f"must be a date such as 2026-04-01, not {value!r}") from None


def _agent(value, key: str, bad) -> Agent:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise bad(key, "a table with name (and url, email)")
    extra = sorted(set(value) - {"name", "url", "email"})
    if extra:
        raise bad(f"{key}.{extra[0]}", "unknown key; keys: name, url, email")
    name = _text(value.get("name", ""), f"{key}.name", bad)
    url = _iri(value["url"], f"{key}.url", bad) if value.get("url") else ""
    email = value.get("email", "")
    if email and (not isinstance(email, str) or not _EMAIL.match(email)):
        raise bad(f"{key}.email", f"not an email address: {email!r}")
    return Agent(name, url, email)
