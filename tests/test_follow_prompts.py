"""A WeChat account's follow prompt goes wherever it stands in its line (issue 14): "更多技术干货，欢迎
关注“X实验室”公众号", "关注「X」，后台回复关键词【报告】即可获取…" (sources.yml: WeChat's drop_blocks)."""
from __future__ import annotations

from newsroom.config.rules import Rules
from newsroom.seed.process import process_seed

PAGE = """---
title: 一次API漏洞的分析
url: https://mp.weixin.qq.com/s?__biz=MzkyMTI0NjA3OA==&mid=1&idx=1&sn=abc
source: 某某实验室
---
近日，研究人员在一款常用的接口网关中发现了一个严重漏洞，攻击者可以绕过认证直接调用内部接口。

漏洞的成因在于网关对请求路径的规范化处理不一致，导致访问控制规则被绕过，影响多个版本。

**更多技术干货，欢迎关注“某某实验室”公众号**

**关注「安全喵喵站」，后台回复**关键词**【报告】，即可获取网安行业研究报告精彩内容合集**

我们建议用户尽快升级到最新版本，并检查网关日志中是否存在异常的请求路径。
"""


def test_a_follow_prompt_goes_and_the_article_stays(rules: Rules) -> None:
    article, _ = process_seed("wechat.md", PAGE.encode(), rules)
    assert article is not None
    body = article.body_html
    assert "欢迎关注" not in body and "后台回复" not in body
    assert "网关对请求路径" in body and "尽快升级到最新版本" in body
