"""Building a whole corpus: parallel, incremental, with bounded memory, into graph.ttl,
graph.trig and a persistent Oxigraph store (``build.py`` orchestrates; ``cache.py`` remembers
each source's work; ``parallel.py`` runs it on all cores; ``store.py`` keeps the store)."""
