"""Independent references used by several test files: centered finite differences."""

from __future__ import annotations

import numpy as np


def centered_difference(f, x, h=1e-6):
    """Gradient of the scalar function f at x by centered finite differences."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = f(x)
        x[idx] = old - h
        down = f(x)
        x[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad


def assert_write_csv_files_reproduces(module, names, tmp_path, monkeypatch):
    """``module.write_csv_files()`` writes exactly the shipped files ``names``, byte for byte."""
    from nnscratch.datasets import data_dir

    originals = {name: (data_dir() / name).read_bytes() for name in names}
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    written = module.write_csv_files()
    assert sorted(p.name for p in written) == sorted(originals)
    for path in written:
        assert path.parent == tmp_path
        assert path.read_bytes() == originals[path.name]
