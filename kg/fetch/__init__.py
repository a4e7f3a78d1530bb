"""``kg fetch``: collect a council's summaries from its index page, or the Diet's records from
its API, into a folder ``kg build`` reads, with their sources.csv entries.

settings.py (politeness defaults), robots.py (robots.txt), client.py (one polite HTTP client:
pacing, conditional requests, Retry-After, redirects, limits), links.py + links.toml (which
links of an index are meetings, summaries, further pages), naming.py (file names), ledger.py
(sources.csv), state.py (what earlier runs fetched; resuming), crawl.py (an index page to
files), kokkai.py (the Diet's API).
"""
