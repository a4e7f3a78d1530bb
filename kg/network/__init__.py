"""Networks from the graph: networkx projections, analytics, interactive HTML views."""
