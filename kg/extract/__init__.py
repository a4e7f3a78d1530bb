"""Find what statements mention: gazetteer entities, names found in the corpus, themes."""
