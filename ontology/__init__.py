"""The ontology, SHACL shapes, SKOS themes and JSON-LD context, shipped inside the package as
``kg.ontology`` (see kg/resources.py)."""
