"""Course plots (chapters 1 and 2): they draw what they are given and reject bad input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnscratch.plotting import plot_decision_boundary, plot_training_curves  # noqa: E402


def test_training_curves_one_panel_per_series():
    fig, axes = plot_training_curves({"loss": [1.0, 0.5, 0.25], "accuracy": [0.5, 0.75, 1.0]})
    assert len(axes) == 2
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [0.5, 0.75, 1.0])
    plt.close(fig)


@pytest.mark.parametrize("bad, error", [({}, TypeError), ([1, 2], TypeError),
                                        ({"loss": []}, ValueError), ({"loss": ["a"]}, TypeError),
                                        ({"loss": [[1, 2]]}, ValueError)])
def test_training_curves_bad_input(bad, error):
    with pytest.raises(error):
        plot_training_curves(bad)


def test_decision_boundary_colours_the_predicted_regions():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-0.5, 1.0], [0.5, -1.0]])
    y = np.array([0, 1, 0, 1])
    ax = plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y)
    assert len(ax.collections) >= 3  # the filled regions and one scatter per class
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]
    plt.close(ax.figure)


@pytest.mark.parametrize(
    "X, y, error",
    [(np.zeros((4, 3)), np.zeros(4, dtype=int), ValueError),
     (np.zeros((4, 2)), np.zeros(3, dtype=int), ValueError),
     (np.zeros((4, 2)), np.zeros(4), TypeError)],
)
def test_decision_boundary_bad_input(X, y, error):
    with pytest.raises(error):
        plot_decision_boundary(lambda P: np.zeros(len(P), dtype=int), X, y)


# --- The course style: sized for the page column, applied without touching global settings.

from nnscratch.plotting import PAGE_WIDTH, course_style, use_course_style  # noqa: E402

#: The book's content column at 1400 px (CSS px) and the body's small print (0.9 x 16 px).
COLUMN_PX, SMALL_PRINT_PX = 784, 14.4


def _smallest_text_on_page(fig):
    """The smallest font of any visible text in ``fig``, in CSS px once the page shrinks it to the column."""
    fig.canvas.draw()
    width_px = fig.get_figwidth() * fig.dpi
    shrink = min(1.0, COLUMN_PX / width_px)
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
    return min(sizes) * fig.dpi / 72 * shrink


def test_course_style_is_readable_at_page_width():
    with course_style():
        fig, axes = plt.subplots(1, 3, figsize=(PAGE_WIDTH, 3.0))
        for ax in axes:
            ax.plot([0, 1], [0, 1], label="a line")
            ax.set_xlabel("x")
            ax.legend()
        fig.suptitle("three panels")
    assert _smallest_text_on_page(fig) >= SMALL_PRINT_PX
    plt.close(fig)
    # The measure is not lenient: matplotlib's defaults in a 12-inch figure are not readable.
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
    axes[0].plot([0, 1], label="a line")
    axes[0].legend()
    assert _smallest_text_on_page(fig) < SMALL_PRINT_PX
    plt.close(fig)


def test_plot_helpers_are_readable_at_page_width():
    fig, axes = plot_training_curves({"loss": [1.0, 0.5], "accuracy": [0.5, 1.0], "other": [1, 2]}, title="t")
    assert fig.get_figwidth() <= PAGE_WIDTH
    assert _smallest_text_on_page(fig) >= SMALL_PRINT_PX
    plt.close(fig)
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-0.5, 1.0], [0.5, -1.0]])
    ax = plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, np.array([0, 1, 0, 1]), title="t")
    assert ax.figure.get_figwidth() <= PAGE_WIDTH
    assert _smallest_text_on_page(ax.figure) >= SMALL_PRINT_PX
    plt.close(ax.figure)


def test_course_style_changes_no_global_setting():
    with matplotlib.rc_context():
        plt.style.use("default")  # whatever earlier tests did
        before = dict(matplotlib.rcParams)
        with course_style():
            assert matplotlib.rcParams["font.size"] == 11
        fig, _ = plot_training_curves({"loss": [1.0, 0.5]})
        plt.close(fig)
        X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
        ax = plot_decision_boundary(lambda P: np.zeros(len(P), dtype=int), X, np.zeros(3, dtype=int))
        plt.close(ax.figure)
        changed = {k for k in before if before[k] != matplotlib.rcParams[k]}
    assert changed == set(), f"the plotting functions changed global settings: {sorted(changed)}"


def test_use_course_style_styles_later_figures():
    with matplotlib.rc_context():  # undo it after this test
        assert use_course_style() is None  # a chapter's import cell must not display a value
        assert matplotlib.rcParams["font.size"] == 11
        assert matplotlib.rcParams["figure.facecolor"] == "white"
        fig, ax = plt.subplots()
        assert ax.xaxis.get_ticklabels()[0].get_fontsize() >= 10.5
        plt.close(fig)


def test_course_figures_are_drawn_by_the_script_and_fit_the_page(tmp_path, monkeypatch):
    """Every images/*.png a chapter shows is drawn by images/make_figures.py, readable at 80% of the column.

    The chapters show the diagrams with ``:width: 80%``: their smallest text must still be
    at least the body's small print there.
    """
    import importlib.util
    import json
    import re
    from pathlib import Path

    from PIL import Image

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("make_figures", root / "images" / "make_figures.py")
    make_figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_figures)
    shown = set()
    for notebook in sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            shown |= set(re.findall(r"images/([\w.-]+\.png)", "".join(cell["source"])))
    assert shown, "no chapter shows a figure from images/: is this the course?"
    missing = sorted(shown - set(make_figures.FIGURES))
    assert not missing, f"not drawn by images/make_figures.py: {missing}"
    smallest_pt = {}
    real_save = make_figures.save

    def measuring_save(fig, path, **kwargs):
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
        smallest_pt[Path(path).name] = min(t.get_fontsize() for t in texts)
        real_save(fig, path, **kwargs)

    monkeypatch.setattr(make_figures, "save", measuring_save)
    for name in sorted(shown):
        make_figures.FIGURES[name](tmp_path / name)
        width, _ = Image.open(tmp_path / name).size
        assert width <= COLUMN_PX, f"{name} is {width} px wide: the page would shrink it and its text"
        shown_px = smallest_pt[name] * 100 / 72 * min(1.0, 0.8 * COLUMN_PX / width)
        assert shown_px >= SMALL_PRINT_PX, f"{name}: its smallest text shows at {shown_px:.1f} px at 80% width"
        assert (root / "images" / name).is_file(), f"images/{name} is not in the repository: run make figures"
