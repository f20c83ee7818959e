"""Serve a model locally the way Vertex AI serves a custom container, and batch-predict with Beam.

Online: Vertex AI's own custom prediction routine (CPR) server from the SDK
(`google.cloud.aiplatform.prediction.model_server.CprModelServer`, FastAPI under uvicorn)
with its `Predictor` interface, on 127.0.0.1. It speaks Vertex AI's contract: the AIP_*
environment variables, `POST {"instances": [...], "parameters": {...}}` to the predict route,
`{"predictions": [...]}` back, a health route. Two course additions make bad input safe:
- `TabularPredictor.preprocess` validates every instance against the model's feature schema
  (pydantic) and answers 400 with a message naming each bad instance and field;
- `GuardedHandler` refuses oversized bodies (413), non-JSON content types, bodies that are
  not UTF-8 JSON (400) before the SDK's serializer sees them, so malformed input is never a 500.

Batch: `batch_predict` is an Apache Beam pipeline (DirectRunner here, Dataflow in the cloud)
that reads JSON-lines instances, validates them with the same schema, predicts in batches,
writes `prediction.results-*` ({"instance", "prediction"}) and quarantines each bad line
in `prediction.errors_stats-*` ({"instance", "error"}), the names Vertex AI batch prediction
uses. Nothing is dropped: results + errors = lines read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

from google.cloud.aiplatform.prediction.handler import PredictionHandler
from google.cloud.aiplatform.prediction.predictor import Predictor

MAX_BODY_BYTES = 1_500_000  # Vertex AI's limit for a public endpoint's request (fact vertex-online-prediction-limits)
MAX_INSTANCES = 1_000
MODEL_FILE, SCHEMA_FILE = "model.joblib", "schema.json"


class InvalidRequest(ValueError):
    """A prediction request that breaks the contract; the message says what and how to fix it."""


# --- the schema: which features an instance must have -------------------------------------------

def save_model(model: Any, features: Sequence[str], folder: str | Path,
               classes: Sequence[Any] | None = None) -> Path:
    """Write a scikit-learn model as Vertex AI's prebuilt container expects it (`model.joblib`)
    with `schema.json`: the feature order, and the model file's SHA-256 so that loading
    refuses a file that was altered (joblib files are pickles: loading one runs code)."""
    import joblib

    names = getattr(model, "feature_names_in_", None)
    if names is not None and list(names) != list(features):
        raise ValueError(f"features {list(features)} differ from those the model was fitted on "
                         f"{list(names)}: pass the training columns, in training order")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / MODEL_FILE)
    digest = hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()
    schema = {"features": list(features), "model_sha256": digest,
              "classes": [c.item() if hasattr(c, "item") else c for c in (classes or [])]}
    (folder / SCHEMA_FILE).write_text(json.dumps(schema, indent=1), encoding="utf-8")
    return folder


def read_schema(folder: str | Path) -> dict:
    """The schema.json that `save_model` wrote beside the model."""
    return json.loads((Path(folder) / SCHEMA_FILE).read_text(encoding="utf-8"))


def instance_model(features: Sequence[str]):
    """A pydantic model of one instance: exactly these numeric, finite features."""
    from pydantic import AllowInfNan, ConfigDict, Strict, create_model

    number = Annotated[float, Strict(), AllowInfNan(False)]
    return create_model("Instance", __config__=ConfigDict(extra="forbid"),
                        **{name: (number, ...) for name in features})


def _explain(index: int, error) -> list[str]:
    out = []
    for problem in error.errors()[:5]:
        where = ".".join(str(p) for p in problem["loc"]) or "the instance"
        got = repr(problem.get("input"))[:40]
        out.append(f"instances[{index}].{where}: {problem['msg'].lower()} (got {got})")
    return out


def validate_instances(body: Any, schema_model, features: Sequence[str],
                       max_instances: int = MAX_INSTANCES) -> list[list[float]]:
    """Check a request body; return the instances as rows in feature order, or raise
    `InvalidRequest` naming every problem (up to 10)."""
    from pydantic import ValidationError

    if not isinstance(body, dict) or "instances" not in body:
        raise InvalidRequest('the body must be a JSON object {"instances": [...]} '
                             f"(got {type(body).__name__})")
    extra = set(body) - {"instances", "parameters"}
    if extra:
        raise InvalidRequest(f"unknown top-level keys {sorted(extra)}: only 'instances' and "
                             "'parameters' are allowed")
    instances = body["instances"]
    if not isinstance(instances, list) or not instances:
        raise InvalidRequest("'instances' must be a non-empty list of objects, one per example")
    if len(instances) > max_instances:
        raise InvalidRequest(f"{len(instances)} instances in one request; the limit is "
                             f"{max_instances}: split the request or use batch prediction")
    rows, problems = [], []
    for i, instance in enumerate(instances):
        try:
            parsed = schema_model.model_validate(instance)
        except ValidationError as error:
            problems.extend(_explain(i, error))
            continue
        rows.append([getattr(parsed, f) for f in features])
    if problems:
        raise InvalidRequest(f"{len(problems)} problem(s); expected each instance to be "
                             f"{{{', '.join(repr(f) + ': number' for f in features)}}}: "
                             + "; ".join(problems[:10]))
    return rows


# --- online: Vertex AI's CPR server with a validating predictor ---------------------------------

class TabularPredictor(Predictor):
    """A CPR `Predictor` for a scikit-learn classifier saved with `save_model`."""

    def load(self, artifacts_uri: str, **kwargs: Any) -> None:
        import joblib

        folder = Path(artifacts_uri)
        schema = read_schema(folder)
        digest = hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()
        if digest != schema["model_sha256"]:
            raise RuntimeError(f"{folder / MODEL_FILE}: SHA-256 {digest[:12]}... differs from "
                               f"{SCHEMA_FILE} ({schema['model_sha256'][:12]}...): the file was "
                               "altered; refusing to unpickle it. Re-export the model.")
        self.features = schema["features"]
        self.schema = instance_model(self.features)
        self.model = joblib.load(folder / MODEL_FILE)

    def preprocess(self, prediction_input: Any) -> Any:
        from fastapi import HTTPException

        try:
            return validate_instances(prediction_input, self.schema, self.features)
        except InvalidRequest as error:
            raise HTTPException(status_code=400, detail=str(error)) from None

    def predict(self, instances: Any) -> Any:
        import pandas as pd

        rows = pd.DataFrame(instances, columns=self.features, dtype=float)
        if getattr(self.model, "feature_names_in_", None) is None:
            rows = rows.to_numpy()
        return self.model.predict_proba(rows)

    def postprocess(self, prediction_results: Any) -> Any:
        classes = [c.item() if hasattr(c, "item") else c for c in self.model.classes_]
        return {"predictions": [
            {"classes": classes, "scores": [round(float(s), 6) for s in row],
             "label": classes[int(row.argmax())]} for row in prediction_results]}


class GuardedHandler(PredictionHandler):
    """The SDK's `PredictionHandler`, with the request checked before it is deserialized."""

    max_body_bytes = MAX_BODY_BYTES

    async def handle(self, request):
        from fastapi import HTTPException, Response
        from google.cloud.aiplatform.prediction import handler_utils

        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise HTTPException(413, f"request body of {int(declared):,} bytes exceeds the "
                                     f"{self.max_body_bytes:,}-byte limit: send fewer instances "
                                     "per request, or use batch prediction")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise HTTPException(413, f"request body exceeds {self.max_body_bytes:,} bytes")
        content_type = handler_utils.get_content_type_from_headers(request.headers)
        if content_type != "application/json":
            raise HTTPException(415, f"content type {content_type!r} is not supported: send "
                                     "JSON with the header Content-Type: application/json")
        try:
            parsed = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise HTTPException(400, "the body is not valid UTF-8 JSON "
                                     f"({type(error).__name__}: {str(error)[:80]})") from None
        p = self._predictor
        try:
            results = p.postprocess(p.predict(p.preprocess(parsed)))
        except HTTPException:
            raise
        except Exception as error:  # a bug in the model code, not the client's fault
            raise HTTPException(500, f"prediction failed: {type(error).__name__}") from error
        return Response(content=json.dumps(results), media_type="application/json")


