"""kaigi-kg: Japanese government meeting summaries as an RDF knowledge graph.

Nothing is imported here on purpose: ``import kg`` does no work. One subpackage per pipeline
step: ``kg.read`` (bytes, HTML, PDF → text), ``kg.parse`` (text → ``kg.model.Minutes``),
``kg.extract`` (mentions of initiatives, organizations, themes), ``kg.rdf`` (Minutes → RDF,
writing, loading, SHACL), ``kg.query`` (store, named queries, result formats), ``kg.network``
(projections, analytics, views), ``kg.publish`` (exports, DCAT/VoID, ontology page) and
``kg.web`` (the SPARQL endpoint); ``kg.corpus`` is `kg build` (files → graph.ttl, graph.trig and the
store, ``kg.store``), ``kg.pipeline`` the same steps in memory, ``kg.cli`` the shell.
"""

__version__ = "0.1.0"
