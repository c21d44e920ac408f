"""Habitable or not? A synthetic planet catalogue built from published physics (chapter 8).

Each row is one planet around one main-sequence star:

1. the star's effective temperature ``Teff`` is drawn uniformly over 2600-7200 K,
   the range where the habitable-zone fit below holds, and its luminosity
   follows a rough main-sequence relation with 0.1 dex of scatter;
2. the orbital distance ``d`` is drawn log-uniformly, and the planet receives
   the flux ``S = L / d**2`` (Earth = 1 with L in solar units and d in AU);
3. the radius is drawn log-uniformly between 0.5 and 4 Earth radii;
4. the label ``habitable`` is 1 when the true flux lies inside the
   conservative habitable zone of Kopparapu et al. (2014) and the true radius
   is at most 1.6 Earth radii (most larger planets hold thick envelopes of
   gas, Rogers 2015);
5. what a telescope would report, ``teff_k``, ``flux_earth`` and
   ``radius_earth``, carries measurement noise, so near a boundary the label
   cannot be read off the measured values with certainty.

The habitable-zone limits are the effective fluxes
``S_eff = S0 + a*T + b*T**2 + c*T**3 + d*T**4`` with ``T = Teff - 5780 K``, for
the runaway greenhouse limit of a one-Earth-mass planet (inner edge) and the
maximum greenhouse limit (outer edge). Shipped files (in the package's data
folder, see :mod:`nnscratch.datasets`): ``planets.csv`` (generated here with a fixed
seed) and ``real_planets.csv`` (published
parameters of a few well-known planets, typed in with their sources).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from nnscratch.checks import check_array, check_scalar
from nnscratch.datasets import load_csv, save_csv

#: Seed and size of the shipped catalogue.
SEED = 8
N_PLANETS = 3000
#: Largest catalogue make_planets draws (ten million rows take about a gigabyte).
MAX_PLANETS = 10_000_000
#: Temperature (K) the polynomial is centred on, and the range it was fitted over.
T_REFERENCE = 5780.0
TEFF_RANGE = (2600.0, 7200.0)
#: Kopparapu et al. (2014), ApJL 787, L29: (S0, a, b, c, d) of each limit.
RUNAWAY_GREENHOUSE = (1.107, 1.332e-4, 1.580e-8, -8.308e-12, -1.931e-15)
MAXIMUM_GREENHOUSE = (0.356, 6.171e-5, 1.698e-9, -3.198e-12, -5.575e-16)
#: Largest radius (Earth radii) counted as plausibly rocky.
ROCKY_RADIUS = 1.6
#: A rough main sequence: (Teff in K, log10 of L in solar units), interpolated
#: linearly. Good to about 0.2 dex for dwarfs, not a stellar model.
MAIN_SEQUENCE = (
    (2600.0, -3.25), (2850.0, -2.95), (3050.0, -2.55), (3200.0, -2.10), (3400.0, -1.65),
    (3800.0, -1.20), (4400.0, -0.75), (5000.0, -0.42), (5780.0, 0.00), (6500.0, 0.45), (7200.0, 0.80),
)
#: Star-to-star scatter of log10 L around the relation (dex).
LUMINOSITY_SCATTER = 0.1
#: Flux range (Earth units) the orbits are drawn to cover, and the radius range.
FLUX_RANGE = (0.1, 6.0)
RADIUS_RANGE = (0.5, 4.0)
#: Measurement noise: relative (1 sigma) for flux and radius, in K for Teff.
FLUX_NOISE = 0.10
RADIUS_NOISE = 0.08
TEFF_NOISE = 100.0

COLUMNS = (
    "planet_id", "teff_true_k", "luminosity_sun", "distance_au", "flux_true", "radius_true",
    "teff_k", "flux_earth", "radius_earth", "habitable",
)
REAL_COLUMNS = ("name", "host_teff_k", "flux_earth", "radius_earth", "source")
FILES = {"synthetic": "planets.csv", "real": "real_planets.csv"}


def _positive_array(values, name):
    arr = check_array(values, name, allow_empty=True, what="numbers")
    if (arr <= 0).any():
        raise ValueError(
            f"{name} must hold finite positive numbers, got values from {arr.min():g} to {arr.max():g}"
        )
    return arr


def _check_extrapolate(extrapolate):
    if isinstance(extrapolate, np.bool_):
        return bool(extrapolate)
    return check_scalar(extrapolate, "extrapolate", bool)


def _check_shapes(**arrays):
    """Raise ``ValueError`` unless the arrays share one shape (0-d arrays, scalars, go with any)."""
    shapes = {a.shape for a in arrays.values() if a.ndim > 0}
    if len(shapes) > 1:
        names = ", ".join(arrays)
        got = ", ".join(str(a.shape) for a in arrays.values())
        raise ValueError(f"{names} must have one shape (or be scalars), got shapes {got}")


def _checked_teff(teff, extrapolate):
    extrapolate = _check_extrapolate(extrapolate)
    teff = _positive_array(teff, "teff")
    lo, hi = TEFF_RANGE
    outside = (teff < lo) | (teff > hi)
    if outside.any() and not extrapolate:
        bad = np.atleast_1d(teff)[np.atleast_1d(outside)][:3].tolist()
        raise ValueError(
            f"teff must lie in the fit's range {lo:.0f}-{hi:.0f} K, got {bad} K; "
            "pass extrapolate=True to evaluate the polynomial outside it anyway"
        )
    return teff


def _polynomial(coefficients, t):
    s0, a, b, c, d = coefficients
    return s0 + t * (a + t * (b + t * (c + t * d)))


def _limits(teff):
    """Both polynomials at checked temperatures; refuses where they stop making sense."""
    t = teff - T_REFERENCE
    with np.errstate(over="ignore", invalid="ignore"):
        inner, outer = _polynomial(RUNAWAY_GREENHOUSE, t), _polynomial(MAXIMUM_GREENHOUSE, t)
    bad = ~(np.isfinite(inner) & np.isfinite(outer) & (outer > 0) & (outer < inner))
    if bad.any():
        raise ValueError(
            "teff must give positive, ordered flux limits (outer < inner), got teff "
            f"{np.atleast_1d(teff)[np.atleast_1d(bad)][:3].tolist()} K, too far outside the "
            f"fit's range {TEFF_RANGE[0]:.0f}-{TEFF_RANGE[1]:.0f} K even to extrapolate"
        )
    return inner, outer


def hz_flux_limits(teff, extrapolate=False):
    """Stellar flux (Earth = 1) at the conservative habitable zone's inner and outer edge (chapter 8).

    Returns ``(inner, outer)``: the runaway greenhouse limit for a one-Earth-mass
    planet and the maximum greenhouse limit of Kopparapu et al. (2014). A planet
    is inside the zone when ``outer <= flux <= inner``. ``teff`` (K, scalar or
    array) must lie in 2600-7200 K unless ``extrapolate=True`` (a bool).
    """
    return _limits(_checked_teff(teff, extrapolate))


def hz_distances(teff, luminosity, extrapolate=False):
    """Orbital distances (AU) of the conservative habitable zone's inner and outer edge (chapter 8).

    ``d = sqrt(L / S_eff)`` with ``luminosity`` L in solar units; ``teff`` and
    ``luminosity`` have one shape, or either is a scalar.
    """
    teff = _checked_teff(teff, extrapolate)
    luminosity = _positive_array(luminosity, "luminosity")
    _check_shapes(teff=teff, luminosity=luminosity)
    inner, outer = _limits(teff)
    with np.errstate(over="ignore"):
        near, far = luminosity / inner, luminosity / outer
    if not (np.isfinite(near).all() and np.isfinite(far).all()):
        raise ValueError(
            f"luminosity must be small enough for finite distances, got up to {luminosity.max():g}"
        )
    return np.sqrt(near), np.sqrt(far)


def main_sequence_luminosity(teff):
    """Luminosity (solar units) of a typical main-sequence star of temperature ``teff`` K (chapter 8).

    Interpolates :data:`MAIN_SEQUENCE` in log10 L; defined on 2600-7200 K only.
    """
    teff = _checked_teff(teff, extrapolate=False)
    temps, log_l = zip(*MAIN_SEQUENCE, strict=True)
    return 10.0 ** np.interp(teff, temps, log_l)


def is_habitable(flux, radius, teff, extrapolate=False):
    """The physics label: inside the conservative habitable zone and radius <= 1.6 Earth radii (chapter 8).

    ``flux`` in Earth units, ``radius`` in Earth radii, ``teff`` in K: arrays of
    one shape, any of them possibly a scalar. Returns a boolean array.
    """
    flux = _positive_array(flux, "flux")
    radius = _positive_array(radius, "radius")
    teff = _checked_teff(teff, extrapolate)
    _check_shapes(flux=flux, radius=radius, teff=teff)
    inner, outer = _limits(teff)
    return (flux >= outer) & (flux <= inner) & (radius <= ROCKY_RADIUS)


def _normal_mass(low, high):
    """P(low <= Z <= high) for a standard normal Z, accurate in both tails (math.erfc per element)."""
    erfc = np.frompyfunc(math.erfc, 1, 1)
    low, high = np.broadcast_arrays(low, high)
    upper = low > 0  # both bounds in the upper tail: use the symmetry Z -> -Z
    a = np.where(upper, -high, low) / math.sqrt(2.0)
    b = np.where(upper, -low, high) / math.sqrt(2.0)
    return 0.5 * np.asarray(erfc(-b) - erfc(-a), dtype=np.float64)


def _truncated_mass(mean, sigma, low, high, bounds):
    """P(low <= X <= high) for X ~ Normal(mean, sigma) restricted to [bounds[0], bounds[1]]."""
    # A mean more than 30 sigma beyond a bound puts X at that bound: clip it there, so that
    # the normalising mass below never underflows to zero.
    mean = np.clip(mean, bounds[0] - 30.0 * sigma, bounds[1] + 30.0 * sigma)
    low, high = np.maximum(low, bounds[0]), np.minimum(high, bounds[1])
    inside = _normal_mass((low - mean) / sigma, (high - mean) / sigma)
    total = _normal_mass((bounds[0] - mean) / sigma, (bounds[1] - mean) / sigma)
    return np.where(low < high, inside, 0.0) / total


def bayes_probability(flux, radius, teff):
    """P(truly habitable | measured flux, radius, teff) for a planet of the synthetic survey (chapter 8).

    The probability that a planet drawn and measured as :func:`make_planets`
    draws and measures them (uniform Teff, log-uniform flux and radius, the noise
    levels of :data:`FLUX_NOISE`, :data:`RADIUS_NOISE` and :data:`TEFF_NOISE`)
    carries the label 1, given its measured values. It is a statement about that
    survey, not about a real planet measured more precisely. The flux and Teff
    noise is integrated over a grid of true temperatures 10 K apart (the luminosity
    scatter only moves planets along the flux axis, which is drawn log-uniformly,
    so it does not enter). Arrays of one shape or scalars; returns floats in [0, 1].
    """
    flux = _positive_array(flux, "flux")
    radius = _positive_array(radius, "radius")
    teff = _positive_array(teff, "teff")
    _check_shapes(flux=flux, radius=radius, teff=teff)
    flux, radius, teff = np.broadcast_arrays(flux, radius, teff)
    shape = flux.shape
    log_r, log_f = np.log(radius).ravel(), np.log(flux).ravel()
    # A measured Teff more than 50 sigma outside the range weighs like one at 50 sigma
    # (all weight on the nearest end); clipping it keeps the squares below finite.
    lo, hi = TEFF_RANGE
    t_meas = np.clip(teff.ravel(), lo - 50.0 * TEFF_NOISE, hi + 50.0 * TEFF_NOISE)
    p_rocky = _truncated_mass(log_r, RADIUS_NOISE, -np.inf, math.log(ROCKY_RADIUS),
                              np.log(RADIUS_RANGE))
    t_true = np.linspace(*TEFF_RANGE, 461)
    weight = np.exp(-0.5 * ((t_true - t_meas[:, None]) / TEFF_NOISE) ** 2)
    weight_sum = weight.sum(axis=1, keepdims=True)
    # A measured Teff far outside the range: all weight on the nearest true temperature.
    far = weight_sum[:, 0] < 1e-300
    weight[far] = (np.abs(t_true - t_meas[far, None]) == np.abs(t_true - t_meas[far, None]).min(
        axis=1, keepdims=True)).astype(np.float64)
    weight /= weight.sum(axis=1, keepdims=True)
    inner, outer = _limits(t_true)
    p_zone = _truncated_mass(log_f[:, None], FLUX_NOISE, np.log(outer), np.log(inner),
                             np.log(FLUX_RANGE))
    return (p_rocky * (weight * p_zone).sum(axis=1)).reshape(shape)


def make_planets(n=N_PLANETS, seed=SEED):
    """A synthetic catalogue of ``n`` planets as a DataFrame with columns :data:`COLUMNS` (chapter 8).

    ``*_true`` columns, ``luminosity_sun`` and ``distance_au`` are the physics;
    ``teff_k``, ``flux_earth`` and ``radius_earth`` are noisy measurements of
    them; ``habitable`` (0 or 1) is :func:`is_habitable` of the true values.
    """
    check_scalar(n, "n", int, min_val=1, max_val=MAX_PLANETS)
    check_scalar(seed, "seed", int, min_val=0)
    rng = np.random.default_rng(seed)
    teff = rng.uniform(*TEFF_RANGE, size=n)
    luminosity = main_sequence_luminosity(teff) * 10.0 ** (LUMINOSITY_SCATTER * rng.standard_normal(n))
    # Distances between those where the flux would be FLUX_RANGE[1] and FLUX_RANGE[0].
    log_d_near = 0.5 * np.log10(luminosity / FLUX_RANGE[1])
    log_d_far = 0.5 * np.log10(luminosity / FLUX_RANGE[0])
    distance = 10.0 ** rng.uniform(log_d_near, log_d_far)
    flux = luminosity / distance**2
    radius = 10.0 ** rng.uniform(*np.log10(RADIUS_RANGE), size=n)
    label = is_habitable(flux, radius, teff).astype(np.int64)
    # Measurements: relative (log-normal) errors for flux and radius, absolute for Teff.
    return pd.DataFrame({
        "planet_id": np.arange(n, dtype=np.int64),
        "teff_true_k": teff,
        "luminosity_sun": luminosity,
        "distance_au": distance,
        "flux_true": flux,
        "radius_true": radius,
        "teff_k": teff + TEFF_NOISE * rng.standard_normal(n),
        "flux_earth": flux * np.exp(FLUX_NOISE * rng.standard_normal(n)),
        "radius_earth": radius * np.exp(RADIUS_NOISE * rng.standard_normal(n)),
        "habitable": label,
    })


def write_csv_files():
    """Regenerate the shipped ``planets.csv`` from :func:`make_planets` (chapter 8); returns the paths."""
    return [save_csv(make_planets(), FILES["synthetic"])]


def _check_rows(frame, name):
    if len(frame) == 0:
        raise ValueError(f"{name} must hold at least one planet, got a header with no rows")


def load_planets():
    """The shipped synthetic catalogue ``planets.csv``, checked (chapter 8).

    Raises ``ValueError`` for a file without rows, a missing column, a missing,
    infinite or non-positive value, a ``planet_id`` that is not a distinct
    whole number >= 0, or a label other than 0 and 1.
    """
    name = FILES["synthetic"]
    frame = load_csv(name, columns=list(COLUMNS))
    _check_rows(frame, name)
    positive = [c for c in COLUMNS if c not in ("planet_id", "habitable")]
    values = frame[positive].to_numpy(dtype=np.float64)
    if not np.isfinite(values).all() or (values <= 0).any():
        bad = [c for c in positive if not (np.isfinite(frame[c]) & (frame[c] > 0)).all()]
        raise ValueError(f"{name}: columns {bad} must hold finite positive numbers")
    ids = frame["planet_id"].to_numpy(dtype=np.float64)
    whole = np.isfinite(ids) & (ids >= 0) & (ids == np.round(ids)) & (ids < 2.0**53)
    if not whole.all():
        raise ValueError(
            f"{name}: column 'planet_id' must hold whole numbers >= 0, got {ids[~whole][:3].tolist()}"
        )
    if len(np.unique(ids)) != len(ids):
        raise ValueError(f"{name}: column 'planet_id' must not repeat an id")
    labels = frame["habitable"].to_numpy(dtype=np.float64)
    if not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError(f"{name}: column 'habitable' must hold 0 or 1, got {np.unique(labels)[:5].tolist()}")
    frame["habitable"] = labels.astype(np.int64)
    frame["planet_id"] = ids.astype(np.int64)
    return frame


def load_real_planets():
    """Published parameters of a few well-known planets, ``real_planets.csv`` (chapter 8).

    Columns :data:`REAL_COLUMNS`. ``radius_earth`` is empty (NaN) for a planet
    found by radial velocity only (its radius is unknown); every other number
    must be present, finite and positive, every row must name its source, and
    no name may repeat.
    """
    name = FILES["real"]
    frame = load_csv(name, columns=list(REAL_COLUMNS), numeric=["host_teff_k", "flux_earth"])
    _check_rows(frame, name)
    radius = pd.to_numeric(frame["radius_earth"], errors="coerce")
    if (radius.isna() & frame["radius_earth"].notna()).any():
        raise ValueError(f"{name}: column 'radius_earth' must be numeric or empty")
    frame["radius_earth"] = radius
    for col in ("host_teff_k", "flux_earth", "radius_earth"):
        values = frame[col].dropna()
        bad = values[~(np.isfinite(values) & (values > 0))]
        if len(bad):
            raise ValueError(f"{name}: column {col!r} must be finite and positive, got {bad.tolist()}")
    if frame["source"].isna().any() or frame["name"].isna().any():
        raise ValueError(f"{name}: every row needs a name and a source")
    repeated = frame["name"][frame["name"].duplicated()].tolist()
    if repeated:
        raise ValueError(f"{name}: column 'name' must not repeat a planet, got {repeated} twice")
    return frame
