"""pmle: the few helpers every notebook of the course needs.

- `setup(notebook)`: seeds, plot defaults, a one-line report of where the notebook runs;
- `load(name)` / `data_path(name)`: bundled datasets, verified against the manifest;
- `vertex()`: the one guard around Google Cloud calls (specs offline, calls when usable);
- `fact(id)`: a product fact with its source and check date;
- `asset(name)`: a data file kept beside the notebook (policies, tables, configs);
- `workdir()`: a scratch folder outside the repository for the files a notebook writes;
- `record(name, value)`: log a notebook's key asserted metric for the reproducibility check;
- `pmle.serving` (imported on its own): Vertex AI's CPR model server on 127.0.0.1 with input
  validation, and a Beam batch-prediction pipeline that quarantines bad rows.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

from . import config
from .cloud import Vertex, show_spec, spec, vertex
from .data import DatasetError, load, names
from .data import path as data_path
from .facts import fact
from .repro import DEFAULT_SEED, rng, set_seed
from .runtime import in_colab, vertex_status

__version__ = "0.1.0"
__all__ = [
    "DatasetError", "Vertex", "asset", "data_path", "fact", "in_colab", "load", "names", "record",
    "rng", "set_seed", "setup", "workdir", "show_spec", "spec", "vertex", "vertex_status",
]

_current = {"notebook": None}


def setup(notebook: str, seed: int = DEFAULT_SEED) -> None:
    """Run once at the top of every notebook: seed, plot defaults, report the runtime."""
    from .plotting import use_defaults

    _current["notebook"] = notebook
    set_seed(seed)
    use_defaults()
    status = vertex_status()
    where = "Colab" if in_colab() else "local"
    cloud = f"LIVE ({status.reason})" if status.usable else f"offline: {status.reason}"
    print(f"{notebook} | pmle {__version__} | Python {platform.python_version()} | {where} "
          f"| seed {seed}\nVertex AI: {cloud}")
    for name, (have, tested) in version_drift().items():
        print(f"Note: {name} {have} is installed; the course is tested with {tested}. "
              "Results may differ slightly from the asserted ones.")


def version_drift() -> dict[str, tuple[str, str]]:
    """Libraries whose installed version differs from the one the course is tested with."""
    from importlib import metadata

    drift = {}
    for name, tested in config.TESTED_WITH.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        if have != tested:
            drift[name] = (have, tested)
    return drift


def asset(name: str) -> Path:
    """A data file kept beside the current notebook, in
    notebooks/<section>/assets/<notebook>/<name> (in Colab: downloaded from the repository)."""
    from . import data

    notebook = _current["notebook"]
    if notebook is None:
        raise RuntimeError("call pmle.setup(...) first: assets are found by the notebook's id")
    section, stem = notebook.split("/", 1)
    rel = f"notebooks/{section}/assets/{stem}/{name}"
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / rel).is_file():
            return folder / rel
    if in_colab():
        target = Path.home() / ".cache" / "pmle" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file():
            data._download(rel, target)
        return target
    raise FileNotFoundError(f"{rel} not found: run the notebook from inside the repository clone")


def workdir(clean: bool = True) -> Path:
    """A scratch folder for the files this notebook writes, outside the repository:
    $TMPDIR/pmle/<notebook id>, emptied on each call unless `clean=False`."""
    import shutil
    import tempfile

    folder = Path(tempfile.gettempdir()) / "pmle" / (_current["notebook"] or "scratch")
    if clean and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def record(name: str, value: float) -> float:
    """Record a key metric that the notebook asserts (for the run-twice reproducibility check).

    Appends to the JSON-lines file named by $PMLE_METRICS_FILE, when set; returns `value`."""
    target = os.environ.get("PMLE_METRICS_FILE")
    if target:
        row = {"notebook": _current["notebook"], "name": name, "value": float(value)}
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
    return value
