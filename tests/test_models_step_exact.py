"""The models' update steps and checks: values by hand, all-or-nothing, named errors (issue 11, part 4).

``sgd_step`` must compute p - step_size * grad (worked out here on numbers
chosen so the arithmetic is exact), write nothing when anything is wrong, and
say which argument was wrong. Overflow cases run with warnings as errors, so a
lost ``np.errstate`` shows up as a RuntimeWarning instead of the clear error.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from nnscratch.checks import DivergenceError
from nnscratch.models import mlp, network


def mlp_params():
    return {"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.5, -0.5]),
            "W2": np.array([[1.0], [-1.0]]), "b2": np.array([0.25])}


def network_params():
    return {"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.5, -0.5]),
            "W2": np.array([[1.0, 0.0], [-1.0, 2.0]]), "b2": np.array([0.25, 0.0])}


def grads_like(params, value=1.0):
    return {k: np.full_like(v, value) for k, v in params.items() if v is not None}


@pytest.mark.parametrize("model, make", [(mlp, mlp_params), (network, network_params)])
def test_step_is_p_minus_step_size_times_grad(model, make):
    params = make()
    before = {k: v.copy() for k, v in params.items()}
    grads = grads_like(params, 2.0)
    grads["b1"] = np.array([4.0, -4.0])
    model.sgd_step(params, grads, 0.25)
    np.testing.assert_array_equal(params["W1"], before["W1"] - 0.5)
    np.testing.assert_array_equal(params["b1"], [-0.5, 0.5])  # 0.5 - 0.25 * 4, -0.5 + 0.25 * 4
    np.testing.assert_array_equal(params["W2"], before["W2"] - 0.5)
    np.testing.assert_array_equal(params["b2"], before["b2"] - 0.5)


def test_mlp_step_updates_only_the_given_gradients_and_skips_none_biases():
    params = mlp_params()
    params["b1"] = None
    mlp.sgd_step(params, {"W2": np.array([[4.0], [4.0]])}, 0.5)
    np.testing.assert_array_equal(params["W2"], [[-1.0], [-3.0]])
    np.testing.assert_array_equal(params["W1"], [[1.0, 2.0]])
    assert params["b1"] is None
    with pytest.raises(ValueError, match=r"^grads must hold only trained parameters \['W1', 'b1', 'W2', 'b2'\] "
                                         r"\(not a None bias\), got grads\['b1'\] with no matching"):
        mlp.sgd_step(params, {"b1": np.zeros(2)}, 0.5)
    with pytest.raises(ValueError, match=r"got grads\['W3'\] with no matching trainable parameter in params$"):
        mlp.sgd_step(params, {"W3": np.zeros(2)}, 0.5)


@pytest.mark.parametrize("model, make", [(mlp, mlp_params), (network, network_params)])
def test_a_diverging_step_writes_nothing_and_warns_nothing(model, make):
    params = make()
    params["b2"][...] = 1e308
    before = {k: v.copy() for k, v in params.items()}
    grads = grads_like(params, 0.0)
    grads["b2"] = np.full_like(params["b2"], -1e308)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DivergenceError, match=r"^step_size must be small enough for .*b2.* to stay finite, "
                                                  r"got 1\.0$"):
            model.sgd_step(params, grads, 1.0)
    for k, v in before.items():
        np.testing.assert_array_equal(params[k], v)


def test_network_divergence_names_every_parameter_that_overflowed():
    params = network_params()
    grads = grads_like(params, -1e308)
    with pytest.raises(DivergenceError, match=r"^step_size must be small enough for \['W1', 'b1', 'W2', 'b2'\] "
                                              r"to stay finite, got 1e\+300$"):
        network.sgd_step(params, grads, 1e300)


@pytest.mark.parametrize("model, make", [(mlp, mlp_params), (network, network_params)])
@pytest.mark.parametrize(("change", "error", "message"), [
    (lambda p, g: g.__setitem__("b2", np.zeros(3)), ValueError, r"grads\['b2'\]"),
    (lambda p, g: g.__setitem__("W1", np.array([[np.nan, 0.0]])), ValueError,
     r"^grads\['W1'\] must hold finite numbers, got NaN at 1 position\(s\)$"),
    (lambda p, g: p.__setitem__("W2", p["W2"].astype(np.float32)), TypeError, r"^params\['W2'\] must be a "),
    (lambda p, g: p["b1"].setflags(write=False), (TypeError, ValueError), r"^params\['b1'\] must be a writeable"),
    (lambda p, g: p.__setitem__("W1", [[1.0, 2.0]]), TypeError, r"^params\['W1'\] must be a "),
])
def test_a_bad_step_is_named_and_writes_nothing(model, make, change, error, message):
    params = make()
    grads = grads_like(params)
    change(params, grads)
    before = {k: np.array(v, copy=True) for k, v in params.items()}
    with pytest.raises(error, match=message):
        model.sgd_step(params, grads, 0.5)
    for k, v in before.items():
        np.testing.assert_array_equal(params[k], v)


def test_mlp_step_checks_params_and_grads_by_name():
    params = mlp_params()
    with pytest.raises(TypeError, match=r"^grads must be a dict of gradients keyed like params, got list$"):
        mlp.sgd_step(params, [], 0.5)
    params["b2"] = np.array([np.inf])
    with pytest.raises(ValueError, match=r"^params\['b2'\] must hold finite numbers, got inf at 1 position"):
        mlp.sgd_step(params, {"b2": np.zeros(1)}, 0.5)
    with pytest.raises(ValueError, match=r"^grads\['b2'\] must have the shape of params\['b2'\] \(1,\), "
                                         r"got shape \(2,\)$"):
        mlp.sgd_step(params, {"b2": np.zeros(2)}, 0.5)
    with pytest.raises(ValueError, match=r"^step_size must be a finite real number > 0, got 0$"):
        mlp.sgd_step(params, {}, 0)
    # An empty gradient is a shape mismatch (it is checked before the parameters' own contents).
    with pytest.raises(ValueError, match=r"^grads\['W1'\] must have the shape of params\['W1'\] \(1, 2\), "
                                         r"got shape \(0,\)$"):
        mlp.sgd_step(mlp_params(), {"W1": np.zeros(0)}, 0.5)
    params = mlp_params()
    params["W1"] = [[1.0, 2.0]]
    with pytest.raises(TypeError, match=r"^params\['W1'\] must be a writeable float64 NumPy array to be "
                                        r"updated in place, got list$"):
        mlp.sgd_step(params, {"W1": np.zeros((1, 2))}, 0.5)


def test_network_step_checks_grads_by_name():
    params = network_params()
    with pytest.raises(TypeError, match=r"^grads must be a dict with keys \['W1', 'b1', 'W2', 'b2'\], got list"):
        network.sgd_step(params, [], 0.5)
    grads = grads_like(params)
    del grads["b1"]
    with pytest.raises(ValueError, match=r"^grads must hold \['W1', 'b1', 'W2', 'b2'\], got a dict missing "
                                         r"\['b1'\]$"):
        network.sgd_step(params, grads, 0.5)
    grads = grads_like(params)
    grads["W2"] = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"^grads\['W2'\] must have shape \(2, 2\), got shape \(2, 3\)$"):
        network.sgd_step(params, grads, 0.5)


def test_mlp_loss_by_hand_and_its_errors():
    y_hat, y = np.array([[0.5], [1.0]]), np.array([[1.0], [1.0]])
    assert mlp.loss(y_hat, y) == 0.125  # mean of 0.25 and 0
    assert mlp.loss(y_hat, y, loss="bce") == pytest.approx(np.log(2) / 2, rel=1e-12)
    with pytest.raises(ValueError, match=r"^y_hat must hold finite numbers"):
        mlp.loss(np.array([[np.nan]]), np.array([[1.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^y_hat and y must be small enough for the squared error to be "
                                             r"finite, got an overflow$"):
            mlp.loss(np.array([[1e200]]), np.array([[-1e200]]))
    with pytest.raises(ValueError, match=r"^loss must be one of \['mse', 'bce'\], got 'BCE'$"):
        mlp.loss(y_hat, y, loss="BCE")


def test_mlp_bce_loss_checks_that_y_hat_holds_probabilities():
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\], got values from 1\.5 to 1\.5$"):
        mlp.loss(np.array([[1.5]]), np.array([[1.0]]), loss="bce")
    assert mlp.loss(np.array([[1.5]]), np.array([[1.0]])) == 0.25  # mse takes any number


def test_mlp_backward_checks_its_cache_by_name():
    params = mlp_params()
    X = np.array([[1.0], [0.0]])
    y = np.array([[1.0], [0.0]])
    _, cache = mlp.forward(params, X)
    for bad in ([cache[0], cache[1], cache[2]], cache[:2], cache + (cache[0],)):
        with pytest.raises(TypeError, match=r"^cache must be the \(X, h, y_hat\) tuple returned by mlp\.forward, "
                                            rf"got {type(bad).__name__}$"):
            mlp.backward(params, bad, y)
    with pytest.raises(ValueError, match=r"^cache\[1\] must be a 2-D array"):
        mlp.backward(params, (cache[0], cache[1][0], cache[2]), y)
    with pytest.raises(ValueError, match=r"^cache must belong to these params \(run mlp\.forward\(params, X\) "
                                         r"again\), got h \(2, 1\) and y_hat \(2, 1\) for W1 \(1, 2\) and W2"):
        mlp.backward(params, (cache[0], cache[1][:, :1], cache[2]), y)


def test_mlp_backward_overflow_is_a_clear_error_without_warning():
    params = mlp_params()
    params["W2"] = np.array([[1e308], [1e308]])
    X = np.array([[1.0]])
    cache = (X, np.array([[0.5, 0.5]]), np.array([[1e308]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^params and cache must be small enough for the gradients to be "
                                             r"finite, got an overflow$"):
            mlp.backward(params, cache, np.array([[-1e308]]))


def test_mlp_backward_invalid_sums_are_a_clear_error_without_warning():
    # X.T @ delta1 adds 1e308 * 225 (inf) and -1e308 * 225 (-inf): NaN, an "invalid" operation.
    params = mlp_params()
    params["W2"] = np.array([[1.0], [-1.0]])
    X = np.array([[1e308], [-1e308]])
    cache = (X, np.full((2, 2), 0.5), np.array([[10.0], [10.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^params and cache must be small enough for the gradients"):
            mlp.backward(params, cache, np.zeros((2, 1)))


def test_mlp_predict_is_strictly_above_the_threshold_and_integer():
    # All-zero weights: every output is sigmoid(0) = 1/2 exactly, not above 0.5: class 0.
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2), "W2": np.zeros((2, 1)), "b2": np.zeros(1)}
    labels = mlp.predict(params, np.ones((3, 2)))
    assert labels.dtype == np.int64 and labels.tolist() == [0, 0, 0]
    assert mlp.predict(params, np.ones((1, 2)), threshold=0.25).tolist() == [1]
