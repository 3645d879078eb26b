"""The colour-scheme switch from one cached script instead of in every page (issue 17: site weight).

Material writes its colour-scheme form (two radio inputs with their colours, two labelled icons) into
the header of every page: 1.2 KB of an article page. Here the build renders the form once, from the
theme's `partials/palette.html` (overrides/), into `assets/palette.js`, which every page loads where
the form stood: the script puts the form there, before the page is drawn and before Material's own
script looks for it, then applies the reader's stored scheme (Material's inline script, which follows).
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

SCRIPT = "assets/palette.js"  # in the site
_ROOT = "__na_root__"  # where the form's links (its icons') name the site's root: filled in by the script
_SCRIPT_TAG = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@functools.cache  # one read a process: `mkdocs serve` writes the script at every rebuild
def _materials_code() -> str:
    """Material's own partials/javascripts/palette.html (the reader's stored scheme onto the page), its
    script's text: read from the installed theme, which the project's override of that file replaces."""
    import material  # type: ignore[import-untyped]

    source = (Path(material.__file__).parent / "templates/partials/javascripts/palette.html").read_text(encoding="utf-8")
    found = _SCRIPT_TAG.search(source)
    if found is None:
        raise ValueError("Material's partials/javascripts/palette.html holds no <script>")
    return found.group(1)


def script(env: Any, config: Any) -> str:
    """The script's text: the form (none for a single scheme, which Material shows no switch for) and
    Material's code. Rendering the form names its icons to the sprite (`na_icon`)."""
    palette = config.theme.get("palette")
    form = env.get_template("partials/palette.html").render(config=config, base_url=_ROOT) \
        if isinstance(palette, list) else ""
    return ("// Written by the build (hooks/newsroom/site/palette.py) from overrides/partials/palette.html.\n"
            "(function () {\n"
            "  var here = document.currentScript, root = new URL(\"..\", here.src).href.replace(/\\/$/, \"\");\n"
            f"  here.insertAdjacentHTML(\"beforebegin\", {json.dumps(form)}.split({json.dumps(_ROOT)}).join(root));\n"
            "})();\n" + _materials_code() + "\n")


def write_to(site: Path, env: Any, config: Any) -> None:
    target = site / SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(env, config), encoding="utf-8")
