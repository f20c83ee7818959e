"""curriculum.yml is complete and consistent with the notebooks on disk and the README."""

from __future__ import annotations

import re

import pytest

import course

CUR = course.curriculum()
SHARED = course.ROOT.parent / "shared" / "exam-objectives.md"


def test_ninety_objectives_with_stable_ids():
    ids = list(CUR["objectives"])
    assert len(ids) == 90 and len(set(ids)) == 90
    assert all(re.fullmatch(r"[1-6]\.\d\.[a-z]", i) for i in ids)


def test_objectives_match_the_exam_guide_map():
    if not SHARED.is_file():  # the repository keeps its own copy; compare when the source is here
        return
    source = dict(re.findall(r"^\s+- (\d\.\d\.[a-z]) (.+)$", SHARED.read_text(), re.M))
    assert source == CUR["objectives"]


def test_every_notebook_on_disk_is_mapped():
    mapped = {nb["path"] for nb in course.mapped_notebooks(CUR)}
    missing = set(course.notebooks_on_disk()) - mapped
    assert not missing, f"notebooks missing from curriculum.yml: {sorted(missing)}"


def test_every_mapped_notebook_exists_in_its_section_folder():
    for section in CUR["sections"]:
        for nb in section.get("notebooks") or []:
            assert (course.ROOT / nb["path"]).is_file(), f"curriculum.yml names {nb['path']}"
            assert nb["path"].startswith(section["folder"] + "/")
            assert nb["title"] and nb["objectives"]


def test_only_known_objectives_of_the_section():
    for nb in course.mapped_notebooks(CUR):
        for i in nb["objectives"]:
            assert i in CUR["objectives"], f"{nb['path']}: unknown objective {i}"
            assert i.startswith(f"{nb['section']}."), f"{nb['path']}: {i} is another section's"


def test_coverage(capsys):
    taught = {i for nb in course.mapped_notebooks(CUR) for i in nb["objectives"]}
    untaught = [i for i in CUR["objectives"] if i not in taught]
    with capsys.disabled():
        print(f"\n{90 - len(untaught)}/90 objectives taught; not yet: {' '.join(untaught)}")
    for section in CUR["sections"]:
        if section.get("complete"):
            gaps = [i for i in untaught if i.startswith(f"{section['id']}.")]
            assert not gaps, f"section {section['id']} is marked complete but misses {gaps}"


def test_readme_course_table_is_current():
    readme = (course.ROOT / "README.md").read_text(encoding="utf-8")
    assert course.README_BEGIN in readme and course.README_END in readme
    assert course.render_readme(readme) == readme, "run `python tools/course.py readme`"


def test_new_notebook_is_listed_in_its_section_in_path_order(tmp_path, monkeypatch):
    import shutil

    shutil.copy(course.ROOT / "curriculum.yml", tmp_path / "curriculum.yml")
    before = (tmp_path / "curriculum.yml").read_text(encoding="utf-8")
    monkeypatch.setattr(course, "ROOT", tmp_path)
    course.add_to_curriculum("notebooks/03_data/00_first.ipynb", 'A "quoted" title', ["3.1.a"])
    section = next(s for s in course.curriculum()["sections"] if s["id"] == 3)
    paths = [nb["path"] for nb in section["notebooks"]]
    assert paths[0] == "notebooks/03_data/00_first.ipynb" and paths == sorted(paths)
    assert section["notebooks"][0]["title"] == 'A "quoted" title'
    after = (tmp_path / "curriculum.yml").read_text(encoding="utf-8")
    assert len(after.splitlines()) == len(before.splitlines()) + 3, "only the entry was added"
    with pytest.raises(SystemExit, match="already listed"):
        course.add_to_curriculum("notebooks/03_data/00_first.ipynb", "again", ["3.1.a"])
    with pytest.raises(SystemExit, match="unknown objective"):
        course.add_to_curriculum("notebooks/03_data/99_last.ipynb", "x", ["9.9.z"])
