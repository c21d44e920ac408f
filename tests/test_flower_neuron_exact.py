"""The neuron and the flower network: hand-computed values and named errors (issue 11, part 4).

Expected values are worked out in the comments (all-zero weights give
sigmoid(0) = 1/2 and a loss of log 2; Glorot's bound is sqrt(6 / (fan_in +
fan_out)), drawn here with the same generator as an independent reference).
Overflow cases run with warnings turned into errors, so a lost
``np.errstate`` shows up as a RuntimeWarning instead of the clear error.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nnscratch.checks import DivergenceError
from nnscratch.models import flower_net, neuron

ZERO = dict.fromkeys(flower_net.PARAM_NAMES, 0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_flower_init_draws_glorot_uniform_bounds(seed):
    # Glorot and Bengio (2010): U(-a, a), a = sqrt(6 / (fan_in + fan_out)); 2 -> 2 -> 1.
    ref = np.random.default_rng(seed)
    hidden = ref.uniform(-math.sqrt(6 / (2 + 2)), math.sqrt(6 / (2 + 2)), size=4)
    output = ref.uniform(-math.sqrt(6 / (2 + 1)), math.sqrt(6 / (2 + 1)), size=2)
    params = flower_net.init_params(np.random.default_rng(seed))
    assert list(params) == list(flower_net.PARAM_NAMES)
    np.testing.assert_array_equal([params[k] for k in ("w1", "w2", "w3", "w4")], hidden)
    np.testing.assert_array_equal([params["w5"], params["w6"]], output)
    assert [params["b1"], params["b2"], params["b3"]] == [0.0, 0.0, 0.0]


def test_flower_net_wants_a_generator_not_a_random_state():
    message = r"^rng must be a numpy\.random\.Generator \(np\.random\.default_rng\(seed\)\)"
    with pytest.raises(TypeError, match=message + r", got RandomState"):
        flower_net.init_params(np.random.RandomState(0))
    with pytest.raises(TypeError, match=message + r" or None, got RandomState"):
        flower_net.train(dict(ZERO), [[1.0, 1.0]], [1], 0.1, 1, rng=np.random.RandomState(0))


def test_flower_train_loss_and_accuracy_by_hand():
    # All-zero weights: y_hat = 1/2 for every flower, a loss of log 2 before the first update.
    # A step of 1e-300 moves nothing visible: y_hat stays exactly 1/2, which counts as "thrives".
    history = flower_net.train(dict(ZERO), [[1.0, 2.0]], [1], 1e-300, 1)
    assert history["loss"] == [pytest.approx(math.log(2), rel=1e-15)]
    assert history["accuracy"] == [1.0]


def test_flower_train_restores_params_when_it_diverges():
    params = dict(ZERO, b3=1e308)  # z2 = 1e308: each loss is 1e308, two of them sum to inf
    with pytest.raises(DivergenceError, match=r"the summed loss overflowed to inf; .*\(params restored"):
        flower_net.train(params, [[1.0, 1.0], [1.0, 1.0]], [0, 0], 0.1, 1)
    assert params == dict(ZERO, b3=1e308)
    with pytest.raises(DivergenceError, match=r"^training diverged: the summed loss overflowed to inf; "
                                              r"step_size must be smaller than 0\.1, got 0\.1 \(params restored "
                                              r"to their values before this epoch\)$"):
        flower_net.sgd_epoch(params, [[1.0, 1.0], [1.0, 1.0]], [0, 0], 0.1)


def test_flower_epoch_kernel_refuses_rows_and_labels_of_different_lengths():
    with pytest.raises(ValueError):
        flower_net.epoch_unchecked(dict(ZERO), [[1.0, 1.0], [0.0, 0.0]], [1], 0.1)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: flower_net.forward(dict(ZERO), "1", 0.0), TypeError, r"^sun must be a finite real number, got str"),
    (lambda: flower_net.forward(dict(ZERO), 0.0, np.nan), ValueError, r"^water must be a finite real number"),
    (lambda: flower_net.backward(dict(ZERO), [], 1), TypeError,
     r"^cache must be the dict returned by flower_net\.forward, got list$"),
    (lambda: flower_net.sgd_epoch(dict(ZERO), [[1.0, 1.0]], [1], 0), ValueError,
     r"^step_size must be a finite real number > 0, got 0$"),
    (lambda: flower_net.train(dict(ZERO), [[1.0, 1.0]], [1], -1.0, 1), ValueError,
     r"^step_size must be a finite real number > 0, got -1\.0$"),
    (lambda: flower_net.sgd_epoch(dict(ZERO), [[1.0, 1.0]], [2], 0.1), ValueError,
     r"^y must contain only 0 and 1, got \[2\.0\]$"),
    (lambda: flower_net.predict_proba(dict(ZERO), [[np.nan, 1.0]]), ValueError, r"^X must hold finite numbers"),
])
def test_flower_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_flower_backward_names_the_cache_entry_and_the_label():
    _, cache = flower_net.forward(dict(ZERO), 1.0, 1.0)
    with pytest.raises(ValueError, match=r"^cache\['a1_1'\] must be a finite real number"):
        flower_net.backward(dict(ZERO), dict(cache, a1_1=np.inf), 1)
    with pytest.raises(TypeError, match=r"^y must be the label 0 or 1, got str '1'$"):
        flower_net.backward(dict(ZERO), cache, "1")
    huge = dict(cache, y_hat=1e308)
    with pytest.raises(ValueError, match=r"^cache must be small enough for the gradients to be finite "
                                         r"\(use the cache flower_net\.forward returned\), got an overflow$"):
        flower_net.backward(dict(ZERO, w5=1e308), huge, 0)


def test_flower_predict_proba_nan_from_overflow_is_a_clear_error_without_warning():
    params = dict(ZERO, w1=1e308, w2=-1e308)  # 2 * 1e308 - 2 * 1e308 = inf - inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^X and params must be small enough for the weighted sums to be "
                                             r"numbers, got an overflow \(inf - inf\)$"):
            flower_net.predict_proba(params, [[2.0, 2.0]])


def test_neuron_gradients_by_hand_with_column_labels():
    # w = 0, b = 0: y_hat = 1/2; dE/dz = (1/2 - y) / 4 = -1/8, +1/8; dE/dw = 1 * -1/8 + 2 * 1/8.
    for y in ([1.0, 0.0], [[1.0], [0.0]]):
        grad_w, grad_b = neuron.gradients([[1.0], [2.0]], y, [0.0], 0.0)
        np.testing.assert_array_equal(grad_w, [0.125])
        assert grad_b == 0.0


def test_neuron_train_defaults_and_the_threshold():
    _, b, history = neuron.train([[1.0]], [1], [0.0])
    assert len(history["loss"]) == 1000 and b is None
    # y_hat = 1/2 exactly at the start: not above 0.5, so predicted 0 and the one sample is wrong.
    _, _, history = neuron.train([[1.0]], [1], [0.0], iterations=1)
    assert history["accuracy"].tolist() == [0.0]
    assert history["loss"].tolist() == [0.125]  # 0.5 * (1/2 - 1)**2


def test_neuron_train_divergence_is_named_at_the_step_that_overflows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match=r"^step_size must be small enough for the weights to stay "
                                                  r"finite, got 1e\+308: training diverged at iteration 0$"):
            # y_hat = 1/2, dE/dw = 16 * (1/2 - 1) / 4 = -2: the step moves w to 2e308 = inf, the loss is finite.
            neuron.train([[16.0]], [1], [0.0], step_size=1e308, iterations=1)
        with pytest.raises(DivergenceError):
            neuron.train([[1e308, -1e308]], [1], [2.0, 2.0], iterations=1)  # inf - inf in X @ w


def test_neuron_overflow_is_a_clear_error_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (neuron.forward, lambda X, w: neuron.gradients(X, [1], w)):
            with pytest.raises(ValueError, match=r"^X and w must be small enough for X @ w \+ b to be a number, "
                                                 r"got an overflow \(inf - inf\)$"):
                call([[1e308, -1e308]], [2.0, 2.0])
        # X.T @ delta overflows (20 * 1.7e308 / 8) while X @ w stays finite: no warning either way.
        try:
            neuron.gradients(np.full((20, 1), 1.7e308), np.zeros(20), [1e-308])
        except ValueError:
            pass


@pytest.mark.parametrize(("X", "w", "b", "message"), [
    ([[np.nan]], [1.0], 0.0, r"^X must hold finite numbers"),
    (np.zeros((1, 0)), [], 0.0, r"^X must hold at least one sample with at least one input, got shape \(1, 0\)$"),
    ([[1.0]], [], 0.0, r"^w must have shape \(1,\) or \(1, 1\) to match X of shape \(1, 1\), got \(0,\)$"),
    ([[1.0]], [1.0], [], r"^b must be a single number or None, got an array of shape \(0,\)$"),
])
def test_neuron_bad_parameters_are_named(X, w, b, message):
    with pytest.raises(ValueError, match=message):
        neuron.forward(X, w, b)


def test_neuron_bad_labels_are_named():
    with pytest.raises(ValueError, match=r"^y must have shape \(1,\) or \(1, 1\), one label per row of X, "
                                         r"got \(0,\)$"):
        neuron.gradients([[1.0]], [], [1.0])
