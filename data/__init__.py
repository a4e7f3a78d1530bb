"""Curated reference data (gazetteer.toml, councils.toml), shipped inside the package as ``kg.data``
(see kg/resources.py). The source summaries in minutes/ are not shipped."""
