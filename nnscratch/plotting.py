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

import matplotlib.pyplot as plt
import numpy as np

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
        raise TypeError("history must be a non-empty dict mapping a name to a sequence of numbers")
    curves = {}
    for name, values in history.items():
        arr = np.asarray(values, dtype=float) if _is_numeric(values) else None
        if arr is None or arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"history[{name!r}] must be a non-empty 1-D sequence of numbers")
        curves[name] = arr
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


def _is_numeric(values) -> bool:
    try:
        np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def plot_decision_boundary(predict, X, y, ax=None, resolution=200, padding=0.1, title=None, labels=None):
    """Colour the plane by the class ``predict`` assigns, with the points on top (chapter 2).

    ``predict`` maps an (M, 2) array of points to M integer class labels;
    ``X`` is (N, 2) and ``y`` holds N integer labels. Returns the axes.
    """
    from matplotlib.colors import ListedColormap

    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) to be drawn in the plane, got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if not callable(predict):
        raise TypeError("predict must be a function from an (M, 2) array to M labels")
    with course_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(4.5, 4.0))
        span = np.ptp(X, axis=0)
        lo, hi = X.min(axis=0) - padding * span, X.max(axis=0) + padding * span
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
        grid_labels = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()]))).reshape(gx.shape)
        n_classes = int(max(y.max(), grid_labels.max())) + 1
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
