"""Query the graph: the store, named queries (the ``.rq`` files in ``queries/``), result formats."""
