"""The exam-practice question bank and its notebooks."""

from __future__ import annotations

import nbformat

import course
from pmle import practice

BANK = practice.bank()
CUR = course.curriculum()
MIN_PER_SECTION = 10


def test_every_question_is_well_formed():
    ids = [q["id"] for q in BANK]
    assert len(ids) == len(set(ids)), "duplicate question ids"
    for q in BANK:
        assert set(q) == {"id", "objective", "notebook", "question", "options", "answer",
                          "explanation"}, q["id"]
        assert len(q["options"]) == 4 and len(set(q["options"])) == 4, q["id"]
        assert isinstance(q["answer"], int) and 0 <= q["answer"] < 4, q["id"]
        assert len(q["explanation"]) > 40 and len(q["question"]) > 40, q["id"]


def test_no_duplicate_questions():
    texts = [" ".join(q["question"].lower().split()) for q in BANK]
    assert len(texts) == len(set(texts))


def test_objectives_and_notebooks_exist_and_match():
    mapped = {nb["path"]: nb for nb in course.mapped_notebooks(CUR)}
    for q in BANK:
        assert q["objective"] in CUR["objectives"], q["id"]
        assert q["notebook"] in mapped, f"{q['id']}: {q['notebook']} is not in curriculum.yml"
        assert q["objective"] in mapped[q["notebook"]]["objectives"], (
            f"{q['id']}: {q['notebook']} does not teach {q['objective']}")


def test_complete_sections_have_enough_questions():
    for section in CUR["sections"]:
        if section.get("complete"):
            n = len(practice.questions(str(section["id"])))
            assert n >= MIN_PER_SECTION, f"section {section['id']}: {n} questions"


def test_practice_notebooks_are_generated_and_current():
    for section in CUR["sections"]:
        path = course.ROOT / "practice" / f"{section['folder'].rsplit('/', 1)[1]}.ipynb"
        if practice.questions(str(section["id"])):
            stored = nbformat.read(path, as_version=4)
            assert stored == course.practice_notebook(section), "run tools/course.py practice"


def test_plain_text_sheet_has_every_answer(capsys):
    assert practice.quiz("1", widgets=False) is None
    out = capsys.readouterr().out
    assert out.count("\nQ") >= len(practice.questions("1")) and "Answers" in out


def test_the_answer_cannot_be_guessed_from_the_options():
    """Test-wise guessing must not pay: per section, the correct option is the longest one in
    at most a third of the questions, and no answer position holds more than 40% of them."""
    for section in CUR["sections"]:
        questions = practice.questions(str(section["id"]))
        if not questions:
            continue
        n = len(questions)
        longest = sum(max(range(4), key=lambda i, q=q: len(q["options"][i])) == q["answer"]
                      for q in questions)
        assert longest <= n / 3, (f"section {section['id']}: the correct option is the longest "
                                  f"in {longest} of {n} questions")
        positions = [sum(q["answer"] == p for q in questions) for p in range(4)]
        assert max(positions) <= 0.4 * n, f"section {section['id']}: answer positions {positions}"
