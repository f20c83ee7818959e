"""Render the course site: the executed notebooks and the course map as static HTML.

    python tools/build_site.py        # after `make test` (reuses build/executed/, runs nothing)

Writes site/index.html (the course map from curriculum.yml) and one page per notebook from
the execution that `make test` recorded, with its plots embedded. `browser_tests/test_site.py` opens
every page in headless Chromium and fails on broken links, missing images or error outputs.
"""

from __future__ import annotations

import html
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

SITE = course.ROOT / "site"
EXECUTED = course.EXECUTED


def page_name(path: str) -> str:
    return course.notebook_id(path).replace("/", "__") + ".html"


def index_html(cur: dict, pages: dict[str, str]) -> str:
    rows = []
    for s in cur["sections"]:
        rows.append(f"<h2>{s['id']} {html.escape(s['title'])}</h2><ul>")
        for nb in s.get("notebooks") or []:
            title = html.escape(nb["title"])
            link = (f'<a href="{pages[nb["path"]]}">{title}</a>' if nb["path"] in pages
                    else f"{title} <em>(not executed)</em>")
            rows.append(f"<li>{link} <small>{', '.join(nb['objectives'])}</small></li>")
        if not s.get("notebooks"):
            rows.append("<li><em>not yet written</em></li>")
        rows.append("</ul>")
    taught = {i for nb in course.mapped_notebooks(cur) for i in nb["objectives"]}
    return ("<!doctype html><html><head><meta charset='utf-8'><title>PMLE hands-on course</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}</style></head>"
            "<body><h1>Google Cloud Professional ML Engineer: the hands-on course</h1>"
            f"<p>{len(taught)} of {len(cur['objectives'])} exam objectives taught. Each page is "
            "the notebook as executed by the course's test run.</p>"
            + "\n".join(rows) + "</body></html>")


def build() -> list[Path]:
    if SITE.exists():
        shutil.rmtree(SITE)
    SITE.mkdir()
    exporter = HTMLExporter(template_name="lab")
    pages: dict[str, str] = {}
    for path in course.notebooks_on_disk():
        executed = EXECUTED / path
        if not executed.is_file():
            print(f"not executed (run make test first): {path}")
            continue
        body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        back = '<p><a href="index.html">&larr; course map</a></p>'
        (SITE / page_name(path)).write_text(body.replace("</body>", back + "</body>"), "utf-8")
        pages[path] = page_name(path)
    (SITE / "index.html").write_text(index_html(course.curriculum(), pages), "utf-8")
    print(f"wrote site/index.html and {len(pages)} notebook pages")
    return [SITE / p for p in ["index.html", *pages.values()]]


if __name__ == "__main__":
    build()
