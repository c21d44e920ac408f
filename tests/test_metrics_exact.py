"""Metrics against counts done by hand (issue 11, part 4: mutants that survived).

Every expected value here is counted in the comment next to it, never taken
from the package: a precision computed as recall, a swapped confusion-matrix
axis or a positive class that is silently ignored must fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnscratch.metrics import accuracy, confusion_matrix, precision, recall

# Eight samples.   index:    0  1  2  3  4  5  6  7
PREDICTED = np.array([1, 1, 1, 0, 0, 0, 1, 2])
LABELS = np.array([1, 0, 0, 1, 0, 0, 1, 2])
# Class 1: TP = {0, 6} = 2, FP = {1, 2} = 2, FN = {3} = 1.
# Class 0: TP = {4, 5} = 2, FP = {3} = 1, FN = {1, 2} = 2.
# Class 2: TP = {7} = 1, FP = 0, FN = 0.


def test_precision_is_tp_over_tp_plus_fp_not_recall():
    assert precision(PREDICTED, LABELS) == pytest.approx(2 / 4)  # 2 / (2 + 2)
    assert recall(PREDICTED, LABELS) == pytest.approx(2 / 3)  # 2 / (2 + 1)


def test_the_positive_class_argument_is_used():
    assert precision(PREDICTED, LABELS, positive=0) == pytest.approx(2 / 3)  # 2 / (2 + 1)
    assert recall(PREDICTED, LABELS, positive=0) == pytest.approx(2 / 4)  # 2 / (2 + 2)
    assert precision(PREDICTED, LABELS, positive=2) == 1.0
    assert recall(PREDICTED, LABELS, positive=2) == 1.0


def test_precision_of_a_classifier_that_never_says_yes_is_zero():
    assert precision([0, 0, 0], [1, 0, 1]) == 0.0
    # ... but one lucky "yes" scores: the 0.0 is only for "nothing predicted positive".
    assert precision([0, 1, 0], [1, 1, 1]) == 1.0


def test_recall_without_a_positive_sample_is_undefined_and_names_the_class():
    with pytest.raises(ValueError, match=r"positive class 1 .*got classes \[0\]"):
        recall([1, 0], [0, 0])
    assert recall([1, 0], [1, 0]) == 1.0


def test_accuracy_counts_equal_labels():
    assert accuracy(PREDICTED, LABELS) == pytest.approx(5 / 8)  # wrong at 1, 2 and 3
    assert accuracy([True, False], [1, 0]) == 1.0


def test_confusion_matrix_rows_are_true_classes():
    expected = np.array([
        # predicted: 0  1  2
        [2, 2, 0],  # true 0: samples 4, 5 right; 1, 2 called 1
        [1, 2, 0],  # true 1: sample 3 called 0; 0, 6 right
        [0, 0, 1],  # true 2: sample 7 right
    ])
    np.testing.assert_array_equal(confusion_matrix(PREDICTED, LABELS), expected)
    padded = confusion_matrix(PREDICTED, LABELS, n_classes=4)
    assert padded.shape == (4, 4) and padded[3].sum() == 0 and padded[:, 3].sum() == 0
    np.testing.assert_array_equal(confusion_matrix([0], [0], n_classes=1), [[1]])


def test_confusion_matrix_refuses_labels_beyond_n_classes():
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.1, got values from 0 to 2"):
        confusion_matrix([0, 2], [1, 0], n_classes=2)
    with pytest.raises(ValueError, match=r"n_classes"):
        confusion_matrix([0], [0], n_classes=0)


@pytest.mark.parametrize("fn", [precision, recall])
@pytest.mark.parametrize("positive", ["1", 1.0, -1, True, None])
def test_a_bad_positive_class_is_named(fn, positive):
    with pytest.raises((TypeError, ValueError), match=r"^positive must .*got"):
        fn([1, 0], [1, 0], positive=positive)


def test_the_largest_positive_class_is_accepted():
    from nnscratch.checks import MAX_CLASSES

    top = MAX_CLASSES - 1
    assert precision([top, 0], [top, 0], positive=top) == 1.0
    with pytest.raises(ValueError, match=r"^positive must"):
        precision([0], [0], positive=MAX_CLASSES)


def test_mismatched_shapes_name_both_arrays():
    with pytest.raises(ValueError, match=r"predicted and labels must have the same shape, got \(2,\) and \(3,\)"):
        accuracy([0, 1], [0, 1, 1])
    with pytest.raises((TypeError, ValueError), match=r"^predicted must"):
        accuracy([0.5, 1], [0, 1])
    with pytest.raises((TypeError, ValueError), match=r"^labels must"):
        accuracy([0, 1], [0.5, 1])


def test_confusion_matrix_counts_are_integers_and_n_classes_is_bounded():
    from nnscratch.checks import MAX_CLASSES

    assert confusion_matrix([0, 1], [0, 0]).dtype == np.int64
    message = rf"^n_classes must be an integer >= 1 and <= {MAX_CLASSES} or None, got 1001$"
    with pytest.raises(ValueError, match=message):
        confusion_matrix([0], [0], n_classes=MAX_CLASSES + 1)


def test_bool_labels_count_as_zero_and_one_on_both_sides():
    assert accuracy([1, 0], [True, False]) == 1.0
    assert recall([1, 1], [True, False]) == 1.0


def test_recall_error_lists_at_most_five_classes():
    with pytest.raises(ValueError, match=r"got classes \[0, 2, 3, 4, 5\]$"):
        recall([0] * 6, [0, 2, 3, 4, 5, 6])
