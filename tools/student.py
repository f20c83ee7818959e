"""Student copies of every notebook, made with nbgrader's own preprocessors.

    python tools/student.py                 # write student/<path> for every notebook
    python tools/student.py --execute PATH  # also run the student copy of PATH and check it

Solutions between `### BEGIN SOLUTION` / `### END SOLUTION` become nbgrader's stub
(`raise NotImplementedError()`), outputs are cleared, and the copy lands in `student/` (which
git ignores), mirroring the repository layout so that datasets and assets are found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearOutput, ClearSolutions

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

OUT = course.ROOT / "student"


def student_copy(path: str) -> nbformat.NotebookNode:
    nb = nbformat.read(course.ROOT / path, as_version=4)
    resources: dict = {}
    for pre in (ClearSolutions(enforce_metadata=True), ClearOutput()):
        nb, resources = pre.preprocess(nb, resources)
    return nb


def write_all() -> list[Path]:
    written = []
    for path in course.notebooks_on_disk():
        target = OUT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_copy(path), target)
        written.append(target)
    return written


def execute(path: str) -> list[tuple[int, str, str]]:
    """Run the student copy; return (code cell index, kind, error name) of every failing cell,
    plus (index, "check passes on the stub", grade_id) for an autograded check that did not fail."""
    from nbclient import NotebookClient

    nb = student_copy(path)
    target = OUT / path
    target.parent.mkdir(parents=True, exist_ok=True)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(target.parent)}}).execute()
    nbformat.write(nb, target)
    failures = []
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for out in cell.outputs:
            if out.get("output_type") == "error":
                g = course.grading(cell)
                kind = "solution" if g.get("solution") else "check" if g.get("grade") else "lesson"
                failures.append((i, kind, out["ename"]))
        g = course.grading(cell)
        if g.get("grade") and not g.get("solution") and not any(
                out.get("output_type") == "error" for out in cell.outputs):
            failures.append((i, "check passes on the stub", g.get("grade_id", "?")))
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", metavar="PATH", nargs="*", default=None)
    args = parser.parse_args()
    written = write_all()
    print(f"wrote {len(written)} student notebooks under {OUT.relative_to(course.ROOT)}/")
    bad = 0
    for path in args.execute or []:
        failures = execute(path)
        lesson = [f for f in failures if f[1] in ("lesson", "check passes on the stub")]
        bad += bool(lesson)
        print(f"{path}: {len(failures)} failing cells, {len(lesson)} outside exercises {lesson}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
