"""Plots in one course style: training curves (chapter 1), decision boundaries (chapter 2).

The style is sized for the book's page column: a figure at most :data:`PAGE_WIDTH`
inches wide is shown at its own size (100 dpi), and then every text in it, ticks and
legends included, is at least 10.5 pt = 14.6 px, above the body's small print
(14.4 px). A multi-panel figure should therefore be ``PAGE_WIDTH`` wide, not wider:
a 12-inch figure is shrunk to 65% on the page, and its text with it.

Figures keep a white background: the site shows them undimmed on a white card in
dark mode too (``_static/course.css``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from nnscratch.checks import check_array, check_callable, check_labels, check_scalar

#: Colours used for classes and curves throughout the course (colour-blind safe).
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

#: Width of the book's page column in inches at the figures' 100 dpi (the column is
#: about 784 px wide in a 1400 px window): the widest a figure should be.
PAGE_WIDTH = 7.8

#: The course's matplotlib style (rcParams). Text sizes in points; at 100 dpi a point
#: is 1.39 px, so 10.5 pt is 14.6 px on the page for a figure at most PAGE_WIDTH wide.
COURSE_STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10.5,
    "legend.title_fontsize": 10.5,
    "figure.titlesize": 12.5,
    "lines.linewidth": 1.8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": plt.cycler(color=COLORS),
    "legend.frameon": False,
}


def course_style():
    """A context manager that applies the course style inside a ``with`` block only (chapter 1).

    ``with course_style(): fig, ax = plt.subplots()`` draws in the course style and
    leaves matplotlib's settings as they were afterwards. The package's own plotting
    functions draw this way, so importing or calling them changes no global setting.
    """
    return plt.style.context(COURSE_STYLE)


def use_course_style() -> None:
    """Use the course style for every later figure of this session (chapter 1).

    The chapters call it once, in their import cell; it applies :data:`COURSE_STYLE`
    through matplotlib's style mechanism (``plt.style.use``). To style one figure only,
    use ``with course_style():`` instead.
    """
    plt.style.use(COURSE_STYLE)


def plot_training_curves(history, title=None):
    """Plot per-iteration curves, one panel per entry of ``history`` (chapter 1).

    ``history`` maps a name (``"loss"``, ``"accuracy"``, ...) to a 1-D sequence
    of numbers, one per iteration or epoch. Returns ``(fig, axes)``.
    """
    if not isinstance(history, dict) or not history:
        raise TypeError("history must be a non-empty dict mapping a name to a sequence of numbers, "
                        f"got {type(history).__name__} {history!r:.40}")
    curves = {}
    for name, values in history.items():
        if not isinstance(name, str):
            raise TypeError(f"history's keys must be curve names (strings), got {type(name).__name__} {name!r:.40}")
        curves[name] = check_array(values, f"history[{name!r}]", ndim=1)
    _check_title(title)
    with course_style():
        # One panel 5 inches wide; several share the page column's width.
        width = 5.0 if len(curves) == 1 else PAGE_WIDTH
        fig, axes = plt.subplots(1, len(curves), figsize=(width, 3.2), squeeze=False)
        for i, (name, arr) in enumerate(curves.items()):
            ax, color = axes[0][i], COLORS[i % len(COLORS)]
            ax.plot(np.arange(arr.size), arr, color=color)
            ax.set_xlabel("iteration")
            ax.set_ylabel(name)
            if name.lower().startswith("loss") and arr.min() > 0 and arr.max() / arr.min() > 100:
                ax.set_yscale("log")
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return fig, axes[0]


def _check_title(title):
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {type(title).__name__}")


def plot_decision_boundary(predict, X, y, ax=None, resolution=200, padding=0.1, title=None, labels=None):
    """Colour the plane by the class ``predict`` assigns, with the points on top (chapter 2).

    ``predict`` maps an (M, 2) array of points to M integer class labels;
    ``X`` is (N, 2) and ``y`` holds N integer labels. Returns the axes.
    """
    from matplotlib.colors import ListedColormap

    check_callable(predict, "predict", "a function from an (M, 2) array to M labels", n_args=1)
    X = check_array(X, "X", shape=(None, 2))
    y = check_labels(y, "y", n_classes=len(COLORS), shape=(X.shape[0],))
    check_scalar(resolution, "resolution", int, min_val=2, max_val=2000)
    check_scalar(padding, "padding", float, min_val=0, max_val=10)
    with np.errstate(over="ignore", invalid="ignore"):
        if not np.isfinite(np.ptp(X, axis=0) * (1 + 2 * padding)).all():
            raise ValueError("X must span less than 1e307 in each column to be drawn, got an overflow")
    if ax is not None and not isinstance(ax, plt.Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if labels is not None and (not isinstance(labels, (Sequence, np.ndarray)) or isinstance(labels, str)
                               or not all(isinstance(t, str) for t in labels)):
        raise TypeError(f"labels must be a sequence of class names (strings) or None, got {labels!r:.40}")
    _check_title(title)
    with course_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(4.5, 4.0))
        span = np.ptp(X, axis=0)
        lo, hi = X.min(axis=0) - padding * span, X.max(axis=0) + padding * span
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
        grid_labels = check_labels(predict(np.column_stack([gx.ravel(), gy.ravel()])), "predict's output",
                                   n_classes=len(COLORS), shape=(gx.size,), allow_bool=True).reshape(gx.shape)
        n_classes = int(max(y.max(), grid_labels.max())) + 1
        if labels is not None and len(labels) < n_classes:
            raise ValueError(f"labels must name all {n_classes} classes, got {len(labels)} names")
        cmap = ListedColormap(COLORS[:n_classes])
        ax.contourf(gx, gy, grid_labels, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.25)
        for k in range(n_classes):
            mask = y == k
            name = labels[k] if labels is not None else f"class {k}"
            ax.scatter(X[mask, 0], X[mask, 1], s=16, color=COLORS[k], edgecolor="white", linewidth=0.4, label=name)
        ax.set_xlim(lo[0], hi[0])
        ax.set_ylim(lo[1], hi[1])
        ax.legend(loc="best")  # at the style's legend size, readable at page width
        if title:
            ax.set_title(title)
    return ax
