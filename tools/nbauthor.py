"""Author a notebook from a list of (kind, source) tuples, in the course's standard form.

kinds: "md", "code" (the source "SETUP" becomes the standard setup cell),
"solution:<grade_id>" (nbgrader solution cell), "check:<grade_id>" (autograded check cell).

    from nbauthor import build
    build("notebooks/01_framing/02_x.ipynb", [("md", "# Title ..."), ("code", "SETUP"), ...])
"""
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402


def build(path, cells):
    out = []
    for kind, src in cells:
        src = src.strip("\n")
        if kind == "md":
            out.append(nbformat.v4.new_markdown_cell(src))
        elif kind == "code":
            out.append(nbformat.v4.new_code_cell(course.setup_source(path) if src == "SETUP" else src))
        elif kind.startswith("solution:"):
            gid = kind.split(":", 1)[1]
            c = nbformat.v4.new_code_cell(src)
            c.metadata["nbgrader"] = {"grade": False, "grade_id": gid, "locked": False, "schema_version": 3, "solution": True, "task": False}
            out.append(c)
        elif kind.startswith("check:"):
            gid = kind.split(":", 1)[1]
            c = nbformat.v4.new_code_cell(src)
            c.metadata["nbgrader"] = {"grade": True, "grade_id": gid, "locked": True, "points": 1, "schema_version": 3, "solution": False, "task": False}
            out.append(c)
    nb = nbformat.v4.new_notebook(cells=out)
    nb.metadata = course.standard_metadata()
    for c in nb.cells:
        c.pop("id", None)
    nb.nbformat_minor = 4
    (course.ROOT / path).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    course.sync_notebook(path)
