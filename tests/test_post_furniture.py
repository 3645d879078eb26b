"""A blog page's furniture around its post, from signals any theme shares (issue 14): a theme's list
of facts about the post, rows of category
and label links (nested categories, Blogger's labels with a query), a comment counter, and a title
that holds " #" (YAML would read the rest as a comment, and every post of a daily column would get
one title: the template of its source could not be learned)."""
from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from newsroom.config.rules import Rules
from newsroom.seed.process import process_seed
from newsroom.seed.read import parse_front_matter

PROSE = ("Patching is the quiet work that keeps systems safe, and it deserves more attention than it gets "
         "from most teams that run servers for a living.")

PAGE = f"""---
title: Why we patch
url: https://blog.example.org/2023/01/why-we-patch/
---
[Example Blog](https://blog.example.org/)

# Why we patch

* Post author:[Ann Lee](https://blog.example.org/author/ann/)
* Post published:March 29, 2023
* Post category:[Ops](https://blog.example.org/category/security/ops/) / [Security](https://blog.example.org/category/security/)
* Post comments:[0 Comments](https://blog.example.org/2023/01/why-we-patch/#respond)
* Reading time:4 mins read

## The window

{PROSE}

## The schedule

Every unpatched server is an open door; we walk through how our team schedules updates without downtime.

[Daily Blog](https://blog.example.org/search/label/Daily%20Blog?&max-results=8)
[ops](https://blog.example.org/search/label/ops?&max-results=8)

Lug 02, 2024 [Ann Lee](https://blog.example.org/author/ann/)
[Ops](https://blog.example.org/category/ops/), [Security Tools](https://blog.example.org/category/security/tools/)
[0](https://blog.example.org/2023/01/why-we-patch/#respond)
"""


def test_a_blog_page_s_furniture_goes_and_its_facts_are_read(rules: Rules) -> None:
    article, _ = process_seed("patch.md", PAGE.encode(), rules)
    assert article is not None
    body = article.body_html
    assert article.date == dt.date(2023, 3, 29) and article.author == "Ann Lee"
    for furniture in ("Post category", "0 Comments", "Reading time", "Daily Blog", "Security Tools", ">0<"):
        assert furniture not in body, furniture
    assert PROSE in body and "Every unpatched server" in body


def test_a_title_with_a_hash_keeps_what_follows_it() -> None:
    meta, problems = parse_front_matter("x.md", "title: Daily Blog #735: Zeltser Challenge\n"
                                                "date: 2020-01-02 # corrected\nurl: https://x.example/#top")
    assert not problems
    assert meta == {"title": "Daily Blog #735: Zeltser Challenge", "date": dt.date(2020, 1, 2),
                    "url": "https://x.example/#top"}


STORY = ("该团队近日披露了一个远程代码执行漏洞，攻击者无需认证即可在服务器上执行任意命令，影响多个版本，"
         "厂商已经发布补丁，建议用户尽快升级到最新版本并检查日志中的异常请求。")

WECHAT = f"""---
title: 漏洞分析
url: https://mp.weixin.qq.com/s?__biz=MzA5&mid=1
source: 某某科技
---
# 漏洞分析

以下文章来源于某某实验室
，作者PortalLab

**某某实验室**
.

聚焦API安全最新资讯，分享研究成果

{STORY}

{STORY.replace("该团队", "研究人员")}

**关于Portal Lab**

某某科技 Portal Lab 致力于前沿安全技术研究及能力工具化，主要研究方向为 API 安全、应用安全。
"""


def test_a_repost_card_and_an_about_box_go_and_the_card_names_the_author(rules: Rules) -> None:
    article, _ = process_seed("card.md", WECHAT.encode(), rules)
    assert article is not None and article.author == "PortalLab"
    body = article.body_html
    for furniture in ("以下文章来源于", "某某实验室", "聚焦API", "关于Portal Lab", "致力于"):
        assert furniture not in body, furniture
    assert STORY in body and "研究人员近日" in body


def test_a_section_about_a_company_inside_the_story_stays(rules: Rules) -> None:
    inside = WECHAT.replace("**关于Portal Lab**", f"**关于Portal Lab**\n\n某某科技成立于2015年，专注于安全研究。\n\n{STORY}\n\n{STORY}\n\n{STORY}\n\n**小结**")
    article, _ = process_seed("card.md", inside.encode(), rules)
    assert article is not None and "关于Portal Lab" in article.body_html and "成立于2015年" in article.body_html


