"""An instructor's `nbgrader generate_assignment` works on the course as it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

import course

NOTEBOOK = "01_business_problem_to_ml_use_case"


def test_generate_assignment_on_one_notebook(tmp_path):
    venv_bin = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from PATH
    env = {**os.environ, "PATH": venv_bin + os.pathsep + os.environ.get("PATH", "")}
    release = tmp_path / "release"
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "01_framing", "--force",
         f"--notebook={NOTEBOOK}", f"--CourseDirectory.release_directory={release}",
         f"--CourseDirectory.db_url=sqlite:///{tmp_path / 'gradebook.db'}"],
        cwd=course.ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    nb = nbformat.read(release / "01_framing" / f"{NOTEBOOK}.ipynb", as_version=4)
    text = nbformat.writes(nb)
    assert "BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded and all("checksum" in c.metadata["nbgrader"] for c in graded)
