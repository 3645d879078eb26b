"""Pages written light (site/compact.py, issue 17): no template indentation, a readable canonical link."""
from __future__ import annotations

from newsroom.site.compact import compact, readable_canonical


def test_indentation_goes_and_line_breaks_stay_outside_pre_and_script() -> None:
    html = "<div>\n    <p>a</p>\n\n   <pre>  x\n    y</pre>\n  <script>var a = 1;\n    b()</script>\n</div>"
    assert compact(html) == "<div>\n<p>a</p>\n<pre>  x\n    y</pre>\n<script>var a = 1;\n    b()</script>\n</div>"


def test_the_canonical_link_names_its_chinese_as_written() -> None:
    page = ('<link rel="canonical" href="https://e.io/a/articles/2019/11/%E4%B8%AD%E5%9B%BD-a%20b%2Fc/">'
            '<a href="%E4%B8%AD">x</a>')
    # only the canonical link, only its non-ASCII characters: an encoded space or slash keeps its meaning
    assert readable_canonical(page) == ('<link rel="canonical" href="https://e.io/a/articles/2019/11/中国-a%20b%2Fc/">'
                                        '<a href="%E4%B8%AD">x</a>')


def test_a_canonical_link_of_bytes_that_are_no_utf8_stays_as_written() -> None:
    page = '<link rel="canonical" href="https://e.io/%E4%B8/">'
    assert readable_canonical(page) == page


def test_materials_empty_containers_go_and_one_that_holds_something_stays() -> None:
    page = ('<body>\n    <div data-md-component="skip">\n    </div>\n    <div data-md-component="announce">\n'
            '      <aside class="md-banner">News</aside>\n    </div>\n    <div class="md-dialog" data-md-component="dialog">\n'
            '      <div class="md-dialog__inner md-typeset"></div>\n    </div>\n</body>')
    assert compact(page) == ('<body>\n<div data-md-component="announce">\n<aside class="md-banner">News</aside>\n'
                             '</div>\n</body>')
