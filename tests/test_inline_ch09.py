"""Chapter 9 writes binary precision and recall, and the Bayes classifier of its synthetic survey,
inline; they must agree with nnscratch.metrics and nnscratch.datasets.planets."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from notebook_defs import load_inline_defs

from nnscratch.datasets.planets import bayes_probability, load_planets, load_real_planets
from nnscratch.metrics import confusion_matrix, precision, recall

INLINE = load_inline_defs("09_habitable_planets.ipynb")

binary_pairs = st.integers(1, 50).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
    )
)


def test_hand_example():
    predicted, labels = [1, 1, 0, 0, 1], [1, 0, 0, 1, 1]
    assert INLINE["binary_counts"](predicted, labels) == (2, 1, 1, 1)
    assert INLINE["binary_precision"](predicted, labels) == pytest.approx(2 / 3)
    assert INLINE["binary_recall"](predicted, labels) == pytest.approx(2 / 3)


@settings(max_examples=80, deadline=None)
@given(binary_pairs)
def test_inline_agrees_with_package(pair):
    predicted, labels = pair
    tp, fp, fn, tn = INLINE["binary_counts"](predicted, labels)
    np.testing.assert_array_equal(confusion_matrix(predicted, labels, n_classes=2), [[tn, fp], [fn, tp]])
    assert INLINE["binary_precision"](predicted, labels) == precision(predicted, labels)
    if 1 in labels:
        assert INLINE["binary_recall"](predicted, labels) == recall(predicted, labels)


def test_inline_normal_mass_against_a_numerical_integral():
    for low, high in ((-1.0, 2.0), (-3.0, -2.5), (0.5, 1.5), (-np.inf, 0.3)):
        z = np.linspace(max(low, -40.0), high, 200_001)
        density = np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
        assert INLINE["normal_mass"](low, high) == pytest.approx(np.trapezoid(density, z), abs=1e-9)


def test_inline_bayes_probability_agrees_with_the_package():
    # On the whole catalogue and on the real planets the chapter's table and scans use.
    frame = load_planets()
    real = load_real_planets().dropna()
    for table, f, r, t in ((frame, "flux_earth", "radius_earth", "teff_k"),
                           (real, "flux_earth", "radius_earth", "host_teff_k")):
        inline = INLINE["bayes_probability"](table[f], table[r], table[t])
        np.testing.assert_allclose(inline, bayes_probability(table[f], table[r], table[t]), atol=1e-12)
    radii = np.linspace(0.5, 3.9, 50)
    scan = np.full(50, 0.65), radii, np.full(50, 3050.0)
    np.testing.assert_allclose(INLINE["bayes_probability"](*scan), bayes_probability(*scan), atol=1e-12)
