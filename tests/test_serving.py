"""Bad input, on purpose: the local Vertex-style prediction server (pmle.serving) fed
malformed, oversized, wrongly typed and empty requests generated with hypothesis, and the
batch-prediction pipeline fed bad rows. Every bad request gets a 4xx with a message, the
server stays up, and the counts are written to build/reports/serving-fuzz.json."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import course
import pmle
from pmle import serving

FEATURES = ["balance", "income"]
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
REPORT = course.REPORTS / "serving-fuzz.json"
sent: Counter = Counter()  # requests sent per kind of input


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    from sklearn.linear_model import LogisticRegression

    data = pmle.load("default").sample(2_000, random_state=0)
    model = LogisticRegression(max_iter=1_000).fit(data[FEATURES], data["default"])
    return serving.save_model(model, FEATURES, tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def server(model_dir):
    with serving.serving(model_dir) as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=30) as c:
        yield c


def post(client, server, kind, **kwargs):
    sent[kind] += 1
    kwargs.setdefault("headers", {"content-type": "application/json"})
    return client.post(server.predict_url, **kwargs)


def assert_client_error(response, *words):
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 20, "a message that says what is wrong"
    for word in words:
        assert word in detail, (word, detail)


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.integers(-10**9, 10**9)
instance = st.fixed_dictionaries({f: numbers for f in FEATURES})
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
not_a_number = (st.none() | st.booleans() | st.text(max_size=10) | st.lists(numbers, max_size=2)
                | st.dictionaries(st.text(max_size=3), numbers, max_size=2))


@FUZZ
@given(st.lists(instance, min_size=1, max_size=50))
def test_valid_requests_get_one_prediction_per_instance(server, client, instances):
    response = post(client, server, "valid", json={"instances": instances})
    assert response.status_code == 200, response.text[:300]
    predictions = response.json()["predictions"]
    assert len(predictions) == len(instances)
    assert all(math.isclose(sum(p["scores"]), 1, abs_tol=1e-5) for p in predictions)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_rejected(server, client, body):
    assert_client_error(post(client, server, "random bytes", content=body))


@FUZZ
@given(json_values)
def test_arbitrary_json_is_rejected(server, client, body):
    assert_client_error(post(client, server, "arbitrary JSON", content=json.dumps(body)))


@FUZZ
@given(st.lists(instance, min_size=1, max_size=20), st.data())
def test_wrongly_typed_field_names_instance_and_field(server, client, instances, data):
    index = data.draw(st.integers(0, len(instances) - 1))
    field = data.draw(st.sampled_from(FEATURES))
    instances[index] = {**instances[index], field: data.draw(not_a_number)}
    response = post(client, server, "wrong type", json={"instances": instances})
    assert_client_error(response, f"instances[{index}].{field}")


@FUZZ
@given(st.lists(instance, min_size=1, max_size=20), st.data())
def test_missing_or_extra_fields_are_rejected(server, client, instances, data):
    index = data.draw(st.integers(0, len(instances) - 1))
    if data.draw(st.booleans()):
        broken = {k: v for k, v in instances[index].items() if k != FEATURES[0]}
        word = "field required"
    else:
        broken = {**instances[index], data.draw(st.text(min_size=1, max_size=8).filter(
            lambda k: k not in FEATURES)): 1.0}
        word = "extra inputs are not permitted"
    instances[index] = broken
    assert_client_error(post(client, server, "missing/extra field", json={"instances": instances}),
                        f"instances[{index}]", word)


@pytest.mark.parametrize("body, words", [
    (b"", ["not valid UTF-8 JSON"]),
    (b"{}", ["instances"]),
    (b'{"instances": []}', ["non-empty"]),
    (b'{"instances": null}', ["non-empty"]),
    (b'{"instances": [{"balance": NaN, "income": 1}]}', ["finite"]),
    (b'{"instances": [{"balance": 1e999, "income": 1}]}', ["finite"]),
    (b"[" * 100_000, ["RecursionError"]),
    (b'{"instances": [{"balance": 1' + b"0" * 5_000 + b', "income": 1}]}', ["not valid"]),
])
def test_empty_and_edge_requests(server, client, body, words):
    assert_client_error(post(client, server, "empty/edge", content=body), *words)


def test_oversized_requests_get_413(server, client):
    big = json.dumps({"instances": [{"balance": 1.0, "income": 2.0}] * 60_000}).encode()
    assert len(big) > serving.MAX_BODY_BYTES
    assert_client_error(post(client, server, "oversized", content=big), "limit")
    # without a Content-Length header (chunked upload) the limit holds while reading
    chunks = (big[i:i + 65_536] for i in range(0, len(big), 65_536))
    response = post(client, server, "oversized", content=chunks)
    assert response.status_code == 413
    too_many = {"instances": [{"balance": 1.0, "income": 2.0}] * (serving.MAX_INSTANCES + 1)}
    assert_client_error(post(client, server, "oversized", json=too_many), "batch prediction")


def test_wrong_content_type_gets_415(server, client):
    response = post(client, server, "content type", content=b"balance=1&income=2",
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415 and "application/json" in response.json()["detail"]


def test_altered_model_file_is_refused(model_dir, tmp_path):
    import shutil

    copy = Path(shutil.copytree(model_dir, tmp_path / "model"))
    with open(copy / serving.MODEL_FILE, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(RuntimeError, match="altered"):
        serving.TabularPredictor().load(str(copy))


def test_server_stayed_up_and_report(server, client):
    """Runs last in this module (pytest keeps file order): no 5xx, health OK, counts written."""
    assert server.alive
    assert client.get(server.health_url).status_code == 200
    counts = dict(sorted(server.counts.items()))
    assert not [code for code in counts if code >= 500], counts
    assert counts.get(200, 0) >= sent["valid"] and sum(sent.values()) >= 500
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"requests_by_kind": dict(sent), "responses_by_status": counts},
                                 indent=1), encoding="utf-8")


# --- batch prediction: bad rows are quarantined and counted, nothing is lost -----------------

bad_line = st.one_of(
    st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s and s.strip()),
    st.builds(json.dumps, json_values),
    st.builds(lambda v: json.dumps({"balance": v, "income": 1.0}), not_a_number),
    st.just('{"balance": 1.0}'),
)
good_line = st.builds(json.dumps, instance)


@settings(max_examples=3, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.booleans(), st.data()), min_size=5, max_size=40))
def test_batch_prediction_quarantines_bad_rows(model_dir, tmp_path_factory, rows):
    from apache_beam.runners.portability.fn_api_runner import FnApiRunner

    lines = [data.draw(good_line if good else bad_line) for good, data in rows]
    lines = [ln for ln in lines if ln.strip()]  # ReadFromText skips nothing but empty lines split oddly
    work = tmp_path_factory.mktemp("batch")
    (work / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = serving.batch_predict(model_dir, str(work / "in.jsonl"), str(work / "out"),
                                   runner=FnApiRunner())
    results = [json.loads(x) for f in (work / "out").glob("prediction.results*")
               for x in f.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(x) for f in (work / "out").glob("prediction.errors_stats*")
              for x in f.read_text(encoding="utf-8").splitlines()]
    assert counts["read"] == len(lines), "every line was read"
    assert counts["predicted"] + counts["quarantined"] == counts["read"], "nothing lost"
    assert len(results) == counts["predicted"] and len(errors) == counts["quarantined"]
    assert Counter(e["instance"] for e in errors) + Counter(
        json.dumps(r["instance"]) for r in results) == Counter(lines), "each line is in one place"
    assert all(len(e["error"]) > 20 for e in errors), "each quarantined row says why"
