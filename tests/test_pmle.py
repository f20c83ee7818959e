"""pmle: runtime detection, the Vertex AI guard, seeding, facts, records."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import pmle
from pmle import cloud, facts, runtime

PROJECT_VARS = ("PMLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "GCLOUD_PROJECT")


@pytest.fixture
def no_project(monkeypatch, tmp_path):
    for var in (*PROJECT_VARS, "PMLE_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    return tmp_path


def test_no_project_means_offline_with_a_reason(no_project):
    status = runtime.vertex_status()
    assert not status.usable and status.project is None
    assert "GOOGLE_CLOUD_PROJECT" in status.reason


def test_project_from_gcloud_config(no_project):
    conf = no_project / "gcloud" / "configurations"
    conf.mkdir(parents=True)
    (conf / "config_default").write_text("[core]\nproject = my-proj\n")
    assert runtime.configured_project() == "my-proj"


def test_project_without_credentials_is_not_usable(no_project, monkeypatch):
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "my-proj")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(no_project / "absent.json"))
    status = runtime.vertex_status()
    assert not status.usable and status.project == "my-proj"


def test_offline_switch_wins(monkeypatch):
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "my-proj")
    monkeypatch.setenv("PMLE_OFFLINE", "1")
    assert not runtime.vertex_status().usable


def test_guard_never_calls_the_service_offline(capsys):
    guard = cloud.Vertex(runtime.VertexStatus(False, None, "us-central1", "no project"))
    called = []
    assert guard.run("submit a job", lambda: called.append(1) or "job") is None
    assert not called and guard.calls_skipped == ["submit a job"]
    assert "Not sent to Google Cloud: submit a job" in capsys.readouterr().out


def test_guard_calls_when_usable():
    guard = cloud.Vertex(runtime.VertexStatus(True, "p", "europe-west4", "ok"))
    assert guard.run("add", lambda a, b: a + b, 2, b=3) == 5
    assert guard.project == "p" and guard.staging_bucket == "gs://p-pmle"


def test_offline_vertex_builds_real_sdk_objects(no_project):
    from google.cloud import aiplatform

    guard = pmle.vertex()
    assert not guard.usable and guard.project == cloud.OFFLINE_PROJECT
    job = aiplatform.CustomJob(
        display_name="t", worker_pool_specs=[{
            "machine_spec": {"machine_type": "n1-standard-4"}, "replica_count": 1,
            "container_spec": {"image_uri": "gcr.io/x/y"}}])
    spec = pmle.spec(job)
    assert spec["jobSpec"]["workerPoolSpecs"][0]["machineSpec"]["machineType"] == "n1-standard-4"


def test_spec_of_proto_messages_and_unknown_objects():
    from google.cloud.aiplatform_v1.types import MachineSpec

    assert pmle.spec(MachineSpec(machine_type="n1-standard-8")) == {"machineType": "n1-standard-8"}
    with pytest.raises(TypeError):
        pmle.spec(object())


def test_seed_repeats_numpy_and_python():
    import random

    pmle.set_seed(3)
    a = (random.random(), np.random.rand())
    pmle.set_seed(3)
    assert (random.random(), np.random.rand()) == a


def test_every_fact_has_source_and_date():
    for fid, f in facts.all_facts().items():
        assert f["statement"] and f["source"].startswith("https://"), fid
        assert isinstance(f["checked"], dt.date) and f["how"] in {"docs", "course", "reported"}, fid
    assert "deprecated" in pmle.fact("vertex-explainable-ai-status")
    with pytest.raises(KeyError, match="Unknown product fact"):
        pmle.fact("no-such-fact")


def test_facts_referenced_by_notebooks_exist():
    import re

    import course

    known = facts.all_facts()
    for path in course.notebooks_on_disk():
        text = (course.ROOT / path).read_text()
        for fid in re.findall(r"pmle\.fact\(\\?[\"']([\w.-]+)\\?[\"']\)", text):
            assert fid in known, f"{path} states unknown fact {fid}"


def test_stale_facts_are_listed(capsys):
    old = facts.stale(days=365)
    with capsys.disabled():
        if old:
            print(f"\nproduct facts not re-checked for a year: {old}")
    assert facts.stale(days=0, today=dt.date(2100, 1, 1)) == list(facts.all_facts())


def test_setup_record_and_workdir(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PMLE_METRICS_FILE", str(tmp_path / "m.jsonl"))
    monkeypatch.setenv("PMLE_OFFLINE", "1")
    pmle.setup("00_test/00_demo")
    assert "00_test/00_demo" in capsys.readouterr().out
    assert pmle.record("auc", np.float64(0.5)) == 0.5
    row = json.loads((tmp_path / "m.jsonl").read_text())
    assert row == {"notebook": "00_test/00_demo", "name": "auc", "value": 0.5}
    work = pmle.workdir()
    (work / "f").write_text("x")
    assert pmle.workdir() == work and not (work / "f").exists()


def test_asset_is_found_beside_the_current_notebook(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks" / "09_x" / "assets" / "01_demo"
    folder.mkdir(parents=True)
    (folder / "t.yaml").write_text("a: 1")
    monkeypatch.chdir(tmp_path / "notebooks" / "09_x")
    monkeypatch.setenv("PMLE_OFFLINE", "1")
    pmle.setup("09_x/01_demo")
    assert pmle.asset("t.yaml").read_text() == "a: 1"
    with pytest.raises(FileNotFoundError, match="assets/01_demo/missing.yaml"):
        pmle.asset("missing.yaml")
