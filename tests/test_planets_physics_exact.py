"""Planets: the loaders' contract and the physics' defaults, checked by hand (issue 11, part 4).

Expected values come from the shipped files themselves (a regenerated
catalogue must equal the shipped bytes) or from the published rule
(Kopparapu et al. 2014 is fitted over 2600-7200 K: outside it, no answer
without extrapolate=True).
"""

from __future__ import annotations

import numpy as np
import pytest

from nnscratch.datasets import data_dir, planets
from nnscratch.datasets.planets import REAL_COLUMNS, hz_distances, hz_flux_limits, is_habitable, load_real_planets

HEADER = "name,host_teff_k,flux_earth,radius_earth,source\n"


@pytest.mark.parametrize("call", [
    lambda: hz_distances(2000.0, 1.0),
    lambda: hz_flux_limits(8000.0),
    lambda: is_habitable(1.0, 1.0, 2000.0),
])
def test_outside_the_fit_range_needs_extrapolate_by_default(call):
    with pytest.raises(ValueError, match=r"^teff must lie in the fit's range 2600-7200 K"):
        call()


def test_extrapolated_distances_follow_the_same_formula():
    inner, outer = hz_flux_limits(2500.0, extrapolate=True)
    near, far = hz_distances(2500.0, 4.0, extrapolate=True)
    assert near == pytest.approx(np.sqrt(4.0 / inner), rel=1e-14)
    assert far == pytest.approx(np.sqrt(4.0 / outer), rel=1e-14)


def test_real_planets_columns_and_types():
    frame = load_real_planets()
    assert tuple(frame.columns) == REAL_COLUMNS
    assert frame["radius_earth"].dtype == np.float64


@pytest.mark.parametrize(("rows", "message"), [
    ("X,5000,1.0,0,paper\n", r"'radius_earth' must be finite and positive, got \[0(\.0)?\]"),
    ("X,5000,1.0,-2,paper\n", r"'radius_earth' must be finite and positive, got \[-2(\.0)?\]"),
    ("X,0,1.0,1.0,paper\n", r"'host_teff_k' must be finite and positive, got \[0(\.0)?\]"),
    ("X,5000,1.0,1.0,paper\n,5000,1.0,1.0,paper\n", r"every row needs a name and a source"),
])
def test_real_planets_reject_non_positive_values(tmp_path, monkeypatch, rows, message):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    (tmp_path / "real_planets.csv").write_text(HEADER + rows)
    with pytest.raises(ValueError, match=r"^real_planets\.csv: (column )?" + message):
        load_real_planets()


def test_real_planets_need_every_column(tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    (tmp_path / "real_planets.csv").write_text("name,host_teff_k,flux_earth,radius_earth\nX,5000,1.0,1.0\n")
    with pytest.raises(ValueError, match=r"^real_planets\.csv must have columns .* missing \['source'\]"):
        load_real_planets()
    (tmp_path / "real_planets.csv").write_text("name,host_teff_k,flux_earth,source\nX,5000,1.0,paper\n")
    with pytest.raises(ValueError, match=r"missing \['radius_earth'\]"):
        load_real_planets()


def test_write_csv_files_regenerates_the_shipped_catalogue(tmp_path, monkeypatch):
    shipped = (data_dir() / planets.FILES["synthetic"]).read_bytes()
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    paths = planets.write_csv_files()
    assert [p.name for p in paths] == ["planets.csv"]
    assert (tmp_path / "planets.csv").read_bytes() == shipped
