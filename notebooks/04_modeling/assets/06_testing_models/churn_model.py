"""A credit-default scorer with a build / train / predict / serve / save / load API.

The course calls it the churn model: it flags the card customers a bank is about to lose to
default. Data: the `default` table (ISLP): `student` (Yes/No), `balance` and `income` (dollars),
label `default` (Yes/No). The model is a scikit-learn Pipeline (one-hot + scaling, then a small
neural network), so the preprocessing travels inside the saved artifact.

Tested by tests/test_model_churn.py (run in CI) and used by notebook 4.3
"Testing model code" (notebooks/04_modeling/06_testing_models.ipynb).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

LABEL = "default"
SCHEMA = {"student": "string", "balance": "number", "income": "number"}  # the serving contract
CATEGORIES = {"student": ["No", "Yes"]}
ID_FIELD = "customer_id"  # optional; echoed back so callers can join predictions to customers
OUTPUT = "default_probability"
ARTIFACT, SIGNATURE = "model.joblib", "signature.json"


class InputError(ValueError):
    """A serving request that does not match the model's input schema."""


def build_model(hidden=(8,), alpha=1e-2, max_iter=400, seed=0) -> Pipeline:
    """An untrained pipeline: one-hot `student`, scale the numbers, a small MLP."""
    features = ColumnTransformer([
        ("student", OneHotEncoder(categories=[CATEGORIES["student"]], drop="first"), ["student"]),
        ("numbers", StandardScaler(), ["balance", "income"]),
    ])
    net = MLPClassifier(hidden, alpha=alpha, solver="lbfgs", max_iter=max_iter, random_state=seed)
    return Pipeline([("features", features), ("net", net)])


def split(frame: pd.DataFrame, test_size=0.2, seed=0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded split, stratified on the label: (train, holdout)."""
    return train_test_split(frame, test_size=test_size, stratify=frame[LABEL], random_state=seed)


def labels(frame: pd.DataFrame) -> np.ndarray:
    """The label as 0/1 (1 = the customer defaulted)."""
    y = frame[LABEL].map({"No": 0, "Yes": 1})
    if y.isna().any():
        bad = sorted(set(frame.loc[y.isna(), LABEL].astype(str)))
        raise ValueError(f"label {LABEL!r} must be 'Yes' or 'No'; found {bad}")
    return y.to_numpy(dtype=np.int64)


def train(model: Pipeline, frame: pd.DataFrame) -> Pipeline:
    """Fit `model` on a frame with the schema's columns and the label; returns the model."""
    missing = [c for c in [*SCHEMA, LABEL] if c not in frame.columns]
    if missing:
        raise ValueError(f"training frame lacks columns {missing}; it needs {[*SCHEMA, LABEL]}")
    return model.fit(frame[list(SCHEMA)], labels(frame))


def predict_proba(model: Pipeline, frame: pd.DataFrame) -> np.ndarray:
    """P(default) for each row: a float64 array of shape (len(frame),)."""
    return model.predict_proba(frame[list(SCHEMA)])[:, 1].astype(np.float64)


def _check_value(i: int, field: str, value) -> object:
    where = f"instance {i}: field {field!r}"
    if SCHEMA[field] == "string":
        if value not in CATEGORIES[field]:
            raise InputError(f"{where} must be one of {CATEGORIES[field]}, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where} must be a JSON number, got {type(value).__name__} {value!r}"
                         " (send 1200.5, not '1,200.50')")
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{where} must be a finite number >= 0, got {value!r}")
    return float(value)


def instances_to_frame(instances) -> pd.DataFrame:
    """Validate JSON-like instances (a list of objects) and return the model's input frame."""
    if not isinstance(instances, list) or not instances:
        raise InputError("instances must be a non-empty list of objects like "
                         f"{ {f: '...' for f in SCHEMA} }, got {type(instances).__name__}")
    rows = []
    for i, instance in enumerate(instances):
        if not isinstance(instance, dict):
            raise InputError(f"instance {i} must be an object, got {type(instance).__name__}")
        missing = [f for f in SCHEMA if f not in instance]
        unknown = sorted(set(instance) - set(SCHEMA) - {ID_FIELD})
        if missing or unknown:
            raise InputError(f"instance {i}: missing fields {missing}, unknown fields {unknown};"
                             f" expected {list(SCHEMA)} (and optionally {ID_FIELD!r})")
        rows.append({f: _check_value(i, f, instance[f]) for f in SCHEMA})
    return pd.DataFrame(rows, columns=list(SCHEMA))


def serve(model: Pipeline, instances) -> list[dict]:
    """What a prediction server runs for one request: instances in, one prediction each out."""
    probabilities = predict_proba(model, instances_to_frame(instances))
    return [{ID_FIELD: instance.get(ID_FIELD), OUTPUT: float(p)}
            for instance, p in zip(instances, probabilities, strict=True)]


def save(model: Pipeline, directory) -> Path:
    """Write model.joblib and signature.json (the serving contract) into `directory`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, directory / ARTIFACT)
    signature = {"inputs": SCHEMA, "categories": CATEGORIES, "id_field": ID_FIELD,
                 "output": OUTPUT, "scikit-learn": sklearn.__version__}
    (directory / SIGNATURE).write_text(json.dumps(signature, indent=2), encoding="utf-8")
    return directory


def load(directory) -> Pipeline:
    """Load a saved model after checking that its signature matches this serving code."""
    directory = Path(directory)
    signature = json.loads((directory / SIGNATURE).read_text(encoding="utf-8"))
    if (signature.get("inputs"), signature.get("categories")) != (SCHEMA, CATEGORIES):
        raise ValueError(f"{directory} holds a model for inputs {signature.get('inputs')} "
                         f"{signature.get('categories')}; this code serves {SCHEMA} "
                         f"{CATEGORIES}. Deploy the code version the model was trained with.")
    if signature.get("scikit-learn") != sklearn.__version__:
        raise ValueError(f"{directory} was saved with scikit-learn "
                         f"{signature.get('scikit-learn')}; this server has "
                         f"{sklearn.__version__}. Retrain or pin the same version.")
    return joblib.load(directory / ARTIFACT)


def main(argv=None) -> Path:
    """Train on the seeded split of the `default` data and save the model (the CI export step):

        python notebooks/04_modeling/assets/06_testing_models/churn_model.py --out DIR
    """
    import argparse

    import pmle

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for model.joblib and signature.json")
    args = parser.parse_args(argv)
    train_frame, _ = split(pmle.load("default"))
    folder = save(train(build_model(), train_frame), args.out)
    print(f"saved {ARTIFACT} and {SIGNATURE} to {folder}")
    return folder


if __name__ == "__main__":
    main()
