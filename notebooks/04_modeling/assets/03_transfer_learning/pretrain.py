"""Pretrain the small digit CNN that notebook 4.1.c "Transfer learning" reuses.

The source task: classify the handwritten digits 0-4 of the course's `mnist_5k` sample
(2,500 images, 28x28 grey). The notebook transfers the network to a task it never saw,
the digits 5-9. Seeded and deterministic (TensorFlow op determinism), CPU only, about
a minute on 2 cores:

    cd <repository root>
    .venv/bin/python notebooks/04_modeling/assets/03_transfer_learning/pretrain.py

writes `digits_0_4_cnn.keras` (about 0.5 MB, weights without optimizer state) beside this
script; `--out PATH` writes it elsewhere.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy import ndimage

import pmle

SOURCE_CLASSES = [0, 1, 2, 3, 4]
AUGMENTED_COPIES = 4  # shifted and rotated copies of each training image: more general features
EPOCHS = 8
HERE = Path(__file__).resolve().parent


def build_cnn(n_classes: int):
    """Two convolution blocks (the reusable feature extractor, named `base`), then a
    task-specific top: a hidden dense layer and the softmax head."""
    import keras

    layers = keras.layers
    base = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Rescaling(1 / 255, name="rescale"),
        layers.Conv2D(32, 3, activation="relu", name="conv1"),
        layers.MaxPooling2D(name="pool1"),
        layers.Conv2D(64, 3, activation="relu", name="conv2"),
        layers.MaxPooling2D(name="pool2"),
        layers.Flatten(name="flatten"),
    ], name="base")
    return keras.Sequential([
        base,
        layers.Dense(64, activation="relu", name="hidden"),
        layers.Dense(n_classes, activation="softmax", name="head"),
    ], name="digits_0_4_cnn")


def augment(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A copy of each image rotated by up to 15 degrees and shifted by up to 2 pixels."""
    out = np.empty_like(images)
    for i, image in enumerate(images[..., 0]):
        rotated = ndimage.rotate(image, rng.uniform(-15, 15), reshape=False, order=1)
        out[i, ..., 0] = ndimage.shift(rotated, rng.uniform(-2, 2, size=2), order=1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "digits_0_4_cnn.keras")
    args = parser.parse_args()

    pmle.set_seed(tensorflow=True)
    import keras

    rng = pmle.rng()
    mnist = pmle.load("mnist_5k")
    labels = mnist.iloc[:, -1].to_numpy()
    source = np.isin(labels, SOURCE_CLASSES)
    order = rng.permutation(int(source.sum()))  # the file is sorted by label: shuffle
    x = mnist.iloc[:, :-1].to_numpy("float32")[source].reshape(-1, 28, 28, 1)[order]
    y = labels[source][order]
    n_valid = len(x) // 5  # 20% of the source images, never augmented, to check the fit
    x_valid, y_valid, x_train, y_train = x[:n_valid], y[:n_valid], x[n_valid:], y[n_valid:]
    x_train = np.concatenate([x_train] + [augment(x_train, rng) for _ in range(AUGMENTED_COPIES)])
    y_train = np.tile(y_train, AUGMENTED_COPIES + 1)

    model = build_cnn(len(SOURCE_CLASSES))
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, shuffle=True,
                        validation_data=(x_valid, y_valid), verbose=2)
    shipped = build_cnn(len(SOURCE_CLASSES))  # uncompiled copy: no optimizer state
    shipped.set_weights(model.get_weights())
    shipped.save(args.out)
    print(f"saved {args.out} ({args.out.stat().st_size / 1e3:.0f} KB), "
          f"validation accuracy on digits 0-4: {history.history['val_accuracy'][-1]:.3f}")


if __name__ == "__main__":
    main()
