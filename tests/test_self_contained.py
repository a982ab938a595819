"""The repository carries everything its tests read: no tracked file points outside it.

A clone in an empty folder must pass; `.ci/run` proves that by running CI in such a clone,
and this test catches the cheap mistake before: a path to data beside the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Written in two pieces so this file does not match itself.
OUTSIDE = re.compile("|".join([r"\.\./" + "shared", "/" + r"work/", r"ALONGSIDE_" + "SHARED_DATA"]))
SKIPPED_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", "test-results"}


def tracked_files() -> list[Path]:
    if shutil.which("git") and (REPO / ".git").exists():
        out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
        return [REPO / name for name in out.decode().split("\0") if name]
    files = []
    for root, dirs, names in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        files.extend(Path(root) / name for name in names)
    return files


def test_no_tracked_file_points_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # fonts, compiled translations, images
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:100]}")
    assert offenders == []


def test_the_pattern_finds_a_path_beside_the_checkout():
    # The check above must be able to fail.
    assert OUTSIDE.search('DATA = REPO.parent / "x" / "../' + 'shared/data"')
    assert OUTSIDE.search("open('/" + "work/shared/data/x.json')")
    assert not OUTSIDE.search("src/alongside/meetings/tests/fixtures/example.json")
