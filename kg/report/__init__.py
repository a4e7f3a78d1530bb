"""The corpus report: charts a researcher reads at a glance (``kg report``): ``data.py`` asks
the store, ``charts.py`` draws with Plotly, ``page.py`` writes one offline HTML page."""
