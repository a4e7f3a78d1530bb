"""From ``Minutes`` to RDF: IRIs, the triples of one document, stable writing, loading, SHACL."""
