"""Faults: a build killed at any moment, and generated council documents of every shape."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURE_CONTENT, ROOT, build

from councilprofiles.errors import ContentErrors
from councilprofiles.load.councils import load_content


def digest(folder: Path) -> str:
    whole = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            whole.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return whole.hexdigest()


def test_a_killed_build_leaves_the_old_site_or_the_new_one_and_the_next_build_recovers(
    content: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(content, site)
    old = digest(site)
    council = content / "councils/northby/council.yaml"
    council.write_text(council.read_text(encoding="utf-8").replace("name: Northby", "name: Northby New"), "utf-8")
    build(content, tmp_path / "expected")
    new = digest(tmp_path / "expected")
    shutil.rmtree(tmp_path / "expected")
    assert old != new

    chance = random.Random(20261124)
    seen = set()
    for _ in range(12):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--output", str(site)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.05, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = digest(site)
        assert state in (old, new), "site/ was left half-written"
        seen.add("old" if state == old else "new")
        if state == new:  # start again from the old site, to kill more builds mid-way
            shutil.rmtree(site)
            council.write_text(council.read_text(encoding="utf-8").replace("Northby New", "Northby"), "utf-8")
            build(content, site)
            council.write_text(
                council.read_text(encoding="utf-8").replace("name: Northby", "name: Northby New"), "utf-8"
            )
    build(content, site)  # the next build clears what killed builds left behind
    assert digest(site) == new
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".staging-", ".retired-"))]
    assert "old" in seen  # some kills landed before the swap


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SCALARS = st.one_of(TEXT, st.integers(-5, 3000), st.booleans(), st.none(), st.just("2019-02-30"), st.just("2019-08"))
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
KEYS = [
    "name",
    "region",
    "website",
    "sources",
    "inspections",
    "milestones",
    "quotes",
    "figures",
    "summary",
    "id",
    "type",
    "date",
    "judgements",
    "published",
    "title",
    "publisher",
    "text",
]
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS) | TEXT, VALUES, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=DOCUMENTS)
def test_any_council_document_loads_or_fails_with_positioned_content_errors(document: dict, tmp_path_factory) -> None:
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    folder = content / "councils" / "fuzzby"
    folder.mkdir()
    (folder / "council.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        load_content(content)
    except ContentErrors as failure:
        assert failure.errors
        for error in failure.errors:
            assert error.line >= 1 and error.column >= 1 and error.message
            assert os.path.basename(error.path) in ("council.yaml", "fuzzby", "profile.md")
