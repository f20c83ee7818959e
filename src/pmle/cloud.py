"""One guard for every call to Google Cloud.

Offline (no project or no credentials) the notebook still builds the real SDK objects
(`aiplatform.CustomJob`, `PipelineJob`, ...) and shows their request specs; only the
calls that reach the service (`submit()`, `run()`, `deploy()`, queries) go through
`Vertex.run`, which performs them when Vertex AI is usable and otherwise says plainly
what would have happened. It never invents a cloud result.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .runtime import VertexStatus, vertex_status

OFFLINE_PROJECT = "offline-example-project"
OFFLINE_BUCKET = "gs://offline-example-bucket"


class Vertex:
    """The notebook's handle on Vertex AI: `usable`, `project`, `location` and `run()`."""

    def __init__(self, status: VertexStatus, staging_bucket: str | None = None):
        self.status = status
        self.usable = status.usable
        self.location = status.location
        self.project = status.project if status.usable else OFFLINE_PROJECT
        self.staging_bucket = staging_bucket or (
            OFFLINE_BUCKET if not status.usable else f"gs://{status.project}-pmle"
        )
        self.calls_skipped: list[str] = []

    def init(self) -> Vertex:
        """`aiplatform.init` with real credentials when usable, anonymous ones offline
        (enough to construct jobs and read their specs; nothing is sent)."""
        from google.cloud import aiplatform

        kwargs: dict[str, Any] = {}
        if not self.usable:
            from google.auth.credentials import AnonymousCredentials

            kwargs["credentials"] = AnonymousCredentials()
        aiplatform.init(
            project=self.project, location=self.location,
            staging_bucket=self.staging_bucket, **kwargs,
        )
        return self

    def run(self, what: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call `action(*args, **kwargs)` only if Vertex AI is usable.

        `what` says in words what the call does in the cloud; offline it is printed,
        recorded in `calls_skipped`, and None is returned (no fake result)."""
        if self.usable:
            return action(*args, **kwargs)
        self.calls_skipped.append(what)
        print(f"[offline] Not sent to Google Cloud: {what}.\n"
              f"          Reason: {self.status.reason}. Configure a project to run it.")
        return None

    def __repr__(self) -> str:
        mode = "LIVE" if self.usable else "OFFLINE (specs only)"
        return f"Vertex({mode}, project={self.project!r}, location={self.location!r})"


def vertex(location: str | None = None, staging_bucket: str | None = None) -> Vertex:
    """Detect whether Vertex AI is usable and initialise the SDK accordingly."""
    return Vertex(vertex_status(location), staging_bucket).init()


def spec(obj: Any) -> dict:
    """The request spec of an SDK object (job, pipeline job, proto message) as a dict."""
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    pb = getattr(type(obj), "pb", None)
    if pb is not None:  # proto-plus message
        from google.protobuf import json_format

        return json_format.MessageToDict(pb(obj))
    if hasattr(obj, "DESCRIPTOR"):  # raw protobuf message
        from google.protobuf import json_format

        return json_format.MessageToDict(obj)
    raise TypeError(f"Don't know how to show the spec of {type(obj).__name__}")


def show_spec(obj: Any, max_chars: int = 2500) -> dict:
    """Print an SDK object's spec as JSON (shortened) and return it."""
    data = spec(obj)
    text = json.dumps(data, indent=2, sort_keys=True)
    print(text if len(text) <= max_chars else text[:max_chars] + "\n  ... (shortened)")
    return data
