"""Digest of every file a build writes: `python tests/outputs.py OUT.txt [SEED_FOLDER ...]`.

Copies the project with the given seed folders' files (the project's seeds and the shape and
hostile fixtures when none are given) into a temporary folder, builds it with `mkdocs build`
and writes one `sha256  path` line per output file. Two runs of different code on the same
seeds are compared with `diff`: a refactoring must leave every line as it was. Pagefind's
index is left out (it indexes in parallel, so its bytes vary). Not a test: pytest does not
collect it.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "seeds", ROOT / "tests" / "fixtures" / "shapes", ROOT / "tests" / "fixtures" / "hostile")


def make_project(dest: Path, folders: list[Path]) -> None:
    for item in ("mkdocs.yml", "docs", "hooks", "overrides", "requirements.txt"):
        source = ROOT / item
        (shutil.copytree(source, dest / item, ignore=shutil.ignore_patterns("__pycache__"))
         if source.is_dir() else shutil.copy2(source, dest / item))
    seeds = dest / "seeds"
    seeds.mkdir()
    for index, folder in enumerate(folders):
        shutil.copytree(folder, seeds / f"{index:02d}-{folder.name}", symlinks=True)


def digests(site: Path) -> list[str]:
    lines = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and not relative.split("/")[0].startswith("pagefind"):
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}")
    return lines


def main() -> None:
    out = Path(sys.argv[1])
    folders = [Path(arg).resolve() for arg in sys.argv[2:]] or list(DEFAULT_FOLDERS)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        make_project(project, folders)
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        build(config)
        out.write_text("\n".join(digests(project / "site")) + "\n", encoding="utf-8")
        keep = out.with_suffix(".site")
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(project / "site", keep, ignore=shutil.ignore_patterns("pagefind*"))


if __name__ == "__main__":
    main()
