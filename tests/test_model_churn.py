"""Unit tests for the churn (credit-default) model's training and serving code.

The code under test is notebooks/04_modeling/assets/06_testing_models/churn_model.py; notebook
4.3 "Testing model code" explains every test and shows each kind failing on a broken model.
Fast (a few seconds: one small model trained once per module) and seeded, so it runs in CI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import log_loss, roc_auc_score
from threadpoolctl import threadpool_limits

import pmle

ASSETS = Path(__file__).resolve().parents[1] / "notebooks/04_modeling/assets/06_testing_models"
sys.path.insert(0, str(ASSETS))
import churn_model as cm  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return cm.split(pmle.load("default"), seed=0)  # (train, holdout): a fixed, seeded slice


@pytest.fixture(scope="module")
def model(data):
    with threadpool_limits(1):  # CI machines are shared: one BLAS thread is faster and steadier
        return cm.train(cm.build_model(seed=0), data[0])


@pytest.fixture(scope="module")
def instances(data):
    rows = data[1].head(50)[list(cm.SCHEMA)].to_dict("records")
    return [{cm.ID_FIELD: f"c{i}", **row} for i, row in enumerate(rows)]


# --- shapes and types: what downstream code and the JSON response rely on ---------------------
def test_predict_proba_shape_dtype_and_range(model, data):
    p = cm.predict_proba(model, data[1])
    assert p.shape == (len(data[1]),) and p.dtype == np.float64
    assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()


def test_serve_returns_one_json_prediction_per_instance(model, instances):
    predictions = cm.serve(model, instances)
    assert len(predictions) == len(instances)
    assert all(set(p) == {cm.ID_FIELD, cm.OUTPUT} for p in predictions)
    assert all(type(p[cm.OUTPUT]) is float for p in predictions)
    json.dumps({"predictions": predictions})  # serialisable: no NumPy scalars leak out


# --- invariance: what must NOT change the prediction ------------------------------------------
def test_invariant_to_customer_id_and_field_order(model, instances):
    renamed = [{**x, cm.ID_FIELD: "someone-else"} for x in instances]
    reordered = [dict(reversed(list(x.items()))) for x in instances]
    scores = [[p[cm.OUTPUT] for p in cm.serve(model, request)]
              for request in (instances, renamed, reordered)]
    assert scores[0] == scores[1] == scores[2]


def test_invariant_to_batch_size(model, data):
    rows = data[1].head(20)
    alone = np.concatenate([cm.predict_proba(model, rows.iloc[[i]]) for i in range(len(rows))])
    np.testing.assert_allclose(alone, cm.predict_proba(model, rows), rtol=0, atol=1e-12)


# --- directional expectation: what MUST move the prediction, and which way --------------------
def test_higher_balance_raises_default_probability(model, data):
    sample = data[1].sample(200, random_state=0)
    before = cm.predict_proba(model, sample)
    after = cm.predict_proba(model, sample.assign(balance=sample["balance"] + 500))
    assert (after >= before).all(), "more debt must never lower the risk"
    assert (after - before).mean() > 0.02, "and must raise it noticeably on average"


# --- minimum functionality: beat a trivial baseline on a fixed slice --------------------------
def test_beats_the_base_rate_baseline_on_the_holdout(model, data):
    train, holdout = data
    y, p = cm.labels(holdout), cm.predict_proba(model, holdout)
    base_rate = np.full(len(y), cm.labels(train).mean())  # the model that knows only the prior
    assert roc_auc_score(y, p) >= 0.90
    assert log_loss(y, p) <= 0.75 * log_loss(y, base_rate)


# --- the training loop works: a big enough net memorises one small batch ----------------------
def test_overfits_one_batch(data):
    batch = data[0].groupby(cm.LABEL).sample(16, random_state=0)  # 16 defaults, 16 not
    with threadpool_limits(1):
        net = cm.train(cm.build_model(hidden=(16,), alpha=0.0, max_iter=2000, seed=0), batch)
    y, p = cm.labels(batch), cm.predict_proba(net, batch)
    assert log_loss(y, p) < 0.01, "training must drive the loss on one batch near zero"
    assert ((p > 0.5) == y).all(), "and get every example of both classes right"


def test_train_rejects_a_frame_without_the_label(data):
    with pytest.raises(ValueError, match="lacks columns \\['default'\\]"):
        cm.train(cm.build_model(), data[0].drop(columns=cm.LABEL))


# --- the saved artifact: round trip and serving signature -------------------------------------
def test_save_load_round_trip_gives_identical_predictions(model, data, instances, tmp_path):
    folder = cm.save(model, tmp_path / "model")
    assert sorted(f.name for f in folder.iterdir()) == [cm.ARTIFACT, cm.SIGNATURE]
    signature = json.loads((folder / cm.SIGNATURE).read_text())
    assert signature["inputs"] == cm.SCHEMA and signature["output"] == cm.OUTPUT
    reloaded = cm.load(folder)
    assert np.array_equal(cm.predict_proba(reloaded, data[1]), cm.predict_proba(model, data[1]))
    assert cm.serve(reloaded, instances) == cm.serve(model, instances)


def test_export_command_writes_a_loadable_model(model, data, tmp_path):
    folder = cm.main(["--out", str(tmp_path / "export")])  # what the CI export step runs
    assert np.array_equal(cm.predict_proba(cm.load(folder), data[1]),
                          cm.predict_proba(model, data[1]))


@pytest.mark.parametrize("field, value, message", [
    ("inputs", {**cm.SCHEMA, "age": "number"}, "this code serves"),
    ("scikit-learn", "0.24.2", "saved with scikit-learn 0.24.2"),
])
def test_load_refuses_a_mismatched_signature(model, tmp_path, field, value, message):
    folder = cm.save(model, tmp_path / "model")
    signature = json.loads((folder / cm.SIGNATURE).read_text())
    (folder / cm.SIGNATURE).write_text(json.dumps({**signature, field: value}))
    with pytest.raises(ValueError, match=message):
        cm.load(folder)


# --- malformed serving input: a clear error, never a silent guess -----------------------------
GOOD = {"student": "No", "balance": 1200.5, "income": 30000.0}
MALFORMED = {
    "whole request body": ({"instances": [GOOD]}, "non-empty list"),
    "empty request": ([], "non-empty list"),
    "instance as a list": ([["No", 1200.5, 30000.0]], "instance 0 must be an object"),
    "missing field": ([{"student": "No", "balance": 1200.5}], "missing fields \\['income'\\]"),
    "unknown field": ([{**GOOD, "age": 30}], "unknown fields \\['age'\\]"),
    "number as text": ([{**GOOD, "balance": "1,200.50"}], "'balance' must be a JSON number"),
    "boolean number": ([{**GOOD, "income": True}], "'income' must be a JSON number"),
    "NaN": ([{**GOOD, "balance": float("nan")}], "finite number >= 0"),
    "negative": ([GOOD, {**GOOD, "balance": -5.0}], "instance 1: .* finite number >= 0"),
    "unknown category": ([{**GOOD, "student": "yes"}], "must be one of \\['No', 'Yes'\\]"),
}


@pytest.mark.parametrize("request_, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_input_raises_a_clear_error(model, request_, message):
    with pytest.raises(cm.InputError, match=message):
        cm.serve(model, request_)
