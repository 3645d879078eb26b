"""A row of share buttons goes, known by where its links lead (sources.yml: share_links), whatever
words the buttons show ("Tweet", "Post", "Update"); a sentence that links to one stays (issue 14)."""
from __future__ import annotations

from newsroom.config.rules import Rules
from newsroom.seed.process import process_seed

PAGE = """---
title: Weekly update 405
url: https://blog.example.org/weekly-update-405/
---
# Weekly update 405

This week I spent most of my time on a new data breach, and here is what the logs showed about it.

[Tweet](https://twitter.com/share?text=Weekly%20Update%20405&url=https://blog.example.org/weekly-update-405/)
[Post](https://www.facebook.com/sharer/sharer.php?u=https://blog.example.org/weekly-update-405/)
[Update](https://www.linkedin.com/shareArticle?mini=true&url=https://blog.example.org/weekly-update-405/)

The second part of the update covers the new search feature, which readers asked for many times.
You can also [share it on Reddit](https://www.reddit.com/submit?url=https://blog.example.org/) if you think it helps.

The last part is about the conference next month, where I will talk about breaches and what they teach us.

"""


def test_a_row_of_share_buttons_goes_and_a_sentence_linking_to_one_stays(rules: Rules) -> None:
    article, _ = process_seed("update.md", PAGE.encode(), rules)
    assert article is not None
    body = article.body_html
    assert "Tweet" not in body and "sharer" not in body and "shareArticle" not in body
    assert "share it on Reddit" in body and "the new search feature" in body
