"""The real JupyterLab: the server `make lab` starts, the reference notebook run in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

import course

NOTEBOOK = "01_framing/01_business_problem_to_ml_use_case.ipynb"
TOKEN = "pmle-browser-test"
SCREENSHOT = course.ROOT / ("docs" if os.environ.get("PMLE_UPDATE_SCREENSHOT") else "build")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab` on 127.0.0.1, serving a scratch copy of notebooks/ (runs must not write
    outputs into the repository); the datasets are the repository's."""
    copy = tmp_path_factory.mktemp("lab") / "notebooks"
    shutil.copytree(course.ROOT / "notebooks", copy)
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    env = {**os.environ, "PMLE_DATA_DIR": str(course.ROOT / "datasets")}
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}",
                             f"LAB_DIR={copy}"],
                            cwd=course.ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"make lab exited: {proc.stdout.read().decode()[-2000:]}")
            time.sleep(1)
    else:
        pytest.fail("JupyterLab did not answer within 180 s")
    yield url
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def test_reference_notebook_runs_in_jupyterlab(lab, page):
    page.goto(f"{lab}/lab/tree/{NOTEBOOK}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
    page.wait_for_selector(".jp-StatusBar-TextItem:has-text('| Idle')", timeout=120_000)
    cells = page.locator(".jp-Notebook .jp-CodeCell").count()

    def ran() -> list[str]:
        prompts = page.eval_on_selector_all(
            ".jp-Notebook .jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)")
        return [p for p in prompts if re.fullmatch(r"\[(\d+|\*)\]:", p.strip())]

    for _ in range(3):  # the menu can open before the kernel is wired up: retry the command
        page.wait_for_timeout(2000)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        page.wait_for_timeout(3000)
        if ran():
            break
    deadline = time.time() + 240
    while time.time() < deadline:
        done = [p for p in ran() if p.strip() != "[*]:"]
        if len(done) == cells:
            break
        time.sleep(1)
    else:
        pytest.fail(f"not every cell ran: {ran()}")
    page.wait_for_timeout(500)
    stderr = page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.textContent)")
    errors = [t[:300] for t in stderr if "Traceback" in t or re.search(r"^\w*Error\b", t, re.M)]
    assert not errors, f"error output in JupyterLab: {errors}"
    assert page.locator(".jp-OutputArea-output img").count() >= 3, "the plots are shown"
    SCREENSHOT.mkdir(parents=True, exist_ok=True)
    news = page.locator(".jp-toast-button:text-is('No')")
    if news.count():
        news.first.click()  # the "Jupyter news?" question: not part of the picture
    page.locator(".jp-OutputArea-output img").nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SCREENSHOT / "jupyterlab.png"))
