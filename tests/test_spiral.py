"""Tests of the spiral data set (chapter 4): shipped files, the generator, the loader."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_write_csv_files_reproduces

from nnscratch.datasets import FLOAT_FORMAT, data_dir, spiral
from nnscratch.datasets.spiral import load_spiral, make_spiral

GRID = np.linspace(0.0, 1.0, 100)  # the training file's radii


def file_radii(split):
    X, _ = load_spiral(split)
    return np.hypot(X[:, 0], X[:, 1])


def distance_to_grid(radii, grid=GRID):
    return np.abs(np.asarray(radii)[:, None] - grid[None, :]).min(axis=1)


@pytest.mark.parametrize("split", sorted(spiral.FILES))
def test_shipped_file_is_what_the_generator_makes_byte_for_byte(split):
    frame = make_spiral(**spiral.SPLITS[split])
    text = frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    assert (data_dir() / spiral.FILES[split]).read_text(encoding="utf-8") == text


def test_the_splits_are_drawn_as_documented():
    assert spiral.SPLITS == {
        "train": {"seed": spiral.TRAIN_SEED, "radii": "grid"},
        "test": {"seed": spiral.TEST_SEED, "radii": "random"},
    }
    assert spiral.TRAIN_SEED != spiral.TEST_SEED
    assert set(spiral.SPLITS) == set(spiral.FILES)


def test_write_csv_files_writes_the_shipped_files(tmp_path, monkeypatch):
    assert_write_csv_files_reproduces(spiral, sorted(spiral.FILES.values()), tmp_path, monkeypatch)


def test_the_training_file_keeps_the_radius_grid():
    # each arm's radii are the grid (files keep 6 decimals)
    np.testing.assert_allclose(file_radii("train").reshape(3, 100), np.tile(GRID, (3, 1)), atol=2e-6)


def test_held_out_points_are_not_on_the_training_grid():
    radii = file_radii("test")
    off = distance_to_grid(radii)
    # radii drawn uniformly at random sit on average a quarter of the grid spacing away
    # (1 / 396 = 0.0025); a held-out file on the training grid would give 0
    assert np.median(off) > 0.0015
    assert np.mean(off < 1e-5) < 0.01
    # and the same check fails for a second draw on the grid: the test can tell them apart
    regridded = make_spiral(seed=spiral.TEST_SEED, radii="grid")
    assert np.median(distance_to_grid(np.hypot(regridded["x1"], regridded["x2"]))) < 1e-12


def test_held_out_points_are_not_copies_of_training_points():
    X_train, _ = load_spiral("train")
    X_test, _ = load_spiral("test")
    nearest = np.sqrt(((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    assert nearest.min() > 1e-4


def test_make_spiral_columns_shapes_and_label_counts():
    frame = make_spiral(points_per_class=40, n_classes=4, seed=3)
    assert list(frame.columns) == ["x1", "x2", "y"]
    assert frame.shape == (160, 3)
    assert frame["y"].dtype == np.int64
    assert np.bincount(frame["y"]).tolist() == [40, 40, 40, 40]
    assert frame["y"].tolist() == sorted(frame["y"])  # grouped by class


def test_grid_radius_grows_evenly_from_zero_to_one_on_every_arm():
    frame = make_spiral(points_per_class=50, seed=1)
    radius = np.hypot(frame["x1"], frame["x2"]).to_numpy().reshape(3, 50)
    np.testing.assert_allclose(radius, np.tile(np.linspace(0, 1, 50), (3, 1)), atol=1e-12)


def test_angle_noise_has_the_requested_spread():
    n = 20_000
    frame = make_spiral(points_per_class=n, n_classes=3, seed=2, noise=0.2)
    for k in range(3):
        arm = frame[frame["y"] == k].iloc[1:]  # the point at radius 0 has no angle
        angle = np.arctan2(arm["x1"], arm["x2"]).to_numpy()
        planned = np.linspace(4.0 * k, 4.0 * (k + 1), n)[1:]
        residual = np.angle(np.exp(1j * (angle - planned)))  # wrapped into (-pi, pi]
        assert abs(residual.mean()) < 0.01
        assert 0.19 < residual.std() < 0.21


def test_random_radii_are_uniform_sorted_and_seeded():
    n = 20_000
    frame = make_spiral(points_per_class=n, n_classes=3, seed=5, noise=0.0, radii="random")
    radius = np.hypot(frame["x1"], frame["x2"]).to_numpy().reshape(3, n)
    assert np.all(np.diff(radius, axis=1) >= 0)  # sorted along each arm
    assert radius.min() >= 0 and radius.max() < 1
    ecdf = np.arange(1, n + 1) / n
    for arm in radius:  # Kolmogorov-Smirnov distance to the uniform distribution
        assert np.abs(ecdf - arm).max() < 0.015
    assert not np.allclose(radius[0], radius[1])  # each arm draws its own radii
    again = make_spiral(points_per_class=n, n_classes=3, seed=5, noise=0.0, radii="random")
    assert frame.equals(again)


def test_random_radii_angles_follow_the_arm_with_the_requested_noise():
    n = 20_000
    frame = make_spiral(points_per_class=n, n_classes=3, seed=6, noise=0.2, radii="random")
    for k in range(3):
        arm = frame[frame["y"] == k]
        radius = np.hypot(arm["x1"], arm["x2"]).to_numpy()
        angle = np.arctan2(arm["x1"], arm["x2"]).to_numpy()
        residual = np.angle(np.exp(1j * (angle - 4.0 * (k + radius))))
        assert abs(residual.mean()) < 0.01
        assert 0.19 < residual.std() < 0.21


def test_noise_zero_puts_points_exactly_on_the_arm():
    frame = make_spiral(points_per_class=20, n_classes=3, seed=0, noise=0.0)
    planned = np.concatenate([np.linspace(4.0 * k, 4.0 * (k + 1), 20) for k in range(3)])
    radius = np.tile(np.linspace(0, 1, 20), 3)
    np.testing.assert_allclose(frame["x1"], radius * np.sin(planned), atol=1e-12)
    np.testing.assert_allclose(frame["x2"], radius * np.cos(planned), atol=1e-12)


def test_make_spiral_is_reproducible_and_seed_dependent():
    a, b, c = make_spiral(seed=11), make_spiral(seed=11), make_spiral(seed=12)
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ({"points_per_class": 0}, "points_per_class must be an integer >= 1 and <= 1e[+]07, got 0"),
        ({"n_classes": 1}, "n_classes must be an integer >= 2 and <= 1000, got 1"),
        ({"noise": -0.1}, "noise must be a finite real number >= 0 and <= 1000, got -0.1"),
        ({"noise": float("nan")}, "noise must be a finite real number"),
        ({"noise": float("inf")}, "noise must be a finite real number"),
        ({"noise": 1e308}, "noise must be a finite real number >= 0 and <= 1000, got 1e[+]308"),
        ({"points_per_class": 10**9}, r"points_per_class must be an integer >= 1 and <= 1e\+07, got 1000000000"),
        ({"points_per_class": 10**6, "n_classes": 20}, r"points_per_class \* n_classes must be at most 1e\+07"),
        ({"seed": -1}, "seed must be an integer >= 0, got -1"),
        ({"radii": "uniform"}, r"radii must be one of \['grid', 'random'\], got 'uniform'"),
    ],
)
def test_make_spiral_rejects_bad_values(bad, match):
    with pytest.raises(ValueError, match=match):
        make_spiral(**bad)


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ({"points_per_class": 2.5}, "points_per_class must be an integer >= 1 and <= 1e[+]07, got float 2.5"),
        ({"points_per_class": True}, "points_per_class must be an integer >= 1 and <= 1e[+]07, got bool"),
        ({"n_classes": "3"}, "n_classes must be an integer >= 2 and <= 1000, got str"),
        ({"noise": "0.2"}, "noise must be a finite real number >= 0 and <= 1000, got str"),
        ({"seed": 1.5}, "seed must be an integer >= 0, got float"),
        ({"seed": None}, "seed must be an integer >= 0, got NoneType"),
        ({"radii": ["grid"]}, r"radii must be one of \['grid', 'random'\], got list"),
    ],
)
def test_make_spiral_rejects_bad_types(bad, match):
    with pytest.raises(TypeError, match=match):
        make_spiral(**bad)


@pytest.mark.parametrize("split", ["train", "test"])
def test_load_spiral_shapes_dtypes_and_values(split):
    X, y = load_spiral(split)
    assert X.shape == (300, 2) and X.dtype == np.float64
    assert y.shape == (300,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [100, 100, 100]
    fresh = make_spiral(**spiral.SPLITS[split])
    np.testing.assert_allclose(X, fresh[["x1", "x2"]].to_numpy(), atol=5e-7)  # files keep 6 decimals
    np.testing.assert_array_equal(y, fresh["y"].to_numpy())


def test_load_spiral_default_is_the_training_file():
    X, y = load_spiral()
    X_train, y_train = load_spiral("train")
    np.testing.assert_array_equal(X, X_train)
    np.testing.assert_array_equal(y, y_train)


def test_load_spiral_rejects_unknown_split():
    with pytest.raises(ValueError, match=r"split must be one of \['test', 'train'\], got 'validation'"):
        load_spiral("validation")
    with pytest.raises(TypeError, match=r"split must be one of \['test', 'train'\], got list"):
        load_spiral(["train"])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("x1,x2,y\n0.1,0.2,0\n0.3,0.4,0.5\n", "column 'y' must hold class labels"),
        ("x1,x2,y\n0.1,0.2,0\n0.3,0.4,-1\n", "column 'y' must hold class labels"),
        ("x1,x2,y\n0.1,0.2,0\n0.3,,1\n", "missing value"),
        ("x1,x2,y\n0.1,0.2,0\n0.3,abc,1\n", "must be numeric"),
        ("x1,y\n0.1,0\n", "missing \\['x2'\\]"),
        ("x1,x2,y\n0.1,inf,0\n", "must be finite"),
        ("x1,x2,y\n0.1,0.2,0\n0.3,0.4,1e20\n", "column 'y' must hold class labels .* got \\[1e\\+20\\]"),
    ],
)
def test_load_spiral_reports_a_broken_file(tmp_path, monkeypatch, text, match):
    (tmp_path / "spiral.csv").write_text(text, encoding="utf-8")
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    with pytest.raises(ValueError, match=match):
        load_spiral("train")


def test_load_spiral_missing_file_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="spiral_test.csv"):
        load_spiral("test")
