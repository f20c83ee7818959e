"""The course site (make site) in headless Chromium: no broken link, image or error output."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

import pytest

import build_site
import course

SITE = build_site.SITE
ERROR = re.compile(r"Traceback \(most recent call last\)|^\w*(Error|Exception): ", re.M)


def pages():
    return sorted(SITE.glob("*.html")) if SITE.is_dir() else []


def test_every_notebook_has_a_page_linked_from_the_index():
    assert pages(), "site/ is empty: run `make site` after `make test`"
    index = (SITE / "index.html").read_text()
    for path in course.notebooks_on_disk():
        name = build_site.page_name(path)
        assert (SITE / name).is_file(), f"no page for {path} (was it executed?)"
        assert f'href="{name}"' in index


@pytest.mark.parametrize("file", pages(), ids=lambda p: p.name)
def test_page_in_chromium(page, file):
    page.goto(file.as_uri(), wait_until="load")
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in links:
        url = urlparse(href)
        if url.scheme in ("http", "https", "mailto") or href.startswith("#"):
            continue  # external links cannot be checked offline; anchors are in-page
        target = (file.parent / unquote(url.path)).resolve()
        assert target.is_file(), f"{file.name}: broken link {href}"
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0])")
    local = [(src, ok) for src, ok in images if not (src or "").startswith("http")]
    assert all(ok for _, ok in local), f"{file.name}: images that did not load: {local}"
    if file.name != "index.html":
        assert any(src.startswith("data:image/png") for src, _ in local) or "plt." not in \
            file.read_text(), f"{file.name}: a notebook that plots shows no plot"
    stderr = page.eval_on_selector_all(
        "[data-mime-type='application/vnd.jupyter.stderr']", "els => els.map(e => e.textContent)")
    errors = [t[:300] for t in stderr if ERROR.search(t)]
    assert not errors, f"{file.name}: error output on the page: {errors}"
