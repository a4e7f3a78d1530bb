"""Which result format a request asks for: the Accept header with q-values, or ``format=``."""

from __future__ import annotations

FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
                  "ttl": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld", "json-ld": "json-ld",
                  "rdfxml": "rdfxml", "rdf": "rdfxml", "nq": "nquads", "nquads": "nquads", "trig": "trig"}
EXTRA_TYPES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
               "application/x-turtle": "turtle", "text/plain": "nt", "application/xml+rdf": "rdfxml"}


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The key of ``offered`` (key → media type) the Accept header prefers; None if none fits."""
    if not accept or not accept.strip():
        return next(iter(offered))
    by_type = {mt: key for key, mt in offered.items()}
    by_type.update({mt: key for mt, key in EXTRA_TYPES.items() if key in offered})
    best, best_q = None, 0.0
    for item in accept.split(",")[:50]:
        parts = [p.strip() for p in item.split(";")]
        media, q = parts[0].lower(), 1.0
        for p in parts[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media in ("*/*", "*"):
            key: str | None = next(iter(offered))
        elif media.endswith("/*"):
            key = next((k for mt, k in by_type.items() if mt.startswith(media[:-1])), None)
        else:
            key = by_type.get(media)
        if key and q > best_q:
            best, best_q = key, q
    return best
