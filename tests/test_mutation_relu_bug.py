"""Mutation test: the gradient check must catch the ReLU backward bug of the source tutorial (chapter 7).

The spiral tutorial the course grew from writes its ReLU backward step as
``dA1[dA1<0]==0``, a comparison whose result is thrown away, so the ReLU mask
is never applied. Here that bug is planted in copies of
``network.loss_and_grads`` and the gradient check must fail on ``W1``/``b1``,
while the real function passes.

One planted bug, a mask recomputed from ``X @ W1`` with the bias forgotten,
gives exactly the right gradient while ``b1 = 0``, as it is at initialisation:
the check must catch it at a trained point, where it cannot at the start.
"""

from __future__ import annotations

import inspect
import re
import textwrap

import numpy as np
import pytest

from nnscratch.gradcheck import check_gradients
from nnscratch.losses import softmax_cross_entropy, softmax_cross_entropy_grad
from nnscratch.models import network

H_STEP = 1e-5
FAIL, PASS = 1e-4, 1e-6


@pytest.fixture(scope="module")
def problem():
    """Parameters and a batch with every pre-activation farther than the step from ReLU's kink.

    Distinct sizes everywhere (D=3, H=7, K=4) so that no transposed matrix fits by accident.
    """
    rng = np.random.default_rng(0)
    params = network.init_params(3, 7, 4, rng, scale=0.5)
    params["b1"] = rng.normal(scale=0.1, size=7)
    X = rng.uniform(-1, 1, size=(60, 3))
    y = rng.integers(0, 4, size=60)
    margin = np.abs(X @ params["W1"] + params["b1"]).min(axis=1)
    keep = margin > 10 * H_STEP  # |x| <= 1, so a step of h in W1 or b1 moves z1 by at most h
    assert keep.sum() >= 20, "too few kink-free points to run the check"
    return params, X[keep][:20], y[keep][:20]


def run_check(loss_and_grads, problem, reg):
    params, X, y = problem
    params = {k: v.copy() for k, v in params.items()}
    _, grads = loss_and_grads(params, X, y, reg)
    return check_gradients(lambda: loss_and_grads(params, X, y, reg)[0], params, grads, h=H_STEP)


def loss_and_grads_seed_bug(params, X, y, reg=0.0):
    """Hand-written copy of network.loss_and_grads with the tutorial's comparison planted."""
    scores, (X, z1, a1) = network.forward(params, X)
    W1, W2 = params["W1"], params["W2"]
    loss = softmax_cross_entropy(scores, y) + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    d_scores = softmax_cross_entropy_grad(scores, y)
    grads = {"W2": a1.T @ d_scores + reg * W2, "b2": d_scores.sum(axis=0)}
    d_a1 = d_scores @ W2.T
    d_a1[d_a1 < 0] == 0  # noqa: B015 -- the planted bug: compares, assigns nothing
    d_z1 = d_a1
    grads["W1"] = X.T @ d_z1 + reg * W1
    grads["b1"] = d_z1.sum(axis=0)
    return float(loss), grads


#: Where the backward pass may live: the checked entry point, or the unchecked kernel it calls.
MUTATION_HOSTS = ("loss_and_grads", "loss_and_grads_unchecked")
MASK_LINE = re.compile(r"^(\s*)d_z1 = d_a1 \* .*$", re.MULTILINE)


def mutate_package_source(replacement):
    """The network function holding the ReLU-mask line, recompiled with it replaced by ``replacement``.

    The result takes ``(params, X, y, reg)`` and returns ``(loss, grads)`` like
    ``network.loss_and_grads``.
    """
    hosts = [name for name in MUTATION_HOSTS if hasattr(network, name)
             and len(MASK_LINE.findall(inspect.getsource(getattr(network, name)))) == 1]
    if len(hosts) != 1:
        pytest.fail("mutation site 'd_z1 = d_a1 * <mask>' not found exactly once in "
                    f"{' or '.join(MUTATION_HOSTS)}; update this test to the new form of the ReLU backward step")
    source = textwrap.dedent(inspect.getsource(getattr(network, hosts[0])))
    mutated = MASK_LINE.sub(lambda m: m.group(1) + replacement, source)
    namespace = dict(vars(network))
    exec(compile(mutated, f"<mutated {hosts[0]}>", "exec"), namespace)
    return namespace[hosts[0]]


