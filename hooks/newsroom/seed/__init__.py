"""The seed stage: one seed's bytes and the rules -> an Article. Depends on nothing but them, so its
result is cached per seed (`build/cache.py`); nothing here imports `site/` or `build/`.

    read      bytes -> RawSeed (decoded text, front matter, body format)
    metadata  title, date, source, author, URL from any key names; stated: the same read from the text
    extract   body -> HTML fragment (Markdown, saved pages through trafilatura) and the page's metadata
    blocks    fragment -> content blocks in reading order, normalised
    passes    the cleaning passes over the blocks; clean: PASSES in order -> sanitized HTML (sanitize: the allowlist)
    analyse   topics, entities, first-mention links; figures: amounts of money
    article   all of them for one seed; process: the entry the build calls, errors contained
"""
