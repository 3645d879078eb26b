"""newsroom: turn a folder of raw news articles into a cleaned, publishable archive.

Plain Python with no MkDocs import; `hooks/archive.py` adapts it to MkDocs. Packages follow what
their work depends on, and so what invalidates it:

    seed/     one seed's bytes + the rules -> Article          (cached per seed)
    site/     all articles -> pages, downloads, search index   (redone each build)
    build/    orchestration, caches, worker processes
    config/   the data files in data/, loaded and validated
    model.py  the frozen values passed between stages; patterns.py, timing.py, kept.py: shared helpers

A stage that learns from all articles of one source (a site's template, its repeated furniture)
belongs between seed/ and site/, as a package of its own.
"""
