"""What a corpus build is asked to do (``BuildSettings``), and what its workers start with
(``Workspace``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.corpus.cache import Cache, code_fingerprint, digest
from kg.extract.gazetteer import DEFAULT_GAZETTEER
from kg.extract.mentions import Extractor
from kg.extract.themes import DEFAULT_THEMES
from kg.parse.councils import DEFAULT_COUNCILS, Councils
from kg.rdf.iri import Minter
from kg.vocabulary import DEFAULT_BASE


@dataclass(frozen=True)
class BuildSettings:
    """The options of `kg build`. The first four decide what every summary's triples are, so
    they (with kaigi-kg's own code) make the ``fingerprint`` cache entries and the store are
    kept under; the others decide only how the build runs."""

    base: str = DEFAULT_BASE
    gazetteer: str | Path = DEFAULT_GAZETTEER
    themes: str | Path = DEFAULT_THEMES
    councils: str | Path = DEFAULT_COUNCILS
    strict: bool = False  # stop at the first file that cannot be read
    jobs: int | None = None  # worker processes (default: one a core)
    full: bool = False  # forget what earlier builds remembered
    store: bool = True  # keep outputs/store up to date
    store_graphs: bool = False  # the store keeps each summary's named graph too

    def fingerprint(self) -> str:
        return digest(code_fingerprint(), self.base,
                      *(Path(p).read_bytes() for p in (self.gazetteer, self.themes, self.councils)))


@dataclass(frozen=True)
class Workspace:
    """What a worker needs besides its task: forked workers inherit it (``kg.corpus.parallel``)
    instead of receiving it through a pipe with every task."""

    extractor: Extractor  # the gazetteer, the theme scheme and the names the corpus has learned
    councils: Councils
    cache: Cache
    minter: Minter
    roots: frozenset[Path] = frozenset()  # the folders the user named (``kg.corpus.steps.source_roots``)
