"""The build stops, naming what weighs most, when the site would be over the host's limit (issue 17):
GitHub Pages refuses a published site over 1 GB, and says so only after the upload."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import copy_project, run_build
from newsroom.build import site_size


def test_a_site_over_the_limit_stops_the_build_with_its_heaviest_parts(tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_limit_mb: 1000", "site_limit_mb: 0.5"),
                      encoding="utf-8")
    with pytest.raises(Abort):
        run_build(project, strict=False)
    assert re.search(r"the site is [\d.]+ MB \(\d+ files\), over the limit of 0\.5 MB .*Heaviest: assets [\d.]+ MB",
                     caplog.text)


def test_the_seeds_site_fits_and_is_measured_by_folder(built_seeds) -> None:
    size = site_size.measure(built_seeds.site)
    assert size.files > 50 and size.total == sum(part for _, part in size.parts)
    assert site_size.over_limit(size, site_size.DEFAULT_LIMIT_MB) is None
    assert dict(size.parts)["articles"] > 0


def test_the_limit_must_be_a_positive_number() -> None:
    assert site_size.limit_of({}) == site_size.DEFAULT_LIMIT_MB
    assert site_size.limit_of({"site_limit_mb": 250}) == 250
    for bad in (0, -1, "1 GB", True):
        with pytest.raises(ValueError, match="site_limit_mb"):
            site_size.limit_of({"site_limit_mb": bad})
