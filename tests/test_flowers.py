"""Tests of the flowers data set (chapter 2): shipped files, the rule, the loader."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_write_csv_files_reproduces

from nnscratch.datasets import FLOAT_FORMAT, data_dir, flowers
from nnscratch.datasets.flowers import (
    OUTCOMES,
    TOLERANCE,
    flower_rule,
    ideal_water,
    load_flowers,
    make_flowers,
)

SHIPPED = [
    ("flower_train.csv", flowers.TRAIN_SIZE, flowers.TRAIN_SEED, 0),
    ("flower_test.csv", flowers.TEST_SIZE, flowers.TEST_SEED, flowers.TRAIN_SIZE),
]


@pytest.mark.parametrize(("name", "n", "seed", "first_id"), SHIPPED)
def test_shipped_file_is_regenerated_byte_for_byte(name, n, seed, first_id):
    frame = make_flowers(n, seed, first_id=first_id)
    text = frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    assert (data_dir() / name).read_text(encoding="utf-8") == text


def test_write_csv_files_writes_the_shipped_files(tmp_path, monkeypatch):
    names = [name for name, *_ in SHIPPED]
    assert_write_csv_files_reproduces(flowers, names, tmp_path, monkeypatch)


def test_make_flowers_columns_ranges_and_ids():
    frame = make_flowers(50, 7, first_id=10)
    assert list(frame.columns) == ["flower_id", "sun", "water", "outcome"]
    assert frame["flower_id"].tolist() == list(range(10, 60))
    for col in ("sun", "water"):
        assert frame[col].between(0.0, 1.0).all()
        assert np.allclose(frame[col], frame[col].round(2))
    assert set(frame["outcome"]) <= set(OUTCOMES)


def test_make_flowers_is_reproducible_and_seed_dependent():
    a, b, c = make_flowers(30, 1), make_flowers(30, 1), make_flowers(30, 2)
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.parametrize("bad", [{"n": 0}, {"n": 2.5}, {"seed": -1}, {"first_id": -3}, {"n": True}])
def test_make_flowers_rejects_bad_arguments(bad):
    args = {"n": 10, "seed": 0} | bad
    with pytest.raises((ValueError, TypeError), match="must be an integer >= "):
        make_flowers(**args)


def test_rule_is_a_band_around_the_ideal_water():
    assert ideal_water(0.0) == pytest.approx(flowers.IDEAL_WATER_IN_SHADE)
    assert ideal_water(1.0) == pytest.approx(flowers.IDEAL_WATER_IN_SHADE + flowers.IDEAL_WATER_SLOPE)
    sun = np.linspace(0.0, 1.0, 11)
    best = ideal_water(sun)
    assert flower_rule(sun, best).all()  # right on the ideal: thrives
    assert not flower_rule(sun, best + 1.01 * TOLERANCE).any()  # waterlogged
    assert not flower_rule(sun, best - 1.01 * TOLERANCE).any()  # too dry


def test_rule_rejects_mismatched_shapes_and_nan():
    with pytest.raises(ValueError, match="same shape"):
        flower_rule([0.1, 0.2], [0.3])
    with pytest.raises(ValueError, match="NaN"):
        flower_rule([0.1, np.nan], [0.3, 0.4])


@pytest.mark.parametrize("split", ["train", "test"])
def test_loaded_splits_have_balance_and_little_noise(split):
    X, y = load_flowers(split)
    n = flowers.TRAIN_SIZE if split == "train" else flowers.TEST_SIZE
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert 0.3 <= y.mean() <= 0.6  # both classes well represented
    disagree = np.mean(flower_rule(X[:, 0], X[:, 1]) != y)
    assert 0.0 < disagree <= 0.06  # a little noise, not much


def _best_straight_line_accuracy(X, y, n_angles=360):
    """Accuracy of the best classifier of the form 'thrives iff a.x > c', by brute force."""
    best = 0.0
    for angle in np.linspace(0.0, 2.0 * np.pi, n_angles, endpoint=False):
        proj = np.cos(angle) * X[:, 0] + np.sin(angle) * X[:, 1]
        order = np.argsort(proj, kind="stable")
        ys, ps = y[order], proj[order]
        # Threshold after position k: points 0..k-1 predicted 0, k..N-1 predicted 1; never inside a tie.
        correct = np.concatenate([[0], np.cumsum(ys == 0)]) + np.concatenate([np.cumsum((ys == 1)[::-1])[::-1], [0]])
        allowed = np.concatenate([[True], ps[1:] > ps[:-1], [True]])
        best = max(best, correct[allowed].max() / len(y))
    return best


def test_best_line_search_finds_a_separating_line_when_there_is_one():
    X = np.random.default_rng(0).uniform(0, 1, size=(200, 2))
    y = (X[:, 1] > 0.3 + 0.5 * X[:, 0]).astype(int)
    assert _best_straight_line_accuracy(X, y) == 1.0


def test_no_straight_line_separates_the_training_flowers():
    X, y = load_flowers("train")
    assert _best_straight_line_accuracy(X, y) < 0.80
    # Whereas the true band rule is right on all but the flipped labels.
    assert np.mean(flower_rule(X[:, 0], X[:, 1]) == y) >= 0.94


def test_logistic_regression_stays_well_below_the_band():
    X, y = load_flowers("train")
    A = np.column_stack([X, np.ones(len(y))])
    w = np.zeros(3)
    for _ in range(5000):  # full-batch gradient descent on the mean cross-entropy
        p = 1.0 / (1.0 + np.exp(-(A @ w)))
        w -= 1.0 * A.T @ (p - y) / len(y)
    acc = np.mean((A @ w > 0) == y)
    assert acc < 0.80
    assert acc <= _best_straight_line_accuracy(X, y) + 1e-12


def test_load_flowers_rejects_unknown_split():
    with pytest.raises(ValueError, match="split must be one of"):
        load_flowers("validation")


def _write(tmp_path, monkeypatch, text):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    (tmp_path / "flower_train.csv").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("flower_id,sun,water,outcome\n0,0.5,0.5,Thrived\n1,0.2,0.9,Wilted\n", r"row 1 holds 'Wilted'"),
        ("flower_id,sun,outcome\n0,0.5,Thrived\n", r"missing \['water'\]"),
        ("flower_id,sun,water,outcome\n0,1.5,0.5,Thrived\n", r"\[0, 1\]"),
        ("flower_id,sun,water,outcome\n0,lots,0.5,Thrived\n", "must be numeric"),
    ],
    ids=["unknown outcome", "missing column", "outside the unit square", "non-numeric sun"],
)
def test_load_flowers_rejects_bad_files(tmp_path, monkeypatch, text, match):
    _write(tmp_path, monkeypatch, text)
    with pytest.raises(ValueError, match=match):
        load_flowers("train")
