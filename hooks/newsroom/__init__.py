"""newsroom: turn a folder of raw news articles into a cleaned, publishable archive.

Plain Python with no MkDocs import, one module per stage:

    read      bytes on disk   -> RawSeed (decoded text, front matter, body format)
    metadata  RawSeed         -> title, date, source, author, original URL, ...
    clean     RawSeed body    -> sanitized HTML blocks, attribution line
    archive   articles        -> de-duplicated, stable URLs, months
    render    archive         -> HTML of generated pages and articles.json

`pipeline.build_archive` runs them all; `hooks/archive.py` adapts it to MkDocs.
"""
