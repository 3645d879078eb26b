"""Every page's HTML without the indentation of its templates (issue 17: site weight).

Material's templates and ours indent their markup for people who read them; a browser shows the
same page without it. At 60,000 pages that indentation is over a tenth of each article page (about
2.6 KB of 23 KB). Only whitespace at the start of a line goes, and blank lines: a line break stays
where one was, so text never runs together, and `<pre>`, `<textarea>` and `<script>` keep every
character (code, and JavaScript that may depend on its line breaks). Material's containers that
this site leaves empty go too.

The page's canonical link names its address with its Chinese as written (`readable_canonical`): MkDocs
percent-encodes each character into nine bytes (a 20-character title: 180 bytes for 60); a browser or
a crawler reads both the same. sitemap.xml keeps the encoded form its format asks for.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

_KEPT_WHOLE = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n[ \t\r\n]+")


# Containers Material's base.html writes into every page outside any block, left empty by this site's
# settings (no table of contents to skip to, no announcement, no clipboard to report on): its script
# looks each up as a list and mounts nothing when there is none (issue 17: 200 bytes a page). One
# that holds something (an announcement a maintainer adds) is not matched.
_EMPTY_CONTAINERS = ('<div data-md-component="skip">\n</div>\n', '<div data-md-component="announce">\n</div>\n',
                     '<div class="md-dialog" data-md-component="dialog">\n<div class="md-dialog__inner md-typeset">'
                     '</div>\n</div>\n')


def compact(html: str) -> str:
    """`html` with each line's leading whitespace and every blank line removed, outside the elements
    whose whitespace is their content, and without Material's empty containers."""
    pieces = _KEPT_WHOLE.split(html)
    # split() yields text, then each match's two groups (the element, its tag name), then text again
    out = []
    for index in range(0, len(pieces), 3):
        out.append(_INDENT.sub("\n", pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    page = "".join(out)
    for empty in _EMPTY_CONTAINERS:
        page = page.replace(empty, "", 1)
    return page


_CANONICAL = re.compile(r'(<link rel="canonical" href=")([^"]*)(")')
_ENCODED_NON_ASCII = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")  # UTF-8 bytes of non-ASCII characters only


def readable_canonical(html: str) -> str:
    """`html` with its canonical link's non-ASCII characters as written (%2F, %20 and the like stay)."""
    def decoded(link: re.Match[str]) -> str:
        address = _ENCODED_NON_ASCII.sub(lambda run: unquote(run.group(0), errors="strict"), link.group(2))
        return link.group(1) + address + link.group(3)
    try:
        return _CANONICAL.sub(decoded, html, count=1)
    except UnicodeDecodeError:  # bytes that are no UTF-8: the address stays as MkDocs wrote it
        return html
