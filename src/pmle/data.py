"""Load the course's bundled datasets by name, verified against `datasets/manifest.yml`.

Every load checks the file's SHA-256 against the manifest before parsing it and the
parsed shape after, so a notebook gets either the exact data the lesson was written
for or a `DatasetError` that says what is wrong and how to fix it; never partial data.
"""

from __future__ import annotations

import hashlib
import os
import urllib.request
from pathlib import Path

import pandas as pd
import yaml

from . import config, runtime

MANIFEST = "manifest.yml"
FIX = "Restore it with `git checkout -- {path}` or rebuild all files with `make datasets`."


class DatasetError(RuntimeError):
    """A dataset is unknown, missing, corrupted or does not match its manifest entry."""


def _find_root() -> Path | None:
    env = os.environ.get("PMLE_DATA_DIR")
    if env:
        return Path(env)
    starts = [Path.cwd(), Path(__file__).resolve().parent]
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / "datasets" / MANIFEST).is_file():
                return folder / "datasets"
    return None


def data_dir() -> Path:
    """The `datasets/` folder: $PMLE_DATA_DIR, the repository's, or (Colab) a download cache."""
    root = _find_root()
    if root is not None:
        return root
    if runtime.in_colab():
        cache = Path.home() / ".cache" / "pmle" / "datasets"
        cache.mkdir(parents=True, exist_ok=True)
        if not (cache / MANIFEST).is_file():
            _download("datasets/" + MANIFEST, cache / MANIFEST)
        return cache
    raise DatasetError(
        "Cannot find the course's datasets/ folder (looked for datasets/manifest.yml above "
        f"{Path.cwd()}). Run the notebook from inside the repository clone, or set "
        "PMLE_DATA_DIR to the folder that holds manifest.yml."
    )


def manifest(root: Path | None = None) -> dict[str, dict]:
    """The manifest's entries by dataset name."""
    root = root or data_dir()
    path = root / MANIFEST
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))["datasets"]
    except FileNotFoundError as err:
        raise DatasetError(f"{path} is missing. {FIX.format(path='datasets/' + MANIFEST)}") from err
    except (yaml.YAMLError, KeyError, TypeError) as err:
        raise DatasetError(
            f"{path} is not a valid manifest ({err}). {FIX.format(path='datasets/' + MANIFEST)}"
        ) from err
    return {e["name"]: e for e in entries}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(rel: str, dest: Path) -> None:
    url = config.raw_url(rel)
    tmp = dest.with_suffix(dest.suffix + ".part")
    try:
        urllib.request.urlretrieve(url, tmp)  # noqa: S310 - fixed https URL of the course repo
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise DatasetError(f"Could not download {url}: {err}. Check the network and retry.") from err
    tmp.replace(dest)


def _entry(name: str, root: Path) -> dict:
    entries = manifest(root)
    if name not in entries:
        raise DatasetError(
            f"Unknown dataset {name!r}. Available: {', '.join(sorted(entries))}."
        )
    return entries[name]


def _verified(name: str) -> tuple[Path, dict]:
    """The dataset's file, checked against its manifest entry, and that entry."""
    root = data_dir()
    entry = _entry(name, root)
    file = root / entry["file"]
    shown = f"datasets/{entry['file']}"
    if not file.is_file():
        if runtime.in_colab() and _find_root() is None:
            _download(shown, file)
        else:
            raise DatasetError(f"Dataset file {shown} is missing. {FIX.format(path=shown)}")
    actual = sha256(file)
    if actual != entry["sha256"]:
        raise DatasetError(
            f"Dataset file {shown} is corrupted or was changed: its SHA-256 is {actual[:12]}..., "
            f"the manifest expects {entry['sha256'][:12]}.... {FIX.format(path=shown)}"
        )
    return file, entry


def path(name: str) -> Path:
    """Path of a dataset's file after verifying its SHA-256 (downloads it first in Colab)."""
    return _verified(name)[0]


def load(name: str, **read_csv_kwargs) -> pd.DataFrame:
    """Load a bundled dataset as a DataFrame, verified by checksum and shape.

    >>> df = load("german_credit")  # doctest: +SKIP
    """
    file, entry = _verified(name)
    try:
        frame = pd.read_csv(file, **{**entry.get("read", {}), **read_csv_kwargs})
    except (ValueError, UnicodeDecodeError, EOFError, OSError) as err:
        raise DatasetError(f"datasets/{entry['file']} could not be parsed: {err}") from err
    expected = (entry["rows"], entry["columns"])
    if not read_csv_kwargs and frame.shape != expected:
        raise DatasetError(
            f"datasets/{entry['file']} parsed to shape {frame.shape}, the manifest expects "
            f"{expected}. {FIX.format(path='datasets/' + entry['file'])}"
        )
    return frame


def names() -> list[str]:
    """Names of all bundled datasets."""
    return sorted(manifest())
