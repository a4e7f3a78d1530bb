"""What a request says about where a query runs, beside its text (SPARQL 1.1 Protocol): the
base IRI its relative IRIs resolve against, and the RDF dataset named by ``default-graph-uri``
and ``named-graph-uri``. A dataset given this way replaces the one the query names with FROM
and FROM NAMED (protocol, section 2.1.4): naming only default graphs leaves no named graphs,
and the other way round."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    base: str | None = None
    default: tuple[str, ...] | None = None  # None: the request names no dataset
    named: tuple[str, ...] | None = None

    @property
    def names_dataset(self) -> bool:
        return self.default is not None or self.named is not None
