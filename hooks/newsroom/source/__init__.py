"""The source stage: what all the articles of one source (a site, a WeChat account) show together.

    template   the blocks a source's articles repeat (its menus, banners, footers), learned from their prints

Depends on the seed stage's prints only (model.SeedPrints), never on a seed's text or the site.
"""