def test_a_post_that_opens_with_its_about_box_under_a_banner_is_kept(rules: Rules) -> None:
    """A recruiting post opens with "关于某某" under the account's banner, then its jobs: the box is the
    post's opening, not the end of an article (no words of one stand before it, the jobs after it).
    A short notice that signs off with the box still loses it."""
    post = """---
title: 【招聘】安全研究员看过来
url: https://mp.weixin.qq.com/s?__biz=MzA5&mid=2
source: 某某科技
---
# 【招聘】安全研究员看过来

![](https://mmbiz.qpic.cn/banner/640)

**关于Portal Lab**

某某科技 Portal Lab 致力于前沿安全技术研究及能力工具化，主要研究方向为 API 安全、应用安全

**安全研究员**

* 负责主流产品与开源组件的漏洞挖掘与分析，输出高质量的漏洞报告与修复建议
* 熟悉常见 Web 漏洞原理，能够独立完成代码审计，有公开漏洞编号者优先
* 跟踪业内最新攻防技术，参与安全工具与检测规则的研发
* 简历投递：jobs@example.com
"""
    article, _ = process_seed("jobs.md", post.encode(), rules)
    assert article is not None and "漏洞挖掘与分析" in article.body_html and "关于Portal Lab" in article.body_html
    notice = post.replace("![](https://mmbiz.qpic.cn/banner/640)\n\n", "某某扫描器 3.0 今日发布，欢迎试用。\n\n").split("**安全研究员**")[0]
    article, _ = process_seed("notice.md", notice.encode(), rules)
    assert article is not None and "今日发布" in article.body_html and "致力于" not in article.body_html


def test_the_accounts_own_unlabelled_box_at_the_end_goes_and_a_company_the_story_describes_stays(rules: Rules) -> None:
    signed = WECHAT.replace("**关于Portal Lab**\n\n", "").replace("某某科技 Portal Lab 致力于", "某某科技正式成立于2015年，致力于")
    article, _ = process_seed("signed.md", signed.encode(), rules)
    assert article is not None and "成立于2015年" not in article.body_html and STORY in article.body_html
    other = signed.replace("某某科技正式成立于", "另一家公司正式成立于")  # not the account: the story's subject
    article, _ = process_seed("other.md", other.encode(), rules)
    assert article is not None and "另一家公司正式成立于2015年" in article.body_html


@pytest.mark.parametrize(("label", "opening"), [
    ("## About 200 jobs at risk", "The company, founded in 1998, employs 900 people at the plant and says the cuts are final."),
    ("## 关于融资用途", "本轮融资将主要用于旗下产品研发和市场拓展，公司创始人表示，新资金也会用于招聘工程师。"),
])
def test_a_subheading_about_something_else_does_not_end_the_story(rules: Rules, label: str, opening: str) -> None:
    story = (f"---\ntitle: A story\nurl: https://news.example.com/a\n---\n# A story\n\n{PROSE}\n\n{label}\n\n"
             f"{opening}\n\nThe last paragraph of the story says what happens next, and it must stay on the page.\n")
    article, _ = process_seed("story.md", story.encode(), rules)
    assert article is not None and opening in article.body_html and "The last paragraph" in article.body_html


def test_a_sentence_wrapped_around_a_long_link_stays_one_paragraph(rules: Rules) -> None:
    page = PAGE.replace("Every unpatched server", "The report was published by\n[the International Monetary Fund "
                        "research department last week](https://www.imf.org/en/topics/ai/report),\nand it says so.\n\n"
                        "Every unpatched server")
    article, _ = process_seed("patch.md", page.encode(), rules)
    assert article is not None
    paragraph = next(p for p in BeautifulSoup(article.body_html, "html.parser").find_all("p") if "published by" in p.text)
    assert "International Monetary Fund" in paragraph.text and "and it says so." in paragraph.text


