"""The SPARQL 1.1 endpoint and its query page."""
