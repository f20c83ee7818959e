"""Student copies: generated with nbgrader's preprocessors, no solution left, still runnable."""

from __future__ import annotations

import re

import pytest

import course
import student
from test_structure import grading, names

NOTEBOOKS = course.notebooks_on_disk()
REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
# Executed in full as students get them (a sample: the full run of every notebook is `make
# student-check`); the static tests below cover every notebook.
SAMPLE = ["notebooks/01_framing/01_business_problem_to_ml_use_case.ipynb"]


@pytest.fixture(params=NOTEBOOKS, ids=[p.rsplit("/", 1)[-1] for p in NOTEBOOKS])
def pair(request):
    import nbformat

    original = nbformat.read(course.ROOT / request.param, as_version=4)
    return original, student.student_copy(request.param)


def test_no_solution_text_survives(pair):
    original, copy = pair
    assert "BEGIN SOLUTION" not in str(copy) and "END SOLUTION" not in str(copy)
    for before, after in zip(original.cells, copy.cells, strict=True):
        if not grading(before).get("solution"):
            assert before.source == after.source
            continue
        assert "raise NotImplementedError()" in after.source
        for body in REGION.findall(before.source):
            for line in body.splitlines():
                if len(line.strip()) > 3:
                    assert line not in after.source.splitlines(), f"solution line kept: {line}"


def test_outputs_cleared(pair):
    _, copy = pair
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")


def test_every_check_depends_on_its_exercise(pair):
    """A check that used no name of its solution could pass on the stub."""
    original, _ = pair
    cells = original.cells
    for i, cell in enumerate(cells):
        if grading(cell).get("solution"):
            check = cells[i + 1]
            assert names(check.source).loaded & names(cell.source).stored, (
                f"check {grading(check)['grade_id']} uses nothing its exercise defines")


@pytest.mark.parametrize("path", SAMPLE)
def test_student_copy_runs_with_errors_only_in_exercises(path):
    failures = student.execute(path)  # also lists every check that passes on its stub
    kinds = {kind for _, kind, _ in failures}
    assert kinds <= {"solution", "check"}, (
        f"only exercise cells may fail, and every autograded check must fail on its stub: {failures}")
    assert "check" in kinds
