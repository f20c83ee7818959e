"""Record every notebook execution that nbval makes, so later checks reuse it.

Each notebook is executed once per `make test` (by nbval, one kernel per notebook). This
plugin writes the executed copy, with outputs and per-cell timings, to
build/executed/<path>.ipynb, and points the kernels' `pmle.record` at build/run/metrics-*.jsonl.
`tools/check_run.py` then checks the run without executing anything again.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))
from course import EXECUTED, RUN  # noqa: E402

_cells: dict[str, dict[int, dict]] = {}
_started: dict[str, float] = {}


def pytest_configure(config):
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    runs_notebooks = any(Path(a.split("::")[0]).suffix == ".ipynb" or "notebooks" in a
                         for a in (config.args or []))
    if worker is None and runs_notebooks:
        shutil.rmtree(RUN, ignore_errors=True)
        shutil.rmtree(EXECUTED, ignore_errors=True)
    RUN.mkdir(parents=True, exist_ok=True)
    os.environ["PMLE_METRICS_FILE"] = str(RUN / f"metrics-{worker or 'main'}.jsonl")


def _notebook_cell(item):
    if type(item).__name__ != "IPyNbCell":
        return None
    return str(Path(item.parent.fspath).resolve().relative_to(ROOT)), item.cell_num


def pytest_runtest_setup(item):
    key = _notebook_cell(item)
    if key and key[0] not in _started:
        _started[key[0]] = time.perf_counter()


def pytest_runtest_makereport(item, call):
    key = _notebook_cell(item)
    if key and call.when == "call":
        outputs = [nbformat.from_dict(o) for o in (item.test_outputs or [])]
        failed = call.excinfo is not None
        if failed and not any(o.get("output_type") == "error" for o in outputs):
            outputs.append(nbformat.v4.new_output(
                "error", ename="CellFailure", evalue=str(call.excinfo.value)[:2000], traceback=[]))
        _cells.setdefault(key[0], {})[key[1]] = {
            "outputs": outputs, "seconds": round(call.duration, 3), "failed": failed}


def pytest_sessionfinish(session):
    for path, cells in _cells.items():
        nb = nbformat.read(ROOT / path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        for n, cell in enumerate(code):
            result = cells.get(n)
            cell.outputs = result["outputs"] if result else []
            cell.execution_count = n + 1 if result else None
            cell.metadata["execution_seconds"] = result["seconds"] if result else None
        nb.metadata["pmle_run"] = {
            "executed_cells": len(cells), "code_cells": len(code),
            "failed_cells": sorted(k for k, v in cells.items() if v["failed"]),
            "seconds": round(time.perf_counter() - _started.get(path, time.perf_counter()), 2),
        }
        target = EXECUTED / path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
