"""Tests of nnscratch.metrics: accuracy (chapter 2), confusion matrix, precision and recall (chapter 9)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnscratch.metrics import accuracy, confusion_matrix, precision, recall

# A hand-worked example: 10 samples, 4 truly positive.
#   truth:      1 1 1 1 0 0 0 0 0 0
#   predicted:  1 1 1 0 1 0 0 0 0 0
# TP = 3, FN = 1, FP = 1, TN = 5.
TRUTH = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
PRED = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0]


def reference_counts(predicted, labels, n_classes):
    """Plain double loop, the definition written out."""
    counts = [[0] * n_classes for _ in range(n_classes)]
    for p, t in zip(predicted, labels, strict=True):
        counts[t][p] += 1
    return np.array(counts)


label_pairs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
    )
)


def test_hand_computed_example():
    assert accuracy(PRED, TRUTH) == pytest.approx(0.8)
    np.testing.assert_array_equal(confusion_matrix(PRED, TRUTH), [[5, 1], [1, 3]])
    assert precision(PRED, TRUTH) == pytest.approx(3 / 4)
    assert recall(PRED, TRUTH) == pytest.approx(3 / 4)
    # Class 0 as the positive class: TP = 5, FP = 1 (a true 1 called 0), FN = 1.
    assert precision(PRED, TRUTH, positive=0) == pytest.approx(5 / 6)
    assert recall(PRED, TRUTH, positive=0) == pytest.approx(5 / 6)


def test_precision_and_recall_differ_when_errors_are_one_sided():
    truth = [1, 1, 1, 1, 0, 0]
    pred = [1, 0, 0, 0, 0, 0]  # cautious: one hit, three misses, no false alarm
    assert precision(pred, truth) == 1.0
    assert recall(pred, truth) == pytest.approx(0.25)


@settings(max_examples=60, deadline=None)
@given(label_pairs)
def test_confusion_matrix_matches_the_definition(pair):
    predicted, labels = pair
    counts = confusion_matrix(predicted, labels, n_classes=4)
    np.testing.assert_array_equal(counts, reference_counts(predicted, labels, 4))
    assert counts.sum() == len(labels)
    assert np.trace(counts) / len(labels) == pytest.approx(accuracy(predicted, labels))


@settings(max_examples=60, deadline=None)
@given(label_pairs, st.integers(0, 3))
def test_precision_recall_agree_with_confusion_matrix(pair, positive):
    predicted, labels = pair
    counts = confusion_matrix(predicted, labels, n_classes=4)
    tp = counts[positive, positive]
    predicted_pos = counts[:, positive].sum()
    true_pos = counts[positive, :].sum()
    assert precision(predicted, labels, positive) == pytest.approx(tp / predicted_pos if predicted_pos else 0.0)
    if true_pos:
        assert recall(predicted, labels, positive) == pytest.approx(tp / true_pos)
    else:
        with pytest.raises(ValueError, match="undefined"):
            recall(predicted, labels, positive)


def test_accuracy_accepts_booleans_and_numpy_integers():
    assert accuracy(np.array([True, False]), np.array([1, 1], dtype=np.int8)) == 0.5


def test_confusion_matrix_defaults_to_largest_label_and_can_be_padded():
    assert confusion_matrix([0, 0], [0, 0]).shape == (1, 1)
    np.testing.assert_array_equal(confusion_matrix([0, 0], [0, 0], n_classes=2), [[2, 0], [0, 0]])


def test_precision_is_zero_when_nothing_is_predicted_positive():
    assert precision([0, 0, 0], [1, 0, 1]) == 0.0


@pytest.mark.parametrize("func", [accuracy, confusion_matrix, precision, recall])
def test_bad_inputs(func):
    with pytest.raises(TypeError, match="integer class labels"):
        func([0.5, 1.0], [0, 1])
    with pytest.raises(ValueError, match="same shape"):
        func([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="not be empty"):
        func(np.array([], dtype=int), np.array([], dtype=int))
    with pytest.raises(ValueError, match="1-D"):
        func([[0, 1]], [[0, 1]])


def test_confusion_matrix_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match=r"0\.\.1"):
        confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(ValueError, match="from -1"):
        confusion_matrix([0, -1], [0, 1])
    with pytest.raises(ValueError, match="n_classes must be an integer >= 1"):
        confusion_matrix([0, 1], [0, 1], n_classes=0)
