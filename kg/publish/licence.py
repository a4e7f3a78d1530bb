"""Facts about the published dataset that every place showing data repeats: licence,
attribution, title. (Datasette's rule: licence and source shown wherever data is shown.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.errors import KgError

CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Agent:
    """Who publishes, made or answers for the data (dataset.toml's [publisher], [creator], [contact])."""

    name: str
    url: str = ""  # a home page, ORCID or organization IRI
    email: str = ""


@dataclass(frozen=True)
class DatasetInfo:
    title_ja: str = "kaigi-kg 会議録ナレッジグラフ"
    title_en: str = "kaigi-kg: knowledge graph of Japanese government meeting summaries"
    license: str = CC_BY_4
    license_name: str = "CC BY 4.0（公共データ利用規約 第1.0版と互換）"
    publisher: str = "kaigi-kg"
    # From the researcher's dataset.toml (kg.publish.metadata); empty when not given.
    publisher_url: str = ""
    creators: tuple[Agent, ...] = ()
    contact: Agent | None = None
    languages: tuple[str, ...] = ("ja",)  # ISO 639-1 codes
    spatial: tuple[tuple[str, str], ...] = ()  # (name, IRI or "")
    issued: str = ""  # YYYY-MM-DD, the release date the researcher fixed
    modified: str = ""
    download_url: str = ""  # where the exported files are published (default: base + data/)
    with_tallies: bool = False  # corpus tallies in the exports (counts for queries, not data)

    @classmethod
    def of(cls, license: str = CC_BY_4, license_name: str | None = None, publisher: str = "kaigi-kg") -> DatasetInfo:
        """From the --license, --license-name and --publisher options every command showing
        data takes: a licence other than the default is named by its IRI unless named."""
        return cls().with_options(license, license_name, publisher)

    def with_options(self, license: str | None = None, license_name: str | None = None,
                     publisher: str | None = None) -> DatasetInfo:
        """These facts with the options a command was given (None: not given) in their place."""
        out = self
        if license is not None:
            if not re.match(r"^https?://\S+$", license):
                raise KgError(f"--license must be the licence's IRI, not {license!r}")
            out = replace(out, license=license,
                          license_name=DatasetInfo.license_name if license == CC_BY_4 else license)
        if license_name is not None:
            out = replace(out, license_name=license_name)
        if publisher is not None:
            out = replace(out, publisher=publisher, publisher_url="")
        return out

    def attribution(self, sources: list[str], shown: int | None = None) -> str:
        """The credit line the licence asks for: the source, and that it was processed; with
        ``shown``, the first sources by name and the rest counted (a page footer, not a list)."""
        names = "、".join(sources[:shown]) if sources else "各会議の開催結果（概要）"
        if shown is not None and len(sources) > shown:
            names += f" ほか{len(sources) - shown}件"
        return f"出典：{names}を加工して作成"