def test_a_list_of_dates_near_the_top_is_the_story_s(rules: Rules) -> None:
    page = PAGE.replace("* Post author:", "* March 3, 2021\n* June 9, 2022\n\nKey dates above.\n\n* Post author:")
    article, _ = process_seed("patch.md", page.encode(), rules)
    assert article is not None and "June 9, 2022" in article.body_html


CONTENTS_PAGE = f"""---
title: Patching at scale
url: https://blog.example.org/2023/02/patching-at-scale/
---
# Patching at scale

1. [1. The window](#the-window)
2. [2. The schedule](#the-schedule)
3. [3. The rollback](#the-rollback)
4. [4. What we learned](#what-we-learned)
5. 5. Related posts

## The window

{PROSE}

## The schedule

{PROSE.replace("Patching", "Scheduling")}

## The rollback

Every rollback we rehearse is one we never have to improvise at three in the morning, so we rehearse them.

* The window
* Budgets
* The schedule
"""


def test_a_table_of_contents_cut_short_goes_and_a_list_of_the_story_stays(rules: Rules) -> None:
    """A theme's contents list whose page the scraper cut off before its last headings ("4. What we
    learned"), or that ends with an entry the page shows as no heading, is still its contents (the
    archive's page shows its own); a list that does not open with the page's headings is the story's."""
    article, _ = process_seed("contents.md", CONTENTS_PAGE.encode(), rules)
    assert article is not None
    body = BeautifulSoup(article.body_html, "lxml")
    items = [item.get_text(strip=True) for item in body.find_all("li")]
    assert items == ["The window", "Budgets", "The schedule"]
    assert "What we learned" not in article.body_html and "Related posts" not in article.body_html


def test_a_comment_form_in_another_language_ends_the_post(rules: Rules) -> None:
    """WordPress' comment form heading, translated ("Lascia un commento", with its "Cancella risposta"
    link), ends the post as "Leave a comment" does: the form and the author's box after it go."""
    page = f"""---
title: Il quindicenne che ha violato
url: https://blog.example.it/2025/01/21/il-15enne/
---
# Il quindicenne che ha violato

{PROSE}

{PROSE.replace("Patching", "Updating")}

### Lascia un commento [Cancella risposta](/2025/01/21/il-15enne/#respond)

Digita la tua e-mail…

### sono Rocco
"""
    article, _ = process_seed("it.md", page.encode(), rules)
    assert article is not None and PROSE in article.body_html
    for furniture in ("Lascia un commento", "Digita la tua", "sono Rocco"):
        assert furniture not in article.body_html, furniture


def test_a_headline_that_opens_with_the_comment_form_s_words_is_the_article_s(rules: Rules) -> None:
    """"Deja un comentario…" is also Spanish prose ("leaves a comment"): only the form's heading, or
    it with its "cancel reply" link, ends a post."""
    page = f"""---
title: Un caso
url: https://blog.example.es/2025/01/21/caso/
---
# Un caso

{PROSE}

## Deja un comentario racista y lo despiden

{PROSE.replace("Patching", "Updating")}
"""
    article, _ = process_seed("es.md", page.encode(), rules)
    assert article is not None and "Updating is the quiet work" in article.body_html


@pytest.mark.parametrize(("count", "closed"), [
    ("### 7 Responses to “Name that Ware, December 2024”", "Both comments and pings are currently closed."),
    ("### 目前为止有一条评论", "Post Views: 2,223"),
])
def test_a_themes_comment_count_ends_the_post_and_its_notices_go(rules: Rules, count: str, closed: str) -> None:
    """WordPress themes head the comments with their count and the post's title ("7 Responses to
    “…”", a Chinese theme's "目前为止有一条评论"); a page-view counter and a "comments are closed"
    notice stand between the post and them."""
    page = f"""---
title: Name that Ware
url: https://blog.example.org/2024/name-that-ware/
---
# Name that Ware

{PROSE}

{PROSE.replace("Patching", "Updating")}

{closed}

{count}

###### Anonymous, 7:07 pm, February 10, 2023

Great post, but the plugin stopped working for videos again, could you have a look at it?
"""
    article, _ = process_seed("wp.md", page.encode(), rules)
    assert article is not None and PROSE in article.body_html
    for furniture in (closed, count.removeprefix("### "), "Anonymous", "plugin stopped"):
        assert furniture not in article.body_html, furniture
