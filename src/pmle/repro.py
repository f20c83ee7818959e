"""Seeding, so that every result a notebook asserts repeats run after run."""

from __future__ import annotations

import os
import random
import sys

import numpy as np

DEFAULT_SEED = 42


def set_seed(seed: int = DEFAULT_SEED, tensorflow: bool | None = None) -> int:
    """Seed Python, NumPy and, when it is imported (or `tensorflow=True`), TensorFlow
    and Keras with op determinism. Returns the seed."""
    os.environ["PYTHONHASHSEED"] = str(seed)  # for subprocesses the notebook starts
    random.seed(seed)
    np.random.seed(seed)
    if tensorflow or (tensorflow is None and "tensorflow" in sys.modules):
        import tensorflow as tf

        tf.keras.utils.set_random_seed(seed)
        try:
            tf.config.experimental.enable_op_determinism()
        except (AttributeError, RuntimeError):  # pragma: no cover - older TF
            pass
    return seed


def rng(seed: int = DEFAULT_SEED) -> np.random.Generator:
    """A NumPy Generator for new code (prefer it to the global state)."""
    return np.random.default_rng(seed)
