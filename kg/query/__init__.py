"""Query the graph: the store, named queries (the ``.rq`` files in ``queries/``), result formats."""

# The stores a query runs on (kg/query/engines.py), here so that the command line lists them
# without importing the engines.
BACKENDS = ("oxigraph", "rdflib")