class StatusCounter:
    """ASGI middleware that counts responses by HTTP status code (`.counts`)."""

    def __init__(self, app):
        self.app, self.counts = app, Counter()

    async def __call__(self, scope, receive, send):
        async def counting_send(message):
            if message["type"] == "http.response.start":
                self.counts[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counting_send)


class LocalServer:
    """A running local server: `.url`, `.predict_url`, `.health_url`, `.counts`, `.stop()`."""

    def __init__(self, server, thread, app: StatusCounter, port: int, routes: dict[str, str]):
        self._server, self._thread, self._app = server, thread, app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.predict_url = self.url + routes["predict"]
        self.health_url = self.url + routes["health"]

    @property
    def counts(self) -> Counter:
        return self._app.counts

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _register(cls: type) -> str:
    """Make `cls` importable as pmle.serving.<name> (CPR imports classes by module and name)."""
    name = f"_served_{cls.__name__}_{id(cls)}"
    setattr(sys.modules[__name__], name, cls)
    return name


def start(artifacts_uri: str | Path, predictor: type[Predictor] = TabularPredictor,
          handler: type[PredictionHandler] = GuardedHandler,
          model_id: str = "model") -> LocalServer:
    """Start Vertex AI's CPR model server on 127.0.0.1 (a free port) in a background thread.

    The AIP_* variables are those Vertex AI sets in a serving container; the routes follow
    its pattern /v1/endpoints/<endpoint>/deployedModels/<model>:predict."""
    import uvicorn
    from google.cloud.aiplatform.prediction.model_server import CprModelServer

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # else small responses wait ~40 ms (Nagle + delayed ACK)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    routes = {"health": f"/v1/endpoints/local/deployedModels/{model_id}",
              "predict": f"/v1/endpoints/local/deployedModels/{model_id}:predict"}
    env = {"HANDLER_MODULE": __name__, "HANDLER_CLASS": _register(handler),
           "PREDICTOR_MODULE": __name__, "PREDICTOR_CLASS": _register(predictor),
           "AIP_STORAGE_URI": str(artifacts_uri), "AIP_HTTP_PORT": str(port),
           "AIP_HEALTH_ROUTE": routes["health"], "AIP_PREDICT_ROUTE": routes["predict"]}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        app = StatusCounter(CprModelServer())
    finally:  # CprModelServer calls logging.basicConfig(level=INFO): undo it for the caller
        root.handlers[:], root.level = handlers, level
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the local prediction server did not start; see the log above")
        time.sleep(0.02)
    return LocalServer(server, thread, app, port, routes)


