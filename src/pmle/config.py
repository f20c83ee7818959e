"""The course's one repository setting.

Colab badges, the Colab setup cell and the Colab data download are all derived from
these values; `tools/course.py` regenerates badges from them and a test keeps every
notebook consistent with them. Change them here when the repository moves.
"""

REPOSITORY = "pmle-course/pmle-hands-on"  # GitHub owner/name
BRANCH = "main"

# Versions the asserted results are tested with (a test keeps them equal to requirements.lock);
# pmle.setup() names any that differ, e.g. in Colab.
TESTED_WITH = {
    "tensorflow": "2.21.0",
    "keras": "3.15.1",
    "scikit-learn": "1.9.1",
    "pandas": "2.3.3",
    "numpy": "2.4.6",
}


def raw_url(path: str) -> str:
    """URL of a file of this repository as served raw by GitHub (used in Colab only)."""
    return f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}/{path.lstrip('/')}"


def colab_url(notebook_path: str) -> str:
    """'Open in Colab' target for a notebook path relative to the repository root."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{notebook_path}"


def pip_spec() -> str:
    """What the Colab setup cell installs: this package with its Colab extras, from git."""
    return f"pmle[colab] @ git+https://github.com/{REPOSITORY}@{BRANCH}"
