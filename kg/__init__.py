"""kaigi-kg: Japanese government meeting summaries as an RDF knowledge graph.

Nothing is imported here on purpose: ``import kg`` does no work. Use the modules:
``kg.reader`` (bytes → text), ``kg.parse`` (text → Minutes), ``kg.build`` (Minutes → RDF),
``kg.pipeline`` (files → graph.ttl).
"""

__version__ = "0.1.0"
