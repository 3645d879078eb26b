"""The build report: what became of every file in seeds/, for the maintainer.

Every seed is published (perhaps with warnings), merged into another seed with the
same original URL, or skipped, each with its reasons; so seeds = published + merged +
skipped, always. Hidden and temporary files are listed as ignored, outside that count.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from markupsafe import escape

from ..model import Outcome
from .serialise import json_text

STATUS_LABELS = {"published": "已发布", "published with warnings": "已发布（有警告）", "merged": "已合并（重复）",
                 "skipped": "未发布"}


def status(outcome: Outcome) -> str:
    if outcome.status == "published" and any(p.level == "warning" for p in outcome.problems):
        return "published with warnings"
    return outcome.status


def report_data(outcomes: tuple[Outcome, ...], ignored: list[str]) -> dict[str, Any]:
    counts = Counter(outcome.status for outcome in outcomes)
    return {
        "seeds": len(outcomes),
        "published": counts["published"],
        "published_with_warnings": sum(1 for o in outcomes if status(o) == "published with warnings"),
        "merged": counts["merged"],
        "skipped": counts["skipped"],
        "ignored": sorted(ignored),
        "files": [{"seed": o.seed, "status": status(o), "url": o.url,
                   "reasons": [{"level": p.level, "message": p.message} for p in o.problems]}
                  for o in outcomes],
    }


def report_json(data: dict[str, Any]) -> str:
    return json_text(data)


def report_html(data: dict[str, Any], root: str) -> str:
    rows = []
    for item in data["files"]:
        where = (f'<a href="{escape(root + item["url"])}">{escape(item["url"])}</a>' if item["url"] else "—")
        reasons = "<br>".join(f'{"⚠️ " if r["level"] == "warning" else ""}{escape(r["message"])}' for r in item["reasons"])
        rows.append(f'<tr data-status="{item["status"]}"><td><code>{escape(item["seed"])}</code></td>'
                    f'<td>{STATUS_LABELS[item["status"]]}</td><td>{where}</td><td>{reasons}</td></tr>')
    ignored = ("<p>忽略的隐藏或临时文件：" + "、".join(f"<code>{escape(n)}</code>" for n in data["ignored"]) + "</p>"
               if data["ignored"] else "")
    return (
        "<h1>构建报告</h1>\n<p>seeds/ 中每个文件的结果（供维护者查看，不在导航中）。"
        f'机器可读版本：<a href="{root}build-report.json">build-report.json</a>。</p>\n'
        f'<p class="na-total">共 {data["seeds"]} 个文件：发布 {data["published"]}（其中有警告 '
        f'{data["published_with_warnings"]}），合并 {data["merged"]}，未发布 {data["skipped"]}。</p>\n'
        f"{ignored}\n"
        '<table class="na-report"><thead><tr><th>文件</th><th>结果</th><th>地址</th><th>原因</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")
