"""Linked data that dereferences: a page (HTML) and a description (Turtle, JSON-LD, N-Triples)
for every resource of the graph, served by `kg serve` and written as a static site by `kg site`."""
