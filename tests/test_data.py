"""pmle.data: verified loading, and a clear error for every kind of bad dataset file."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

import pmle
from pmle import data

ROOT = data._find_root()
MANIFEST = data.manifest(ROOT)


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A private copy of datasets/ that a test may damage; PMLE_DATA_DIR points at it."""
    target = tmp_path / "datasets"
    shutil.copytree(ROOT, target)
    monkeypatch.setenv("PMLE_DATA_DIR", str(target))
    return target


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_every_dataset_loads_with_its_manifest_shape(name):
    frame = pmle.load(name)
    entry = MANIFEST[name]
    assert frame.shape == (entry["rows"], entry["columns"])


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_missing_file_names_it_and_the_fix(copy, name):
    (copy / MANIFEST[name]["file"]).unlink()
    with pytest.raises(pmle.DatasetError) as err:
        pmle.load(name)
    msg = str(err.value)
    assert MANIFEST[name]["file"] in msg and "missing" in msg and "make datasets" in msg


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_truncated_file_is_refused_not_partially_loaded(copy, name):
    file = copy / MANIFEST[name]["file"]
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    with pytest.raises(pmle.DatasetError, match="corrupted or was changed"):
        pmle.load(name)


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_altered_byte_is_detected(copy, name):
    file = copy / MANIFEST[name]["file"]
    raw = bytearray(file.read_bytes())
    raw[len(raw) // 3] ^= 0x01
    file.write_bytes(bytes(raw))
    with pytest.raises(pmle.DatasetError, match=r"git checkout -- datasets/"):
        pmle.load(name)


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(pmle.DatasetError, match="Available: .*german_credit"):
        pmle.load("german-credit")


def test_broken_manifest_is_reported(copy):
    (copy / "manifest.yml").write_text("datasets: [: oops")
    with pytest.raises(pmle.DatasetError, match="not a valid manifest"):
        pmle.load("adult")


def test_shape_mismatch_is_refused_even_with_a_matching_checksum(copy):
    entries = yaml.safe_load((copy / "manifest.yml").read_text())
    entries["datasets"][0]["rows"] += 1
    (copy / "manifest.yml").write_text(yaml.safe_dump(entries))
    with pytest.raises(pmle.DatasetError, match="parsed to shape"):
        pmle.load(entries["datasets"][0]["name"])


def test_no_datasets_folder_outside_the_repo(tmp_path, monkeypatch):
    monkeypatch.delenv("PMLE_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(data, "__file__", str(tmp_path / "pmle" / "data.py"))
    with pytest.raises(pmle.DatasetError, match="PMLE_DATA_DIR"):
        data.data_dir()


def test_read_options_come_from_the_manifest():
    mnist = pmle.load("mnist_5k")
    assert mnist.columns[0] == 0 and mnist.iloc[:, -1].between(0, 9).all()


def test_iot_generator_is_deterministic_and_matches_the_bundled_file():
    from pmle.iot import iot_stream, read_times

    a, b = iot_stream(seed=7), iot_stream(seed=7)
    pd.testing.assert_frame_equal(a, b)
    bundled = read_times(pmle.load("iot_sensors"))
    pd.testing.assert_frame_equal(bundled[["device_id", "site", "fault"]],
                                  a[["device_id", "site", "fault"]])
    pd.testing.assert_series_equal(bundled["event_time"], a["event_time"].dt.as_unit("ns"),
                                   check_dtype=False)
    assert set(a["fault"]) == {"none", "spike", "stuck", "dropout", "duplicate", "late"}
    late = a[a.fault == "late"]
    assert ((late.arrival_time - late.event_time) >= pd.Timedelta("5min")).all()
