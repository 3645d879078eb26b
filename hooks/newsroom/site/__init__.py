"""The site stage: the archive's articles -> generated pages and downloads. Depends on every article
(so nothing here is cached per seed, except an article's own page parts, keyed by this package's code).

    archive       duplicates merged, stable URLs, order; related: related articles
    outputs       the whole output: every page and download; render: the generated pages, articles.json
    article_page  an article page's own parts
    investments   the figures table, chart and downloads; feeds: RSS; report: the build report
    search        the Pagefind index
    templating    the Jinja environment over templates/ (all the HTML) and the words/ catalogues
                  (all the interface's words, one file per language)
"""
