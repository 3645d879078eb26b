"""The search index: Pagefind, run over the built site after MkDocs has written it.

Pagefind (the `pagefind[extended]` wheel, which segments Chinese) splits its index into
small fragments that a query loads on demand, so a reader's first search downloads a few
hundred kilobytes however large the archive grows; Material's own lunr index would be
one file every reader downloads whole. Only article bodies (`data-pagefind-body`) are
indexed, all as one language, so a query finds Chinese and English articles alike.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"  # the folder under the site root


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index."""


def index_site(site_dir: Path, language: str = "zh") -> str:
    """Index the built site in place; return Pagefind's summary line. Raises SearchIndexError."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--force-language", language, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if done.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").exists():
        raise SearchIndexError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}")
    return (done.stdout or "").strip()
