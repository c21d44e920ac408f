"""The flowers data set of chapter 2: does a flower thrive given its sun and water?

Each flower gets an amount of sun and of water, both on a scale from 0 (none)
to 1 (the most any flower in the garden gets). The more sun a flower gets, the
more water it needs: its ideal water level rises in a straight line from
``IDEAL_WATER_IN_SHADE`` (no sun) by ``IDEAL_WATER_SLOPE`` per unit of sun. A
flower thrives when its water lies within ``TOLERANCE`` of that ideal; with
less it dries out, with more its roots drown. The thriving flowers therefore
fill a diagonal band of the (sun, water) square, with failures on both sides,
so no single straight line separates the two outcomes. A fraction
``LABEL_NOISE`` of the outcomes is flipped at random (a gardener's mistake, a
pest) so that not even the true rule is right every time.

``write_csv_files()`` writes the shipped ``data/flower_train.csv`` and
``data/flower_test.csv``; ``load_flowers(split)`` reads them back as arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nnscratch.checks import check_array, check_choice, check_scalar
from nnscratch.datasets import load_csv, save_csv

#: Ideal water level of a flower in full shade (sun = 0).
IDEAL_WATER_IN_SHADE = 0.2
#: How much the ideal water level rises per unit of sun.
IDEAL_WATER_SLOPE = 0.6
#: A flower thrives when its water is less than this far from the ideal.
TOLERANCE = 0.18
#: Probability that a flower's recorded outcome is flipped.
LABEL_NOISE = 0.03

#: Outcome strings in label order: label 0 is "Did not thrive", label 1 is "Thrived".
OUTCOMES = ("Did not thrive", "Thrived")
#: Columns of the CSV files.
COLUMNS = ("flower_id", "sun", "water", "outcome")

#: Sizes and seeds of the shipped files. Test ids follow on from training ids.
TRAIN_SIZE, TRAIN_SEED = 200, 2
TEST_SIZE, TEST_SEED = 100, 3
SPLITS = {"train": "flower_train.csv", "test": "flower_test.csv"}
#: Largest garden :func:`make_flowers` draws.
MAX_FLOWERS = 10**7


def ideal_water(sun):
    """The water level at which a flower with this much sun does best (chapter 2)."""
    sun = check_array(sun, "sun", allow_empty=True)
    return IDEAL_WATER_IN_SHADE + IDEAL_WATER_SLOPE * sun


def flower_rule(sun, water):
    """True where the noise-free rule says the flower thrives (chapter 2).

    A flower thrives when ``|water - ideal_water(sun)| < TOLERANCE``. ``sun``
    and ``water`` are numbers or arrays of the same shape.
    """
    sun = check_array(sun, "sun", allow_empty=True)
    water = check_array(water, "water", allow_empty=True)
    if sun.shape != water.shape:
        raise ValueError(f"sun and water must have the same shape, got {sun.shape} and {water.shape}")
    return np.abs(water - ideal_water(sun)) < TOLERANCE


def make_flowers(n, seed, first_id=0):
    """Draw ``n`` flowers with the random seed ``seed`` (chapter 2).

    Sun and water are uniform on [0, 1], rounded to two decimals like a
    gardener's notes; the outcome follows :func:`flower_rule`, then each one is
    flipped with probability ``LABEL_NOISE``. Returns a DataFrame with columns
    ``flower_id`` (``first_id``, ``first_id + 1``, ...), ``sun``, ``water`` and
    ``outcome`` ("Thrived" or "Did not thrive").
    """
    check_scalar(n, "n", int, min_val=1, max_val=MAX_FLOWERS)
    check_scalar(seed, "seed", int, min_val=0)
    check_scalar(first_id, "first_id", int, min_val=0, max_val=2**53)
    rng = np.random.default_rng(seed)
    sun = np.round(rng.uniform(0.0, 1.0, size=n), 2)
    water = np.round(rng.uniform(0.0, 1.0, size=n), 2)
    flipped = rng.uniform(0.0, 1.0, size=n) < LABEL_NOISE
    label = flower_rule(sun, water) ^ flipped
    return pd.DataFrame(
        {
            "flower_id": np.arange(first_id, first_id + n),
            "sun": sun,
            "water": water,
            "outcome": np.where(label, OUTCOMES[1], OUTCOMES[0]),
        }
    )


def _shipped_frames():
    """The two shipped data sets as DataFrames, keyed by split name."""
    return {
        "train": make_flowers(TRAIN_SIZE, TRAIN_SEED),
        "test": make_flowers(TEST_SIZE, TEST_SEED, first_id=TRAIN_SIZE),
    }


def write_csv_files():
    """Write ``data/flower_train.csv`` and ``data/flower_test.csv`` (chapter 2; ``make data``)."""
    return [save_csv(frame, SPLITS[split]) for split, frame in _shipped_frames().items()]


def load_flowers(split):
    """Load a shipped split, ``"train"`` or ``"test"``, as ``(X, y)`` (chapter 2).

    ``X`` is a float64 array of shape (N, 2) with columns sun and water; ``y``
    is an int64 array of shape (N,), 1 for "Thrived" and 0 for "Did not thrive".
    Raises ``ValueError`` for an unknown split, a missing column, a value
    outside [0, 1] or an outcome other than those two strings.
    """
    check_choice(split, "split", sorted(SPLITS))
    name = SPLITS[split]
    frame = load_csv(name, columns=COLUMNS, numeric=("flower_id", "sun", "water"))
    X = frame[["sun", "water"]].to_numpy(dtype=np.float64)
    if ((X < 0.0) | (X > 1.0)).any():
        raise ValueError(f"{name}: sun and water must lie in [0, 1], got values from {X.min():g} to {X.max():g}")
    outcome = frame["outcome"]
    unknown = ~outcome.isin(OUTCOMES)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        raise ValueError(
            f"{name}: outcome must be one of {list(OUTCOMES)}, row {row} holds {outcome.iloc[row]!r}"
        )
    y = (outcome == OUTCOMES[1]).to_numpy().astype(np.int64)
    return X, y
