"""Where is this notebook running, and can it reach Vertex AI?"""

from __future__ import annotations

import configparser
import os
import sys
from dataclasses import dataclass
from pathlib import Path


def in_colab() -> bool:
    return "google.colab" in sys.modules


@dataclass(frozen=True)
class VertexStatus:
    """Whether the Vertex AI service can be called from here, and why (not)."""

    usable: bool
    project: str | None
    location: str
    reason: str


def _gcloud_project() -> str | None:
    config_dir = Path(os.environ.get("CLOUDSDK_CONFIG", Path.home() / ".config" / "gcloud"))
    active = config_dir / "active_config"
    name = active.read_text().strip() if active.is_file() else "default"
    parser = configparser.ConfigParser()
    parser.read(config_dir / "configurations" / f"config_{name}")
    return parser.get("core", "project", fallback=None)


def configured_project() -> str | None:
    """The Google Cloud project set by the environment or the gcloud CLI, if any."""
    for var in ("PMLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT", "GCLOUD_PROJECT"):
        if os.environ.get(var):
            return os.environ[var]
    return _gcloud_project()


def vertex_status(location: str | None = None) -> VertexStatus:
    """Vertex AI is usable when a project is configured and Application Default
    Credentials are found. Set PMLE_OFFLINE=1 to force the offline path."""
    location = location or os.environ.get("PMLE_LOCATION", "us-central1")
    if os.environ.get("PMLE_OFFLINE"):
        return VertexStatus(False, None, location, "PMLE_OFFLINE is set")
    project = configured_project()
    if not project:
        return VertexStatus(
            False, None, location,
            "no Google Cloud project is configured (set GOOGLE_CLOUD_PROJECT or run "
            "`gcloud config set project ...`)",
        )
    try:
        import google.auth
        from google.auth.exceptions import DefaultCredentialsError
    except ImportError:
        return VertexStatus(False, project, location, "google-auth is not installed")
    try:
        google.auth.default()
    except DefaultCredentialsError:
        return VertexStatus(
            False, project, location,
            "no Application Default Credentials (run `gcloud auth application-default login`)",
        )
    return VertexStatus(True, project, location, f"project {project} in {location}")
