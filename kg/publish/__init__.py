"""Publish the graph as open data: exports, DCAT/VoID description, the ontology page, licence."""
