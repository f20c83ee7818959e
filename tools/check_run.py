"""Check the notebook run that `make test` just made, without executing anything again.

Reads build/executed/ (written by conftest.py from nbval's execution) and the metrics the
notebooks recorded (build/run/metrics-*.jsonl):
- every notebook on disk was executed in full, with no error output;
- every notebook recorded its key asserted metrics with pmle.record;
- writes build/run/metrics.json (notebook -> name -> value) for the reproducibility check:
  `--compare OTHER.json` fails when any recorded value differs from another run's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

RUN, EXECUTED = course.RUN, course.EXECUTED


def metrics() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for file in sorted(RUN.glob("metrics-*.jsonl")):
        for line in file.read_text().splitlines():
            row = json.loads(line)
            out.setdefault(row["notebook"], {})[row["name"]] = row["value"]
    return {k: dict(sorted(v.items())) for k, v in sorted(out.items())}


def problems(selected: list[str]) -> list[str]:
    found, recorded = [], metrics()
    for path in selected:
        executed = EXECUTED / path
        if not executed.is_file():
            found.append(f"{path}: not executed in this run")
            continue
        nb = nbformat.read(executed, as_version=4)
        run = nb.metadata.get("pmle_run", {})
        if run.get("executed_cells") != run.get("code_cells") or run.get("failed_cells"):
            found.append(f"{path}: cells failed or did not run: {run}")
        for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            if any(o.get("output_type") == "error" for o in cell.outputs):
                found.append(f"{path}: error output in code cell {i}")
        if course.notebook_id(path) not in recorded:
            found.append(f"{path}: recorded no metric (pmle.record)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="metrics.json of another run")
    args = parser.parse_args()
    found = problems(course.notebooks_on_disk())
    current = metrics()
    (RUN / "metrics.json").write_text(json.dumps(current, indent=1) + "\n")
    if args.compare:
        other = json.loads(args.compare.read_text())
        if other != current:
            diff = {nb: (other.get(nb), current.get(nb)) for nb in other.keys() | current.keys()
                    if other.get(nb) != current.get(nb)}
            found.append(f"recorded metrics differ between runs: {diff}")
    for line in found:
        print("FAIL", line)
    fuzz = course.REPORTS / "serving-fuzz.json"  # written by tests/test_serving.py
    if fuzz.is_file():
        report = json.loads(fuzz.read_text())
        print(f"serving fuzz: {sum(report['requests_by_kind'].values())} requests "
              f"{report['requests_by_kind']} -> responses by status {report['responses_by_status']}")
    n = len(course.notebooks_on_disk())
    print(f"check_run: {n} notebooks, {sum(map(len, current.values()))} recorded metrics, "
          f"{len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
