"""JSON for the downloads (articles.json, investments.json, build-report.json)."""
from __future__ import annotations

import json
from typing import Any

# one encoder (json.dumps makes one per call), with no space after a comma or colon (issue 17: 2 MB of
# spaces in the downloads of 60,000 articles)
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_line(value: Any) -> str:
    """One record of a download, as json_text writes each item of a list."""
    return _JSON.encode(value)


def json_lines(lines: list[str]) -> str:
    """A list of records already written by json_line, as json_text writes a list."""
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def json_text(value: Any) -> str:
    """JSON for the downloads: keys sorted, one record per line in lists.

    Readable and diffable like `indent=`, but written by json's C encoder (`indent=` falls back
    to the pure-Python one, which took a second for the files of 10,000 articles).
    """
    compact = _JSON.encode

    if isinstance(value, list):
        return json_lines([compact(item) for item in value])
    if isinstance(value, dict):
        fields = [f"{compact(str(key))}:{json_text(value[key]).rstrip() if isinstance(value[key], list) else compact(value[key])}"
                  for key in sorted(value)]
        return "{\n" + ",\n".join(fields) + "\n}\n" if fields else "{}\n"
    return compact(value) + "\n"
