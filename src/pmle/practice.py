"""Exam practice: scenario questions kept as data (questions.yml), asked in a notebook.

`quiz("1")` shows a section's questions with ipywidgets where a Jupyter front end can render
them (JupyterLab, Colab); `quiz("1", widgets=False)` prints them as a plain-text sheet with
answers and explanations at the end (also what an executed notebook stores).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LETTERS = "ABCD"


@cache
def bank() -> list[dict]:
    text = resources.files(__package__).joinpath("questions.yml").read_text("utf-8")
    return yaml.safe_load(text)["questions"]


def questions(section: str) -> list[dict]:
    return [q for q in bank() if q["objective"].split(".")[0] == str(section)]


def as_text(section: str) -> str:
    qs = questions(section)
    lines = []
    for n, q in enumerate(qs, 1):
        lines.append(f"Q{n} ({q['objective']}) {q['question']}")
        lines += [f"   {LETTERS[i]}. {opt}" for i, opt in enumerate(q["options"])]
        lines.append("")
    lines.append("Answers")
    for n, q in enumerate(qs, 1):
        lines.append(f"Q{n}: {LETTERS[q['answer']]}. {q['explanation']} "
                     f"(practice: {q['notebook']})")
    return "\n".join(lines)


def quiz(section: str, widgets: bool | None = None):
    """Ask a section's questions; returns the widget (or None in plain-text mode)."""
    qs = questions(section)
    if not qs:
        raise ValueError(f"no questions for section {section!r}")
    if widgets is None:
        try:
            import ipywidgets  # noqa: F401
            from IPython import get_ipython

            widgets = get_ipython() is not None and "IPKernelApp" in get_ipython().config
        except ImportError:
            widgets = False
    if not widgets:
        print(as_text(section))
        return None
    return _widget(qs)


def _widget(qs: list[dict]):
    import ipywidgets as w

    score = w.HTML()
    answered: dict[int, bool] = {}

    def card(n: int, q: dict):
        choice = w.RadioButtons(options=[(f"{LETTERS[i]}. {o}", i) for i, o in
                                         enumerate(q["options"])], value=None,
                                layout=w.Layout(width="auto"))
        feedback = w.HTML()

        def on_change(change):
            right = change["new"] == q["answer"]
            answered[n] = right
            verdict = "Correct." if right else f"Not quite: {LETTERS[q['answer']]}."
            feedback.value = (f"<b>{verdict}</b> {q['explanation']} "
                              f"<i>Practice it in {q['notebook']}.</i>")
            score.value = f"<b>Score: {sum(answered.values())} / {len(qs)}</b>"

        choice.observe(on_change, names="value")
        head = w.HTML(f"<b>Q{n} ({q['objective']})</b> {q['question']}")
        return w.VBox([head, choice, feedback])

    return w.VBox([card(n, q) for n, q in enumerate(qs, 1)] + [score])
