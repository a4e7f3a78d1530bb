"""The persistent store a build keeps in ``outputs/store/`` and every command opens: its folder
and stamp (``folder.py``), a new store loaded while a build runs (``loader.py``), an existing
one changed in place (``update.py``) and the statements' text index beside it (``texts.py``).
The build side (``kg.corpus``) writes it, the query side (``kg.query``) reads it; neither
imports the other."""
