"""The theme's icons from one cached file instead of inline in every page (issue 17: site weight).

Material writes each icon's whole SVG into every page: the logo, the menu, the two colour-scheme
toggles, the repository's mark (twice, with its licence comment), search and close, about 3.9 KB of
a 23 KB article page. Here a page shows each as `<svg viewBox=…><use href="…/assets/icons.svg#id">`
(about 110 bytes) and the build writes the icons it used, once, as symbols of `assets/icons.svg`,
which a browser fetches once for the whole site. The outer `<svg>` keeps Material's CSS (sizes,
`fill: currentcolor`, which the symbol's paths inherit) and the icon's own proportions.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

SPRITE = "assets/icons.svg"  # in the site
_SVG = re.compile(r"<svg\b([^>]*)>(.*)</svg>\s*$", re.DOTALL)
_VIEW_BOX = re.compile(r"""\bviewBox\s*=\s*["']([^"']+)["']""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class IconSprite:
    """The icons the pages of one build use, by name ("material/library"), read through the theme's
    template loader (so a project's own `overrides/.icons/` wins, as Material's include would)."""

    def __init__(self) -> None:
        self._icons: dict[str, tuple[str, str]] = {}  # name -> (viewBox, inner SVG)

    def reference(self, env: Any, name: str, base_url: str) -> Markup:
        """The markup a page shows for icon `name`: an `<svg>` that uses the sprite's symbol."""
        if name not in self._icons:
            source, _, _ = env.loader.get_source(env, f".icons/{name}.svg")
            match = _SVG.search(source)
            if match is None:
                raise ValueError(f"icon {name!r} is not an SVG file")
            declared = _VIEW_BOX.search(match.group(1))
            self._icons[name] = (declared.group(1) if declared else "0 0 24 24", _COMMENT.sub("", match.group(2)))
        view_box = html.escape(self._icons[name][0])
        href = html.escape(f"{base_url.rstrip('/')}/{SPRITE}#{symbol_id(name)}" if base_url else f"{SPRITE}#{symbol_id(name)}")
        # no xmlns: an <svg> inside HTML is SVG by the parser (the attribute cost 35 bytes an icon, ten a page)
        return Markup(f'<svg viewBox="{view_box}" aria-hidden="true">'
                      f'<use href="{href}"></use></svg>')

    def names(self) -> list[str]:
        """The icons used so far, in name order."""
        return sorted(self._icons)

    def document(self) -> str:
        """The sprite: one symbol per icon used, in name order (two builds write the same bytes)."""
        symbols = "".join(f'<symbol id="{symbol_id(name)}" viewBox="{html.escape(view_box)}">{inner}</symbol>'
                          for name, (view_box, inner) in sorted(self._icons.items()))
        return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'

    def write_to(self, site: Path) -> None:
        target = site / SPRITE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.document(), encoding="utf-8")


def symbol_id(name: str) -> str:
    """An icon's name as an id: "fontawesome/brands/git-alt" -> "fontawesome-brands-git-alt"."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)
