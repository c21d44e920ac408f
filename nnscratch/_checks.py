"""Compatibility alias: the package's input checks now live in :mod:`nnscratch.checks`.

Kept only until ``planets.py`` (edited by its chapter engineer this session)
imports ``nnscratch.checks`` directly; new code must not import this module.
"""

from nnscratch.checks import as_float_array, check_binary, check_ndim, check_probabilities, check_same_shape

__all__ = ["as_float_array", "check_binary", "check_ndim", "check_probabilities", "check_same_shape"]
