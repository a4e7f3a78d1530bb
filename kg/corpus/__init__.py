"""Building a whole corpus: parallel, incremental, with bounded memory, into graph.ttl,
graph.trig and the persistent store (``build.py`` orchestrates; ``cache.py`` remembers each
source's work; ``parallel.py`` runs it on all cores; ``kg.store`` keeps the store)."""
