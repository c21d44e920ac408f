"""The course's data sets, and reading and writing their CSV files (chapter 1).

This package holds the data: the loader here (:func:`load_csv`, :func:`save_csv`,
:func:`data_dir`), one module per data set (:mod:`~nnscratch.datasets.flowers`,
:mod:`~nnscratch.datasets.spiral`, :mod:`~nnscratch.datasets.planets`,
:mod:`~nnscratch.datasets.gates`) and the shipped CSV files. It imports only the
shared modules of ``nnscratch``, never a model.

The data sets ship inside the package, in ``nnscratch/datasets/``, and are read
through :mod:`importlib.resources`: a notebook or a script loads a data set by
name from any working directory, from a git checkout or from an installed
wheel alike. Set the environment variable ``NNSCRATCH_DATA`` to read (and
write) another folder instead.

In a git checkout of the course, the folder ``data/`` next to ``nnscratch/``
holds copies of the same files, for readers who browse the repository; the
package's folder is the source of truth. :func:`save_csv` (what ``make data``
runs) writes both, and ``tests/test_data.py`` proves them equal.
"""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd

#: Floats are written with this format so regenerated files match byte for byte.
FLOAT_FORMAT = "%.6f"
#: The folder of the package that holds the shipped data sets.
PACKAGE_FOLDER = "datasets"
#: Whole numbers read into an integer column must be smaller than this in magnitude
#: (beyond it a float64 no longer holds every integer exactly).
MAX_EXACT_INTEGER = 2**53


def data_dir() -> Traversable:
    """The folder holding the course's data files (chapter 1).

    ``nnscratch/datasets`` of the imported package (a :class:`pathlib.Path` for
    any package installed as files, which is how pip installs it), or the
    folder named by ``NNSCRATCH_DATA``.
    """
    override = os.environ.get("NNSCRATCH_DATA")
    if override:
        return Path(override)
    return files("nnscratch").joinpath(PACKAGE_FOLDER)


def checkout_copy_dir() -> Path | None:
    """The ``data/`` folder of the course's git checkout this package runs from, else ``None``.

    It exists only when the package is imported from its source tree (the
    course's editable install); an installed wheel has no such folder.

    Introduced in chapter 2.
    """
    root = Path(__file__).resolve().parents[2]  # nnscratch/datasets/__init__.py -> the checkout
    if (root / "pyproject.toml").is_file() and (root / "_toc.yml").is_file() and (root / "data").is_dir():
        return root / "data"
    return None


def _check_name(name) -> None:
    if not isinstance(name, str):
        raise TypeError(f"name must be a file name such as 'neuron.csv', got {type(name).__name__} {name!r}")
    if not name.endswith(".csv") or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"name must be a bare CSV file name such as 'neuron.csv', got {name!r}")


def _names(value, label: str) -> list[str] | None:
    """``value`` (a sequence of column names, or None) as a list; a bare string is refused."""
    if value is None:
        return None
    expected = f"{label} must be a list of column names such as ['x1', 'y'], got {value!r}"
    if isinstance(value, str):
        raise TypeError(expected)
    try:
        names = list(value)
    except TypeError:
        raise TypeError(expected) from None
    if not all(isinstance(v, str) for v in names):
        raise TypeError(expected)
    return names


def _entry(value) -> str:
    """``repr`` of a CSV entry, as the file shows it (``inf``, ``7``, ``'oops'``), not ``np.float64(inf)``."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def _read(resource: Traversable, name: str) -> pd.DataFrame:
    """``pd.read_csv`` of ``resource``, with a ``ValueError`` naming the file for a malformed one."""
    expected = "a CSV file with a header line and at least one data row"
    try:
        with resource.open("rb") as handle:
            frame = pd.read_csv(handle)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name} must be {expected}, got an empty file ({resource})") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise ValueError(f"{name} must be {expected} in UTF-8, got a malformed file ({resource}): {reason}") from None
    if len(frame) == 0:
        raise ValueError(f"{name} must be {expected}, got a header line only ({resource})")
    return frame


def load_csv(name: str, columns=None, numeric=None, integer=None) -> pd.DataFrame:
    """Load the course data file ``name`` (e.g. ``"neuron.csv"``) (chapter 1).

    ``columns``: names that must be present. ``numeric``: names that must hold
    finite numbers with no missing value (defaults to ``columns``). ``integer``:
    names among those that must hold whole numbers; they are returned as int64.
    Raises ``FileNotFoundError`` listing the files that exist, ``ValueError``
    for an empty, header-only or malformed file, a missing column, a
    non-numeric, missing, infinite or (for ``integer``) fractional entry.
    """
    _check_name(name)
    columns, numeric, integer = (
        _names(value, label) for value, label in ((columns, "columns"), (numeric, "numeric"), (integer, "integer"))
    )
    folder = data_dir()
    resource = folder.joinpath(name)
    if not resource.is_file():
        available = sorted(p.name for p in folder.iterdir() if p.name.endswith(".csv")) if folder.is_dir() else []
        raise FileNotFoundError(f"no data file {name!r} in {folder}; available: {available}")
    frame = _read(resource, name)
    columns = columns or []
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} must have columns {columns}, missing {missing}; it has {list(frame.columns)}"
        )
    numeric = columns if numeric is None else list(numeric)
    integer = integer or []
    unknown = [c for c in integer if c not in numeric]
    if unknown:
        raise ValueError(f"integer columns must be among the numeric columns {numeric}, got {unknown}")
    for col in numeric:
        values = pd.to_numeric(frame[col], errors="coerce")
        bad = values.isna() & frame[col].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(
                f"{name}: column {col!r} must be numeric, row {row} holds {_entry(frame[col].iloc[row])}"
            )
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise ValueError(f"{name}: column {col!r} has a missing value (NaN) in row {row}")
        as_float = values.to_numpy(dtype=np.float64)
        if not np.isfinite(as_float).all():
            row = int(np.flatnonzero(~np.isfinite(as_float))[0])
            raise ValueError(
                f"{name}: column {col!r} must be finite, row {row} holds {_entry(as_float[row])}"
            )
        if col in integer:
            whole = (as_float == np.round(as_float)) & (np.abs(as_float) < MAX_EXACT_INTEGER)
            if not whole.all():
                row = int(np.flatnonzero(~whole)[0])
                raise ValueError(
                    f"{name}: column {col!r} must hold whole numbers below 2**53 in magnitude, "
                    f"row {row} holds {_entry(frame[col].iloc[row])}"
                )
            values = pd.Series(as_float.astype(np.int64), index=frame.index, name=col)
        frame[col] = values
    return frame


def save_csv(frame: pd.DataFrame, name: str) -> Path:
    """Write ``frame`` as the course data file ``name``, in the course's fixed format (chapter 2).

    Used by the data generators (``make data``); the fixed float format makes a
    regenerated file identical byte for byte to the shipped one. Writes the
    package's copy (or the ``NNSCRATCH_DATA`` folder) and returns its path; in a
    git checkout, without ``NNSCRATCH_DATA``, it also refreshes ``data/name``.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    _check_name(name)
    folder = data_dir()
    if not isinstance(folder, Path):
        raise ValueError(f"the data folder must be a folder on disk to write {name}, got {folder!r}")
    text = frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    copy = None if os.environ.get("NNSCRATCH_DATA") else checkout_copy_dir()
    if copy is not None:
        (copy / name).write_bytes(text.encode("utf-8"))
    return path