@pytest.mark.parametrize("reg", [0.0, 1e-3])
def test_real_backward_pass_passes(problem, reg):
    errors = run_check(network.loss_and_grads, problem, reg)
    assert max(errors.values()) < PASS, errors


@pytest.mark.parametrize("reg", [0.0, 1e-3])
def test_planted_comparison_bug_fails_on_first_layer_only(problem, reg):
    errors = run_check(loss_and_grads_seed_bug, problem, reg)
    assert errors["W1"] > FAIL and errors["b1"] > FAIL, errors
    assert errors["W2"] < PASS and errors["b2"] < PASS, errors


@pytest.mark.parametrize(
    "replacement",
    [
        "d_z1 = d_a1",                       # the mask is never applied (the tutorial's bug)
        "d_z1 = d_a1 * (d_a1 > 0)",          # '==' repaired to '=': masks by the gradient's sign
        "d_z1 = d_a1 * (z1 < 0)",            # the mask inverted
    ],
)
def test_mutated_package_source_fails(problem, replacement):
    mutant = mutate_package_source(replacement)
    errors = run_check(mutant, problem, 1e-3)
    assert errors["W1"] > FAIL and errors["b1"] > FAIL, errors


def test_unmutated_recompiled_source_still_passes(problem):
    """Guards the mutation machinery itself: recompiling with the original mask must pass."""
    mutant = mutate_package_source("d_z1 = d_a1 * (z1 > 0)")
    errors = run_check(mutant, problem, 1e-3)
    assert max(errors.values()) < PASS, errors


# ---------------------------------------------------------------------------
# A bug that hides at initialisation: the ReLU mask without the bias

BIAS_FORGOTTEN = "d_z1 = d_a1 * (X @ W1 > 0)"


def kink_free(params, X, y, size=20):
    """The first ``size`` points whose every pre-activation lies farther than 10 h from ReLU's kink."""
    margin = np.abs(X @ params["W1"] + params["b1"]).min(axis=1)
    keep = np.flatnonzero(margin > 10 * H_STEP)
    assert keep.size >= size, "too few kink-free points to run the check"
    return X[keep[:size]], y[keep[:size]]


@pytest.fixture(scope="module")
def start_and_trained():
    """A start with b1 = 0 (network.init_params) and the same network after 300 full-batch steps."""
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, size=(200, 3))
    y = (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] * X[:, 2] > 0)  # 4 classes, not linearly separable
    start = network.init_params(3, 7, 4, rng, scale=0.5)
    trained = {k: v.copy() for k, v in start.items()}
    network.train(trained, X, y, reg=1e-3, step_size=1.0, iterations=300)
    return X, y, start, trained


def test_bias_forgotten_mask_is_invisible_at_initialisation(start_and_trained):
    X, y, start, _ = start_and_trained
    assert not start["b1"].any()  # the premise: the biases start at zero
    mutant = mutate_package_source(BIAS_FORGOTTEN)
    errors = run_check(mutant, (start, *kink_free(start, X, y)), 1e-3)
    assert max(errors.values()) < PASS, errors


def test_bias_forgotten_mask_is_caught_at_a_trained_point(start_and_trained):
    X, y, _, trained = start_and_trained
    assert np.abs(trained["b1"]).max() > 0.1, "training did not move the biases: no characteristic point"
    problem = (trained, *kink_free(trained, X, y))
    assert max(run_check(network.loss_and_grads, problem, 1e-3).values()) < PASS
    errors = run_check(mutate_package_source(BIAS_FORGOTTEN), problem, 1e-3)
    assert errors["W1"] > FAIL and errors["b1"] > FAIL, errors
    assert errors["W2"] < PASS and errors["b2"] < PASS, errors
