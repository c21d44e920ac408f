"""Tests for nnscratch.datasets.gates: the OR and XOR truth tables of chapter 3."""

import numpy as np
import pytest

from nnscratch.datasets.gates import logic_gate


@pytest.mark.parametrize(
    ("name", "outputs"),
    [("OR", [0, 1, 1, 1]), ("XOR", [0, 1, 1, 0]), ("xor", [0, 1, 1, 0]), (" Or ", [0, 1, 1, 1])],
)
def test_truth_tables(name, outputs):
    X, y = logic_gate(name)
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert y.shape == (4, 1) and y.dtype == np.float64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y[:, 0], outputs)


def test_rows_follow_the_gate_definitions():
    X, y_or = logic_gate("OR")
    _, y_xor = logic_gate("XOR")
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    np.testing.assert_array_equal(y_or[:, 0], a | b)
    np.testing.assert_array_equal(y_xor[:, 0], a ^ b)


def test_each_call_returns_fresh_arrays():
    X, y = logic_gate("OR")
    X[:] = 7.0
    y[:] = 7.0
    X2, y2 = logic_gate("OR")
    assert X2.max() == 1.0 and y2.max() == 1.0


def test_unknown_gate_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"name must be one of \['OR', 'XOR'\] \(any case\), got 'NAND'"):
        logic_gate("NAND")


@pytest.mark.parametrize("bad", [None, 1, b"OR", ["OR"]])
def test_non_string_name_is_a_type_error(bad):
    with pytest.raises(TypeError, match="name must be a string"):
        logic_gate(bad)
