"""Loading course CSV files (chapter 1): shipped in the package, found from any cwd, clear errors for bad files."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import nnscratch
from nnscratch import datasets
from nnscratch.datasets import FLOAT_FORMAT, load_csv, save_csv

#: Every data set the course ships; each must be in the package (and so in the wheel).
SHIPPED = [
    "flower_test.csv",
    "flower_train.csv",
    "planets.csv",
    "real_planets.csv",
    "single_neuron.csv",
    "spiral.csv",
    "spiral_test.csv",
]


@pytest.fixture
def tmp_data(tmp_path, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_DATA", str(tmp_path))
    return tmp_path


def test_data_dir_is_the_package_folder_whatever_the_cwd(monkeypatch, tmp_path):
    monkeypatch.delenv("NNSCRATCH_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    assert Path(datasets.data_dir()) == Path(nnscratch.__file__).resolve().parent / "datasets"
    assert sorted(p.name for p in datasets.data_dir().iterdir() if p.name.endswith(".csv")) == SHIPPED
    assert list(load_csv("single_neuron.csv", columns=["x1", "x2", "x3", "y"]).columns) == ["x1", "x2", "x3", "y"]


def test_checkout_copies_equal_the_package_files():
    """``data/`` of the checkout is a copy for browsing; the package's folder is the source of truth."""
    copy = datasets.checkout_copy_dir()
    if copy is None:
        pytest.skip("not running from the course's git checkout: no data/ copy to compare")
    source = Path(datasets.data_dir())
    assert sorted(p.name for p in copy.glob("*.csv")) == sorted(p.name for p in source.glob("*.csv"))
    differ = [p.name for p in source.glob("*.csv") if (copy / p.name).read_bytes() != p.read_bytes()]
    assert not differ, (
        f"data/{differ} differ from nnscratch/datasets/: edit the files in nnscratch/datasets/ "
        "(or regenerate them with `make data`, which writes both) and copy them to data/"
    )


def test_save_csv_writes_the_source_and_refreshes_the_checkout_copy(monkeypatch, tmp_path):
    source, copy = tmp_path / "pkg", tmp_path / "copy"
    copy.mkdir()
    monkeypatch.delenv("NNSCRATCH_DATA", raising=False)
    monkeypatch.setattr(datasets, "data_dir", lambda: source)
    monkeypatch.setattr(datasets, "checkout_copy_dir", lambda: copy)
    path = save_csv(pd.DataFrame({"a": [0.5]}), "t.csv")
    assert path == source / "t.csv"
    assert path.read_bytes() == (copy / "t.csv").read_bytes() == b"a\n0.500000\n"


def test_save_csv_with_override_leaves_the_checkout_copy_alone(tmp_data, monkeypatch, tmp_path_factory):
    copy = tmp_path_factory.mktemp("copy")
    monkeypatch.setattr(datasets, "checkout_copy_dir", lambda: copy)
    assert save_csv(pd.DataFrame({"a": [1]}), "t.csv") == tmp_data / "t.csv"
    assert list(copy.iterdir()) == []


def test_load_round_trip(tmp_data):
    frame = pd.DataFrame({"a": [0.1, 0.25], "b": [1, 2], "label": ["x", "y"]})
    save_csv(frame, "t.csv")
    loaded = load_csv("t.csv", columns=["a", "b", "label"], numeric=["a", "b"])
    np.testing.assert_allclose(loaded["a"], [0.1, 0.25])
    assert list(loaded["label"]) == ["x", "y"]
    assert (tmp_data / "t.csv").read_text() == frame.to_csv(index=False, float_format=FLOAT_FORMAT)
    assert (tmp_data / "t.csv").read_bytes() == b"a,b,label\n0.100000,1,x\n0.250000,2,y\n"


def test_missing_file_lists_available(tmp_data):
    (tmp_data / "present.csv").write_text("a\n1\n")
    with pytest.raises(FileNotFoundError, match=r"absent.csv.*present.csv"):
        load_csv("absent.csv")


