"""People across councils and years: who in one summary is who in another (identity), and
what the researcher decided about it (people.toml)."""
