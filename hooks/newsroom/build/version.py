"""Digests of the code behind each cache: a change to the code invalidates exactly what it can change.

`SEED_CODE` covers what turns one seed's bytes into its Article: every module outside `site/` and
`build/` (the seed stage, the rules' loading, and the values and helpers they share) and the pinned
libraries (requirements.txt: a new parser or sanitizer can read the same bytes differently; asking
each library for its version took 25 ms a build). `SITE_CODE` covers what renders an article's own
page parts from it: the `site/` package with its templates and interface words. Editing a template
re-renders pages but reprocesses no seed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
_STAGES_AFTER_SEED = ("site", "build")


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else path.name
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _seed_code() -> str:
    paths = [path for path in PACKAGE.rglob("*.py")
             if path.relative_to(PACKAGE).parts[0] not in _STAGES_AFTER_SEED]
    requirements = PACKAGE.parents[1] / "requirements.txt"
    if requirements.is_file():  # absent in a copy of the hooks without the project around them
        paths.append(requirements)
    return _digest(paths)


def _site_code() -> str:
    return _digest([path for path in (PACKAGE / "site").rglob("*") if path.is_file() and path.suffix != ".pyc"])


SEED_CODE = _seed_code()
SITE_CODE = _site_code()