@contextlib.contextmanager
def serving(artifacts_uri: str | Path, **kwargs: Any) -> Iterator[LocalServer]:
    """`with serving(model_dir) as server:` start, yield, always stop."""
    server = start(artifacts_uri, **kwargs)
    try:
        yield server
    finally:
        server.stop()


# --- batch: the same contract in an Apache Beam pipeline -----------------------------------------

def batch_predict(artifacts_uri: str | Path, input_pattern: str, output_prefix: str,
                  batch_size: int = 256, runner: Any = "DirectRunner") -> dict[str, int]:
    """Vertex-style batch prediction with Beam: JSON-lines instances in, `results` and
    `errors_stats` JSON lines out. Returns the pipeline's counters (read, predicted,
    quarantined), so a caller can check that nothing was lost.

    `runner`: a name or a runner object. In a notebook the DirectRunner runs it in-process;
    outside IPython Beam 2.77's DirectRunner first tries to download its Prism runner, so
    scripts and tests offline pass `FnApiRunner()` (what the DirectRunner uses in notebooks)."""
    import apache_beam as beam
    from apache_beam.metrics import Metrics
    from apache_beam.metrics.metric import MetricsFilter

    class Validate(beam.DoFn):
        ERRORS = "errors"

        def setup(self):  # the schema only: no need to unpickle the model to check input
            self.features = read_schema(artifacts_uri)["features"]
            self.schema = instance_model(self.features)

        def process(self, line):
            Metrics.counter("batch", "read").inc()
            try:
                instance = json.loads(line)
                validate_instances({"instances": [instance]}, self.schema, self.features)
            except (ValueError, RecursionError) as error:  # InvalidRequest is a ValueError
                Metrics.counter("batch", "quarantined").inc()
                yield beam.pvalue.TaggedOutput(self.ERRORS, json.dumps(
                    {"instance": line, "error": str(error)}))
                return
            yield instance

    class PredictBatch(beam.DoFn):
        def setup(self):
            self.predictor = TabularPredictor()
            self.predictor.load(str(artifacts_uri))

        def process(self, batch):
            features = self.predictor.features
            rows = [[instance[f] for f in features] for instance in batch]
            out = self.predictor.postprocess(self.predictor.predict(rows))["predictions"]
            Metrics.counter("batch", "predicted").inc(len(batch))
            for instance, prediction in zip(batch, out, strict=True):
                yield json.dumps({"instance": instance, "prediction": prediction})

    p = beam.Pipeline(runner=runner)
    checked = (p | "Read" >> beam.io.ReadFromText(input_pattern)
               | "Validate" >> beam.ParDo(Validate()).with_outputs(Validate.ERRORS, main="ok"))
    (checked.ok | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=batch_size)
     | "Predict" >> beam.ParDo(PredictBatch())
     | "Write results" >> beam.io.WriteToText(f"{output_prefix}/prediction.results"))
    (checked[Validate.ERRORS]
     | "Write errors" >> beam.io.WriteToText(f"{output_prefix}/prediction.errors_stats"))
    result = p.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_namespace("batch"))["counters"]
    totals = Counter({"read": 0, "predicted": 0, "quarantined": 0})
    for counter in counters:
        totals[counter.key.metric.name] += counter.committed
    return dict(totals)
