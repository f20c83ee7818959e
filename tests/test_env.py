"""The environment files agree: requirements.in -> requirements.lock -> environment.yml."""

from __future__ import annotations

import re
import subprocess
import sys

import course

LOCK = (course.ROOT / "requirements.lock").read_text()


def pins(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(?:-\s+)?([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s#;]+)", line)
        if m:
            out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


def test_environment_yml_is_generated_from_the_lock():
    text = (course.ROOT / "environment.yml").read_text()
    assert text == course.environment_yml(), "run `make lock` (tools/course.py environment)"
    assert "python=3.11" in text and pins(text) == pins(LOCK)


def test_every_top_level_pin_is_in_the_lock():
    lock = pins(LOCK)
    for name, version in pins((course.ROOT / "requirements.in").read_text()).items():
        assert lock.get(name) == version, f"{name}=={version} not locked"


def test_lock_pins_everything_including_setuptools_and_key_constraints():
    lock = pins(LOCK)
    assert "setuptools" in lock and "pip" in lock
    assert "tensorflow" in lock and "tensorflow-cpu" not in lock
    assert int(lock["pandas"].split(".")[0]) < 3
    assert int(lock["google-cloud-aiplatform"].split(".")[0]) < 2
    assert all(not line.startswith("-e") for line in LOCK.splitlines())


def test_installed_environment_matches_the_lock():
    from importlib import metadata

    lock = pins(LOCK)
    wrong = {}
    for name in ("tensorflow", "keras", "pandas", "scikit-learn", "kfp", "apache-beam",
                 "google-cloud-aiplatform", "numpy"):
        if metadata.version(name) != lock[name]:
            wrong[name] = metadata.version(name)
    assert not wrong, f"installed versions differ from the lock: {wrong} (make setup)"


def test_pip_check_is_clean():
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_versions_named_by_pmle_setup_are_the_locked_ones():
    from pmle import config

    lock = pins(LOCK)
    assert all(lock[name] == version for name, version in config.TESTED_WITH.items())
