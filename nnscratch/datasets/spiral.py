"""The three-armed spiral: a small 2-D data set no straight line can split (chapter 4).

Each class is one arm. Along an arm the radius goes from 0 to 1 while the
angle sweeps ``ANGLE_PER_ARM`` radians, jittered by Gaussian noise; arm k starts
where arm k - 1 ended, so the arms wind around each other. This is the toy
problem of the CS231n course notes. The shipped files are ``spiral.csv``
(training: radii on an even grid, as in the source) and ``spiral_test.csv``
(held out: radii drawn uniformly at random and fresh angle noise, from another
seed, so that no held-out point sits on the training grid). ``SPLITS`` lists the
generator's arguments for each file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nnscratch.checks import MAX_CLASSES, check_choice, check_scalar
from nnscratch.datasets import load_csv, save_csv

#: Seeds of the shipped training and held-out files.
TRAIN_SEED = 0
TEST_SEED = 1
#: Angle (radians) that one arm sweeps from the centre to the rim.
ANGLE_PER_ARM = 4.0
COLUMNS = ("x1", "x2", "y")
FILES = {"train": "spiral.csv", "test": "spiral_test.csv"}
#: How each shipped file is drawn: the arguments ``write_csv_files`` passes to ``make_spiral``.
SPLITS = {
    "train": {"seed": TRAIN_SEED, "radii": "grid"},
    "test": {"seed": TEST_SEED, "radii": "random"},
}
RADII = ("grid", "random")
#: Most points :func:`make_spiral` draws (all arms together), so that a typo such as
#: ``points_per_class=10**9`` is an error rather than an attempt at 24 GB.
MAX_POINTS = 10**7
#: Largest angle noise (radians): far beyond the 2 pi at which the arms are already
#: uniform noise, and small enough that ``noise * standard_normal`` stays finite.
MAX_NOISE = 1e3


def make_spiral(points_per_class=100, n_classes=3, seed=TRAIN_SEED, noise=0.2, radii="grid"):
    """Points on ``n_classes`` interleaved spiral arms, as a DataFrame with columns x1, x2, y (chapter 4).

    Rows are grouped by class (all of class 0, then class 1, ...). ``noise`` is the
    standard deviation, in radians, of the Gaussian jitter added to each angle.
    ``radii="grid"`` spaces the radii of each arm evenly from 0 to 1 (the same grid
    for every seed); ``radii="random"`` draws them uniformly from [0, 1) with the
    seeded generator and sorts them, so that a second seed gives points off the grid.
    On an arm, the angle before noise is ``ANGLE_PER_ARM * (k + radius)``. ``seed`` is
    a non-negative integer (``numpy.random.default_rng(seed)``); at most ``MAX_POINTS``
    points are drawn and ``noise`` is at most ``MAX_NOISE``.
    """
    check_choice(radii, "radii", RADII)
    check_scalar(points_per_class, "points_per_class", int, min_val=1, max_val=MAX_POINTS)
    check_scalar(n_classes, "n_classes", int, min_val=2, max_val=MAX_CLASSES)
    if points_per_class * n_classes > MAX_POINTS:
        raise ValueError(f"points_per_class * n_classes must be at most {MAX_POINTS:.0e} points, "
                         f"got {points_per_class} * {n_classes}")
    check_scalar(seed, "seed", int, min_val=0)
    check_scalar(noise, "noise", float, min_val=0, max_val=MAX_NOISE)
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.0, 1.0, points_per_class)
    parts = []
    for k in range(n_classes):
        if radii == "grid":
            radius = grid
            angle = np.linspace(k * ANGLE_PER_ARM, (k + 1) * ANGLE_PER_ARM, points_per_class)
        else:
            radius = np.sort(rng.random(points_per_class))
            angle = ANGLE_PER_ARM * (k + radius)
        angle = angle + noise * rng.standard_normal(points_per_class)
        parts.append(pd.DataFrame({
            "x1": radius * np.sin(angle) + 0.0,  # + 0.0 turns -0.0 into 0.0
            "x2": radius * np.cos(angle) + 0.0,
            "y": np.full(points_per_class, k, dtype=np.int64),
        }))
    return pd.concat(parts, ignore_index=True)


def write_csv_files():
    """Regenerate ``spiral.csv`` and ``spiral_test.csv`` from ``SPLITS`` (chapter 4); returns their paths."""
    return [save_csv(make_spiral(**SPLITS[split]), FILES[split]) for split in FILES]


def load_spiral(split="train"):
    """The shipped spiral as ``(X, y)``: X float64 of shape (N, 2), y int64 of shape (N,) (chapter 4).

    ``split`` is ``"train"`` (spiral.csv) or ``"test"`` (spiral_test.csv, the held-out file).
    """
    check_choice(split, "split", sorted(FILES))
    name = FILES[split]
    frame = load_csv(name, columns=list(COLUMNS))
    X = frame[["x1", "x2"]].to_numpy(dtype=np.float64)
    labels = frame["y"].to_numpy(dtype=np.float64)
    wrong = (labels != np.round(labels)) | (labels < 0) | (labels >= MAX_CLASSES)
    if wrong.any():
        raise ValueError(f"{name}: column 'y' must hold class labels 0, 1, 2, ... below {MAX_CLASSES}; "
                         f"got {labels[wrong][:5].tolist()}")
    if not np.isfinite(X).all():
        raise ValueError(f"{name}: columns x1 and x2 must be finite numbers")
    return X, labels.astype(np.int64)
