"""Classification metrics: accuracy (chapter 2); confusion matrix, precision and recall (chapter 9).

Labels are 1-D arrays of non-negative integer class indices (bools count as 0
and 1), below ``nnscratch.checks.MAX_CLASSES``.
"""

from __future__ import annotations

import numpy as np

from nnscratch.checks import MAX_CLASSES, check_labels, check_scalar


def accuracy(predicted, labels):
    """Fraction of ``predicted`` labels equal to ``labels`` (chapter 2).

    Both are 1-D sequences of integer class labels of the same length.
    """
    predicted, labels = _paired_labels(predicted, labels)
    return float(np.mean(predicted == labels))


def confusion_matrix(predicted, labels, n_classes=None):
    """Counts ``C[i, j]`` of samples whose true class is i and predicted class is j (chapter 9).

    Rows are true classes, columns predicted ones, so the diagonal holds the
    correct predictions. ``n_classes`` defaults to one more than the largest
    label seen; labels must be integers in ``0 .. n_classes - 1``.
    """
    check_scalar(n_classes, "n_classes", int, min_val=1, max_val=MAX_CLASSES, allow_none=True)
    predicted, labels = _paired_labels(predicted, labels)
    largest = int(max(predicted.max(), labels.max()))
    if n_classes is None:
        n_classes = largest + 1
    if largest >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got values from "
                         f"{int(min(predicted.min(), labels.min()))} to {largest}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (labels, predicted), 1)
    return counts


def precision(predicted, labels, positive=1):
    """Of the samples predicted ``positive``, the fraction that truly are (chapter 9).

    precision = TP / (TP + FP). When nothing is predicted positive the ratio is
    0/0; this function then returns 0.0 (a classifier that never says "yes"
    earns no credit), as scikit-learn does by default.
    """
    predicted, labels = _paired_labels(predicted, labels)
    positive = _positive_class(positive)
    said_yes = predicted == positive
    if not said_yes.any():
        return 0.0
    return float(np.mean(labels[said_yes] == positive))


def recall(predicted, labels, positive=1):
    """Of the samples that truly are ``positive``, the fraction predicted so (chapter 9).

    recall = TP / (TP + FN). Raises ``ValueError`` if ``labels`` holds no
    positive sample, since recall is then undefined.
    """
    predicted, labels = _paired_labels(predicted, labels)
    positive = _positive_class(positive)
    truly = labels == positive
    if not truly.any():
        raise ValueError(f"labels must contain a sample of the positive class {positive!r} (recall is "
                         f"undefined otherwise), got classes {np.unique(labels)[:5].tolist()}")
    return float(np.mean(predicted[truly] == positive))


def _positive_class(positive):
    return check_scalar(positive, "positive", int, min_val=0, max_val=MAX_CLASSES - 1)


def _paired_labels(predicted, labels):
    predicted = check_labels(predicted, "predicted", allow_bool=True)
    labels = check_labels(labels, "labels", allow_bool=True)
    if predicted.shape != labels.shape:
        raise ValueError(f"predicted and labels must have the same shape, got {predicted.shape} and {labels.shape}")
    return predicted, labels