def test_missing_column(tmp_data):
    (tmp_data / "f.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match=r"missing \['c'\]"):
        load_csv("f.csv", columns=["a", "c"])


def test_non_numeric_value_names_row_and_column(tmp_data):
    (tmp_data / "f.csv").write_text("a,b\n1,2\n3,oops\n")
    with pytest.raises(ValueError, match=r"'b' must be numeric, row 1 holds 'oops'"):
        load_csv("f.csv", columns=["a", "b"])


def test_missing_value(tmp_data):
    (tmp_data / "f.csv").write_text("a,b\n1,2\n3,\n")
    with pytest.raises(ValueError, match=r"'b' has a missing value \(NaN\) in row 1"):
        load_csv("f.csv", columns=["a", "b"])


@pytest.mark.parametrize("text", ["", "\n", "   \n\n"])
def test_empty_file_is_a_value_error_naming_it(tmp_data, text):
    (tmp_data / "f.csv").write_text(text)
    with pytest.raises(ValueError, match=r"^f.csv must be a CSV file with a header line .*got an empty file"):
        load_csv("f.csv")


def test_header_only_file_is_rejected(tmp_data):
    (tmp_data / "f.csv").write_text("a,b\n")
    with pytest.raises(ValueError, match=r"^f.csv must be .*at least one data row, got a header line only"):
        load_csv("f.csv", columns=["a", "b"])


def test_malformed_file_is_a_value_error_naming_it(tmp_data):
    (tmp_data / "f.csv").write_text("a,b\n1,2\n3,4,5,6\n")
    with pytest.raises(ValueError, match=r"^f.csv must be .*got a malformed file .*f.csv"):
        load_csv("f.csv", columns=["a", "b"])


def test_binary_file_is_a_value_error_naming_it(tmp_data):
    (tmp_data / "f.csv").write_bytes(b"a,b\n\xff\xfe,\x80\n")
    with pytest.raises(ValueError, match=r"^f.csv must be .* in UTF-8, got a malformed file"):
        load_csv("f.csv", columns=["a", "b"])


@pytest.mark.parametrize("entry", ["inf", "-inf"])
def test_infinite_value_is_rejected(tmp_data, entry):
    (tmp_data / "f.csv").write_text(f"a,b\n1,2\n3,{entry}\n")
    with pytest.raises(ValueError, match=r"'b' must be finite, row 1 holds -?inf$"):
        load_csv("f.csv", columns=["a", "b"])


def test_a_number_too_large_for_a_float_is_rejected(tmp_data):
    # pandas >= 3 reads 1e400 as inf, older pandas as the string '1e400': both are refused.
    (tmp_data / "f.csv").write_text("a,b\n1,2\n3,1e400\n")
    with pytest.raises(ValueError, match=r"'b' must be (finite|numeric), row 1 holds (inf|'1e400')$"):
        load_csv("f.csv", columns=["a", "b"])


@pytest.mark.parametrize(
    ("entry", "shown"), [("1.5", "1.5"), ("1e20", "1e+20"), ("-9007199254740993", "-9007199254740993")]
)
def test_integer_column_rejects_fractional_and_huge_values(tmp_data, entry, shown):
    (tmp_data / "f.csv").write_text(f"a,y\n1,0\n3,{entry}\n")
    with pytest.raises(ValueError, match=rf"'y' must hold whole numbers .*row 1 holds {re.escape(shown)}$"):
        load_csv("f.csv", columns=["a", "y"], integer=["y"])


def test_integer_column_comes_back_as_int64(tmp_data):
    (tmp_data / "f.csv").write_text("a,y\n1,0.0\n3,2\n")
    frame = load_csv("f.csv", columns=["a", "y"], integer=["y"])
    assert frame["y"].dtype == np.int64
    assert frame["y"].tolist() == [0, 2]


def test_integer_columns_must_be_numeric_ones(tmp_data):
    (tmp_data / "f.csv").write_text("a,y\n1,0\n")
    with pytest.raises(ValueError, match=r"integer columns must be among the numeric columns \['a'\], got \['y'\]"):
        load_csv("f.csv", columns=["a", "y"], numeric=["a"], integer=["y"])


@pytest.mark.parametrize("keyword", ["columns", "numeric", "integer"])
def test_column_lists_must_be_lists_of_names(tmp_data, keyword):
    (tmp_data / "f.csv").write_text("a,y\n1,0\n")
    with pytest.raises(TypeError, match=rf"^{keyword} must be a list of column names .*got 'y'"):
        load_csv("f.csv", **{keyword: "y"})
    with pytest.raises(TypeError, match=rf"^{keyword} must be a list of column names .*got \[1\]"):
        load_csv("f.csv", **{keyword: [1]})
    with pytest.raises(TypeError, match=rf"^{keyword} must be a list of column names .*got 5$"):
        load_csv("f.csv", **{keyword: 5})


def test_name_must_be_a_string(tmp_data):
    with pytest.raises(TypeError, match="file name"):
        load_csv(3)


@pytest.mark.parametrize("name", ["../data.csv", "sub/f.csv", "f.txt", ".csv", "C:\\f.csv"])
def test_name_must_be_a_bare_csv_name(tmp_data, name):
    with pytest.raises(ValueError, match=r"bare CSV file name .*got"):
        load_csv(name)
    with pytest.raises(ValueError, match=r"bare CSV file name .*got"):
        save_csv(pd.DataFrame({"a": [1]}), name)


def test_save_requires_a_dataframe(tmp_data):
    with pytest.raises(TypeError, match="DataFrame"):
        save_csv([[1, 2]], "x.csv")
