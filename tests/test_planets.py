"""Tests of nnscratch.datasets.planets, the habitable-planet catalogue of chapter 9."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch.datasets import FLOAT_FORMAT, data_dir, planets
from nnscratch.datasets.planets import (
    MAXIMUM_GREENHOUSE,
    ROCKY_RADIUS,
    RUNAWAY_GREENHOUSE,
    bayes_probability,
    hz_distances,
    hz_flux_limits,
    is_habitable,
    load_planets,
    load_real_planets,
    main_sequence_luminosity,
    make_planets,
)


def reference_seff(coefficients, teff):
    """The Kopparapu et al. (2014) polynomial evaluated term by term."""
    t = teff - 5780.0
    return sum(c * t**k for k, c in enumerate(coefficients))


def test_limits_at_the_reference_temperature_are_the_published_s0():
    inner, outer = hz_flux_limits(5780.0)
    assert inner == pytest.approx(1.107, abs=1e-12)
    assert outer == pytest.approx(0.356, abs=1e-12)


def test_solar_habitable_zone_distances():
    # Kopparapu et al. (2014): for the Sun the 1-Earth-mass runaway greenhouse
    # limit lies at 0.95 AU. Both edges follow d = sqrt(L / S_eff) with L = 1.
    inner, outer = hz_distances(5780.0, 1.0)
    assert inner == pytest.approx(0.95, abs=0.005)
    assert outer == pytest.approx(1.0 / np.sqrt(0.356), rel=1e-12)
    inner_dim, _ = hz_distances(5780.0, 0.25)
    assert inner_dim == pytest.approx(0.5 * inner, rel=1e-12)  # a quarter of the light: half the distance


@settings(max_examples=50, deadline=None)
@given(st.floats(2600.0, 7200.0))
def test_limits_match_the_polynomial_written_out(teff):
    inner, outer = hz_flux_limits(teff)
    assert inner == pytest.approx(reference_seff(RUNAWAY_GREENHOUSE, teff), rel=1e-12)
    assert outer == pytest.approx(reference_seff(MAXIMUM_GREENHOUSE, teff), rel=1e-12)
    assert 0 < outer < inner


def test_earth_is_habitable_venus_is_too_hot_a_mini_neptune_too_big():
    assert is_habitable(1.0, 1.0, 5772.0)
    assert not is_habitable(1.911, 0.95, 5772.0)   # Venus: above the runaway greenhouse limit
    assert not is_habitable(1.0, 2.4, 5772.0)      # Earth's flux, but too large to be rocky
    assert not is_habitable(0.2, 1.0, 5772.0)      # beyond the maximum greenhouse limit


def test_label_rule_at_the_boundaries():
    inner, outer = hz_flux_limits(np.array([3000.0, 6000.0]))
    teff = np.array([3000.0, 6000.0])
    assert is_habitable(inner, [ROCKY_RADIUS, ROCKY_RADIUS], teff).all()
    assert is_habitable(outer, [1.0, 1.0], teff).all()
    assert not is_habitable(inner * 1.001, [1.0, 1.0], teff).any()
    assert not is_habitable(outer * 0.999, [1.0, 1.0], teff).any()
    assert not is_habitable(np.sqrt(inner * outer), [ROCKY_RADIUS * 1.001] * 2, teff).any()


def test_temperature_outside_the_fit_needs_extrapolate():
    with pytest.raises(ValueError, match=r"2600-7200 K.*extrapolate=True"):
        hz_flux_limits(2566.0)
    assert hz_flux_limits(2566.0, extrapolate=np.True_) == hz_flux_limits(2566.0, extrapolate=True)
    inner, outer = hz_flux_limits(2566.0, extrapolate=True)
    assert inner == pytest.approx(reference_seff(RUNAWAY_GREENHOUSE, 2566.0))
    with pytest.raises(ValueError, match="2600-7200 K"):
        is_habitable(0.6, 0.9, 2566.0)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: hz_flux_limits("hot"), TypeError, "teff must be a number"),
        (lambda: hz_flux_limits([5000.0, np.nan]), ValueError, "NaN"),
        (lambda: hz_flux_limits(-5.0, extrapolate=True), ValueError, "positive"),
        (lambda: hz_distances(5780.0, 0.0), ValueError, "luminosity must hold finite positive"),
        (lambda: is_habitable([1.0, 1.0], [1.0, 1.0, 1.0], 5780.0), ValueError, "must have one shape"),
        # (3,) and (3, 1) would broadcast to a (3, 3) answer: refused.
        (lambda: is_habitable([1.0] * 3, [[1.0]] * 3, 5780.0), ValueError,
         r"flux, radius, teff must have one shape \(or be scalars\), got shapes \(3,\), \(3, 1\), \(\)"),
        (lambda: is_habitable(1.0, 1.0, [[5780.0]] * 3 + [[5000.0]]), None, None),
        (lambda: hz_distances([5780.0] * 3, [[1.0]] * 3), ValueError,
         r"teff, luminosity must have one shape .*\(3,\), \(3, 1\)"),
        (lambda: hz_flux_limits(5780.0, extrapolate="False"), TypeError,
         "extrapolate must be True or False, got str 'False'"),
        (lambda: is_habitable(1.0, 1.0, 2566.0, extrapolate=1), TypeError, "extrapolate must be True or False"),
        (lambda: hz_flux_limits(20000.0, extrapolate=True), ValueError,
         "teff must give positive, ordered flux limits"),
        (lambda: is_habitable(np.inf, 1.0, 5780.0), ValueError, "flux must hold finite numbers"),
        (lambda: bayes_probability([1.0, 1.0], 1.0, [[5000.0]] * 2), ValueError, "must have one shape"),
        (lambda: bayes_probability(1.0, 0.0, 5000.0), ValueError, "radius must hold finite positive"),
        (lambda: is_habitable(-1.0, 1.0, 5780.0), ValueError, "flux must hold finite positive"),
        (lambda: main_sequence_luminosity(8000.0), ValueError, "2600-7200 K"),
        (lambda: make_planets(0), ValueError, "n must be an integer >= 1 and <= 1e[+]07, got 0"),
        (lambda: make_planets(2.5), TypeError, "n must be an integer >= 1 and <= 1e[+]07, got float 2.5"),
        (lambda: make_planets(True), TypeError, "n must be an integer"),
        (lambda: make_planets(10**12), ValueError, "n must be an integer >= 1 and <= 1e[+]07, got 1000000000000"),
        (lambda: hz_distances(5780.0, 1e308), ValueError, "luminosity must be small enough for finite distances"),
        (lambda: make_planets(5, seed="8"), TypeError, "seed must be an integer >= 0"),
    ],
)
def test_bad_inputs(call, error, message):
    if error is None:  # a scalar with an array is fine
        call()
        return
    with pytest.raises(error, match=message):
        call()


def test_main_sequence_relation_passes_through_the_sun_and_rises():
    assert main_sequence_luminosity(5780.0) == pytest.approx(1.0)
    lum = main_sequence_luminosity(np.linspace(2600.0, 7200.0, 50))
    assert np.all(np.diff(lum) > 0)


def test_generator_physics():
    frame = make_planets(500, seed=1)
    np.testing.assert_allclose(frame["flux_true"], frame["luminosity_sun"] / frame["distance_au"] ** 2)
    lo, hi = planets.FLUX_RANGE
    assert frame["flux_true"].between(lo * (1 - 1e-9), hi * (1 + 1e-9)).all()
    assert frame["teff_true_k"].between(*planets.TEFF_RANGE).all()
    expected = is_habitable(frame["flux_true"], frame["radius_true"], frame["teff_true_k"])
    np.testing.assert_array_equal(frame["habitable"], expected.astype(int))
    assert 0.05 < frame["habitable"].mean() < 0.5  # both classes well represented
    # The measurements scatter around the truth by about the stated noise.
    log_ratio = np.log(frame["flux_earth"] / frame["flux_true"])
    assert abs(log_ratio.std() - planets.FLUX_NOISE) < 0.02
    assert abs(log_ratio.mean()) < 0.02


def test_generator_is_reproducible_and_seed_dependent():
    pd.testing.assert_frame_equal(make_planets(50, seed=3), make_planets(50, seed=3))
    assert not make_planets(50, seed=3).equals(make_planets(50, seed=4))


def test_shipped_file_regenerates_byte_for_byte():
    shipped = (data_dir() / planets.FILES["synthetic"]).read_text()
    regenerated = make_planets().to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    assert regenerated == shipped


def test_load_planets_types_and_labels():
    frame = load_planets()
    assert len(frame) == planets.N_PLANETS
    assert list(frame.columns) == list(planets.COLUMNS)
    assert frame["habitable"].dtype == np.int64
    assert set(frame["habitable"].unique()) == {0, 1}


def test_load_planets_rejects_bad_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    good = make_planets(5, seed=0)
    bad_label = good.assign(habitable=[0, 1, 2, 0, 1])
    bad_label.to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match="'habitable' must hold 0 or 1"):
        load_planets()
    good.assign(flux_earth=-good["flux_earth"]).to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match=r"\['flux_earth'\] must hold finite positive"):
        load_planets()
    good.drop(columns="radius_true").to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match="missing"):
        load_planets()
    good.iloc[:0].to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match="planets.csv must .*at least one.*row"):
        load_planets()
    good.assign(flux_earth=[1.0, np.inf, 1.0, 1.0, 1.0]).to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match=r"'flux_earth'.* must .*finite"):
        load_planets()
    good.assign(planet_id=[0, 1.5, 2, 3, 4]).to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match=r"'planet_id' must hold whole numbers >= 0, got \[1.5\]"):
        load_planets()
    good.assign(planet_id=[0, 1, 1, 3, 4]).to_csv(tmp_path / "planets.csv", index=False)
    with pytest.raises(ValueError, match="'planet_id' must not repeat"):
        load_planets()


def test_real_planets_table():
    real = load_real_planets()
    assert {"Earth", "Venus", "Mars", "Proxima Centauri b", "TRAPPIST-1 e", "Kepler-452 b"} <= set(real["name"])
    assert real["source"].str.len().min() > 5
    earth = real.set_index("name").loc["Earth"]
    assert earth["flux_earth"] == 1.0 and earth["radius_earth"] == 1.0
    # Proxima b was found by radial velocity: no radius.
    assert real.set_index("name")["radius_earth"].isna().to_dict() == {
        n: n == "Proxima Centauri b" for n in real["name"]
    }


def test_load_real_planets_rejects_bad_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    header = "name,host_teff_k,flux_earth,radius_earth,source\n"
    (tmp_path / "real_planets.csv").write_text(header + "X,5000,1.0,big,paper\n")
    with pytest.raises(ValueError, match="'radius_earth' must be numeric"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text(header + "X,5000,-1.0,1.0,paper\n")
    with pytest.raises(ValueError, match=r"'flux_earth' must be finite and positive, got \[-1.0\]"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text(header + "X,5000,inf,1.0,paper\n")
    with pytest.raises(ValueError, match=r"'flux_earth' must be finite"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text(header)
    with pytest.raises(ValueError, match="real_planets.csv must .*at least one.*row"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text(header + "X,5000,1.0,1.0,a\nX,5000,1.0,1.0,b\n")
    with pytest.raises(ValueError, match=r"'name' must not repeat a planet, got \['X'\]"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text(header + "X,5000,1.0,1.0,\n")
    with pytest.raises(ValueError, match="source"):
        load_real_planets()


def test_normal_mass_against_a_numerical_integral():
    # Both tails and the middle: the erfc-based mass equals the integral of the density.
    for low, high in ((-1.0, 2.0), (3.0, 3.5), (8.0, 9.0), (-9.0, -8.0), (-np.inf, 0.3)):
        z = np.linspace(max(low, -40.0), high, 200_001)
        density = np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
        assert planets._normal_mass(low, high) == pytest.approx(np.trapezoid(density, z), rel=1e-6)


@pytest.mark.filterwarnings("error")
def test_bayes_probability_clear_cases_and_shapes():
    p = bayes_probability([1.911, 0.6, 0.6, 0.6], [0.95, 1.0, 3.0, 1.6], [5772.0, 5000.0, 5000.0, 5000.0])
    assert p[0] < 1e-6 and p[1] > 0.999 and p[2] < 1e-6   # Venus, deep inside, a mini-Neptune
    assert 0.3 < p[3] < 0.7                               # right on the radius limit
    assert bayes_probability(0.6, 1.0, 5000.0).shape == ()
    assert bayes_probability(np.full((2, 3), 0.6), 1.0, 5000.0).shape == (2, 3)
    # Extreme measurements give finite probabilities, not NaN.
    extreme = bayes_probability([1e-6, 1e6, 0.6, 0.6], [1.0, 1.0, 1e-6, 1.0], [5000.0, 5000.0, 1e6, 1e308])
    assert np.isfinite(extreme).all() and ((extreme >= 0) & (extreme <= 1)).all()


def test_bayes_probability_is_calibrated_and_uses_the_generators_noise(monkeypatch):
    # An independent check: a fresh catalogue drawn by the generator. Among planets given
    # probability p, a fraction p must be habitable; and the true noise levels must explain
    # the labels better (lower log loss) than halved or doubled ones.
    fresh = make_planets(4000, seed=123)
    measured = fresh["flux_earth"], fresh["radius_earth"], fresh["teff_k"]
    y = fresh["habitable"].to_numpy()
    p = bayes_probability(*measured)
    unsure = (p > 0.02) & (p < 0.98)
    spread = np.sqrt(np.sum(p[unsure] * (1 - p[unsure])))
    assert abs(p[unsure].sum() - y[unsure].sum()) < 3 * spread

    def log_loss(q):
        q = np.clip(q, 1e-12, 1 - 1e-12)
        return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))

    best = log_loss(p)
    for name in ("FLUX_NOISE", "RADIUS_NOISE"):  # a Teff error of 100 K barely matters
        for factor in (0.5, 2.0):
            with monkeypatch.context() as m:
                m.setattr(planets, name, getattr(planets, name) * factor)
                assert log_loss(bayes_probability(*measured)) > best, (name, factor)


def test_bayes_classifier_beats_the_rule_on_the_shipped_catalogue():
    frame = load_planets()
    y = frame["habitable"].to_numpy()
    p = bayes_probability(frame["flux_earth"], frame["radius_earth"], frame["teff_k"])
    rule = is_habitable(frame["flux_earth"], frame["radius_earth"], frame["teff_k"], extrapolate=True)
    assert np.mean((p > 0.5) == y) > np.mean(rule == y)


def test_coefficients_are_the_published_ones():
    # Typed in again from Kopparapu et al. (2014), Table 1 (runaway greenhouse for one Earth
    # mass, maximum greenhouse), so that a changed digit in the module is caught.
    assert RUNAWAY_GREENHOUSE == (1.107, 1.332e-4, 1.580e-8, -8.308e-12, -1.931e-15)
    assert MAXIMUM_GREENHOUSE == (0.356, 6.171e-5, 1.698e-9, -3.198e-12, -5.575e-16)
    # And one value away from 5780 K, where every coefficient matters: at 3000 K.
    inner, outer = hz_flux_limits(3000.0)
    t = -2780.0
    assert inner == pytest.approx(1.107 + 1.332e-4 * t + 1.580e-8 * t**2 - 8.308e-12 * t**3
                                  - 1.931e-15 * t**4, rel=1e-12)
    assert outer == pytest.approx(0.356 + 6.171e-5 * t + 1.698e-9 * t**2 - 3.198e-12 * t**3
                                  - 5.575e-16 * t**4, rel=1e-12)
