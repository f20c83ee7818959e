"""The notebook standard of CONTRIBUTING.md, enforced for every notebook on disk."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

import course

NOTEBOOKS = course.notebooks_on_disk()
MAX_CELL_LINES = 30
MIN_EXERCISES = 2


def load(path):
    return nbformat.read(course.ROOT / path, as_version=4)


grading = course.grading


def is_exercise(cell) -> bool:
    g = grading(cell)
    return bool(g.get("solution") or g.get("grade"))


def headings(nb) -> list[str]:
    return [ln.strip() for c in nb.cells if c.cell_type == "markdown"
            for ln in c.source.splitlines() if ln.startswith("## ")]


def code_without_magics(source: str) -> str:
    return "\n".join(
        ln[: len(ln) - len(ln.lstrip())] + "pass" if ln.lstrip().startswith(("%", "!")) else ln
        for ln in source.splitlines())


@pytest.fixture(params=NOTEBOOKS, ids=[p.rsplit("/", 1)[-1] for p in NOTEBOOKS])
def nb_path(request):
    return request.param


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found under notebooks/*/"


def test_title_cell(nb_path):
    head = load(nb_path).cells[0]
    assert head.cell_type == "markdown" and head.source.startswith("# "), "first cell: '# Title'"
    assert "**What you will build:**" in head.source
    assert course.badge(nb_path) in head.source, "Colab badge out of date: tools/course.py sync"
    mapped = {nb["path"]: nb for nb in course.mapped_notebooks()}
    assert nb_path in mapped, f"{nb_path} is missing from curriculum.yml"
    match = re.search(r"\*\*Exam objectives:\*\*(.*)", head.source)
    assert match, "title cell must list '**Exam objectives:** ...'"
    listed = re.findall(r"\b\d\.\d\.[a-z]\b", match.group(1))
    assert listed == mapped[nb_path]["objectives"], "objective IDs differ from curriculum.yml"


def test_setup_cell(nb_path):
    cell = load(nb_path).cells[1]
    assert cell.cell_type == "code" and cell.source == course.setup_source(nb_path), (
        "second cell must be the standard setup cell: run `python tools/course.py sync`")


def test_stored_without_outputs(nb_path):
    for cell in load(nb_path).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "strip outputs (nbstripout)"


def test_closing_sections_in_order(nb_path):
    h = headings(load(nb_path))
    wanted = ["## Exam takeaways", "## Exercises", "## Clean-up"]
    found = [next((i for i, x in enumerate(h) if x.startswith(w)), None) for w in wanted]
    assert None not in found, f"missing sections: {[w for w, f in zip(wanted, found, strict=False) if f is None]}"
    assert found == sorted(found) and found[-1] == len(h) - 1, "takeaways, exercises, clean-up last"


def test_lesson_asserts_and_records(nb_path):
    nb = load(nb_path)
    cut = next(i for i, c in enumerate(nb.cells) if "## Exam takeaways" in c.source)
    lesson = [c.source for c in nb.cells[:cut] if c.cell_type == "code" and not is_exercise(c)]
    asserts = sum(isinstance(n, ast.Assert) for s in lesson
                  for n in ast.walk(ast.parse(code_without_magics(s))))
    assert asserts >= 1, "the lesson must assert its claim on its own result"
    assert any("pmle.record(" in s for s in lesson), "record the key asserted metric(s)"


def test_exercises_in_nbgrader_form(nb_path):
    cells = load(nb_path).cells
    solutions = [i for i, c in enumerate(cells) if grading(c).get("solution")]
    assert len(solutions) >= MIN_EXERCISES, f"at least {MIN_EXERCISES} exercises"
    ids = [grading(c)["grade_id"] for c in cells if is_exercise(c)]
    assert len(ids) == len(set(ids)), "grade_id values must be unique"
    for i in solutions:
        src = cells[i].source
        assert "### BEGIN SOLUTION" in src and "### END SOLUTION" in src
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        assert nxt is not None and grading(nxt).get("grade"), "each solution needs a check cell"
        g = grading(nxt)
        assert g.get("locked") and g.get("points", 0) > 0 and "assert" in nxt.source


class _Names(ast.NodeVisitor):
    def __init__(self):
        self.stored, self.loaded = set(), set()

    def visit_Name(self, node):
        (self.stored if isinstance(node.ctx, ast.Store) else self.loaded).add(node.id)

    def visit_FunctionDef(self, node):
        self.stored.add(node.name)
        self.generic_visit(node)

    visit_ClassDef = visit_FunctionDef


def names(source: str) -> _Names:
    visitor = _Names()
    visitor.visit(ast.parse(code_without_magics(source)))
    return visitor


def test_no_exercise_needed_later(nb_path):
    exercise_only: set[str] = set()
    for cell in load(nb_path).cells:
        if cell.cell_type != "code":
            continue
        n = names(cell.source)
        if is_exercise(cell):
            exercise_only |= n.stored
            continue
        used = (n.loaded - n.stored) & exercise_only
        assert not used, f"later cell uses names defined only by an exercise: {sorted(used)}"
        exercise_only -= n.stored


def test_short_cells(nb_path):
    for cell in load(nb_path).cells:
        if cell.cell_type == "code":
            lines = len(cell.source.splitlines())
            assert lines <= MAX_CELL_LINES, f"a {lines}-line cell: split it (max {MAX_CELL_LINES})"


def test_kernel_is_portable(nb_path):
    assert load(nb_path).metadata["kernelspec"]["name"] == "python3"
