"""Draw the course's figures into images/ (run by ``make figures``).

Every figure is a function that takes the path of the PNG to write, registered
with the ``@figure("name.png")`` decorator. ``main()`` draws them all, or only
the file names given on the command line:

    python images/make_figures.py              # every figure
    python images/make_figures.py neuron.png   # just one

To add a figure, write a function ``draw_something(path)`` that saves one file
with :func:`save`, and decorate it. No network access and no randomness, so a
rerun redraws the same images.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle  # noqa: E402

from nnscratch.plotting import COLORS  # noqa: E402

IMAGES = Path(__file__).resolve().parent

# The diagrams are drawn for the book's page column (about 780 px at 1400 px wide): at
# most 7.8 inches wide at 100 dpi, so they show at their own size and their smallest
# text (12 pt = 17 px) stays above the body's small print (14.4 px). White background:
# the site keeps figures undimmed on a white card in dark mode (_static/course.css).
PAGE_WIDTH = 7.8
INK = "#1F2933"  # text and arrows
MUTED = "#52606D"  # headings inside a figure
FILL = {"input": "#E8F1F8", "unit": "#FBEDE4", "output": "#E3F4EE", "bias": "#F1F3F5", "back": "#F7E9F3"}
BACK = "#A23C85"  # backward quantities: a darker shade of COLORS[3], readable as text on white

#: File name (in images/) -> function drawing it. Filled by @figure.
FIGURES: dict = {}


def figure(filename: str):
    """Register the decorated function as the one that draws ``images/<filename>``."""

    def register(draw):
        if filename in FIGURES:
            raise ValueError(f"two functions draw {filename}")
        FIGURES[filename] = draw
        return draw

    return register


def save(fig, path: Path, dpi: int = 100) -> None:
    """Write ``fig`` as a PNG without the metadata (software version) that would change between setups."""
    fig.savefig(path, dpi=dpi, facecolor="white", metadata={"Software": None})
    plt.close(fig)


def _arrow(ax, start, end, color="#333333", width=1.6):
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, lw=width, color=color, shrinkA=0, shrinkB=0)
    )


@figure("neuron.png")
def draw_neuron(path: Path) -> None:
    """One sigmoid neuron (chapter 1): inputs x1..x3, weights w1..w3, sum and sigmoid, output y_hat."""
    fig, ax = plt.subplots(figsize=(PAGE_WIDTH, PAGE_WIDTH / 2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 5)
    ax.set_aspect("equal")
    ax.axis("off")

    blue, orange, green = COLORS[0], COLORS[1], COLORS[2]
    node_x, node_y, node_r = 6.0, 2.65, 0.85
    input_r = 0.38
    for i, (y, side) in enumerate(((4.15, 1), (2.65, 1), (1.15, -1)), start=1):
        ax.add_patch(Circle((1.6, y), input_r, facecolor="#E8F1F8", edgecolor=blue, lw=2))
        ax.text(1.6, y, f"$x_{i}$", ha="center", va="center", fontsize=17)
        # Arrow from the input's rim to the node's rim, along the line joining their centres.
        dx, dy = node_x - 1.6, node_y - y
        length = (dx**2 + dy**2) ** 0.5
        start = (1.6 + input_r * dx / length, y + input_r * dy / length)
        end = (node_x - node_r * dx / length, node_y - node_r * dy / length)
        _arrow(ax, start, end)
        # Weight label part of the way along the arrow, above it (below for the lowest one).
        wx, wy = start[0] + 0.38 * (end[0] - start[0]), start[1] + 0.38 * (end[1] - start[1])
        ax.text(wx, wy + side * 0.3, f"$w_{i}$", ha="center", va="center", fontsize=16, color=orange)

    # The neuron: weighted sum on the left half, sigmoid on the right.
    ax.add_patch(Circle((node_x, node_y), node_r, facecolor="#FBEDE4", edgecolor=orange, lw=2.2))
    ax.plot([node_x, node_x], [node_y - node_r, node_y + node_r], color=orange, lw=1.4)
    ax.text(node_x - 0.42, node_y, r"$\Sigma$", ha="center", va="center", fontsize=20)
    ax.text(node_x + 0.42, node_y, r"$\sigma$", ha="center", va="center", fontsize=21)

    # Output.
    _arrow(ax, (node_x + node_r, node_y), (8.55, node_y))
    ax.text(8.95, node_y, r"$\hat{y}$", ha="center", va="center", fontsize=20, color=green)

    # What the node computes.
    ax.text(
        node_x, 0.4, r"$z = w_1 x_1 + w_2 x_2 + w_3 x_3,\quad \hat{y} = \sigma(z) = \dfrac{1}{1 + e^{-z}}$",
        ha="center", va="center", fontsize=13,
    )
    ax.text(1.6, 4.8, "inputs", ha="center", va="center", fontsize=13, color="#555555")
    ax.text(node_x, node_y + node_r + 0.35, "neuron", ha="center", va="center", fontsize=13, color="#555555")
    ax.text(8.95, node_y + 0.6, "output", ha="center", va="center", fontsize=13, color="#555555")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    save(fig, path)


def _network_mark(ax, x0: float, y0: float, size: float) -> None:
    """Draw the course's mark, a small 3-4-2 network, in the square with lower-left corner (x0, y0)."""
    layers = [(3, COLORS[0]), (4, COLORS[1]), (2, COLORS[2])]
    radius = size * 0.085
    points = []
    for i, (count, color) in enumerate(layers):
        x = x0 + size * (0.14 + 0.36 * i)
        ys = [y0 + size * (0.5 + (j - (count - 1) / 2) * 0.24) for j in range(count)]
        points.append([(x, y, color) for y in ys])
    for left, right in zip(points[:-1], points[1:], strict=True):
        for xa, ya, _ in left:
            for xb, yb, _ in right:
                ax.plot([xa, xb], [ya, yb], color="#9AA5B1", lw=size * 0.9, zorder=1, solid_capstyle="round")
    for layer in points:
        for x, y, color in layer:
            ax.add_patch(Circle((x, y), radius, facecolor=color, edgecolor="white", lw=size * 0.8, zorder=2))


def _mark_canvas(inches: tuple[float, float], extent: tuple[float, float]):
    """A borderless figure of ``inches`` whose axes run from 0 to ``extent`` in x and y."""
    fig, ax = plt.subplots(figsize=inches)
    ax.set_xlim(0, extent[0])
    ax.set_ylim(0, extent[1])
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, ax


def _save_transparent(fig, path: Path) -> None:
    fig.savefig(path, dpi=100, transparent=True, metadata={"Software": None})
    plt.close(fig)


def _logo(path: Path, title_color: str, accent: str) -> None:
    fig, ax = _mark_canvas((6.0, 2.0), (6.0, 2.0))
    _network_mark(ax, 0.1, 0.1, 1.8)
    ax.text(2.1, 1.22, "Neural Networks", fontsize=25, fontweight="bold", color=title_color, va="center")
    ax.text(2.1, 0.55, "from Scratch", fontsize=25, color=accent, va="center")
    _save_transparent(fig, path)


@figure("logo.png")
def draw_logo(path: Path) -> None:
    """The site's logo (sidebar of the HTML book): the network mark and the course's name."""
    _logo(path, "#1F2933", COLORS[0])


@figure("logo_dark.png")
def draw_logo_dark(path: Path) -> None:
    """The logo for the site's dark mode: the same mark, the name in light colours."""
    _logo(path, "#E6EAEE", COLORS[5])


@figure("favicon.png")
def draw_favicon(path: Path) -> None:
    """The site's favicon (browser tab): the network mark alone, 64 x 64 pixels."""
    fig, ax = _mark_canvas((0.64, 0.64), (1.0, 1.0))
    _network_mark(ax, 0.0, 0.0, 1.0)
    _save_transparent(fig, path)


def _box(ax, center, width, height, text, face, edge, fontsize=15, lw=1.8, color=INK):
    """A rounded box of ``width`` x ``height`` centred at ``center`` with ``text`` in it."""
    x, y = center
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0,rounding_size=0.18",
            facecolor=face, edgecolor=edge, lw=lw,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=color)


def _diagram_canvas(width_in: float, xlim: tuple[float, float], ylim: tuple[float, float]):
    """A borderless figure ``width_in`` wide, its height set by the data limits at equal aspect."""
    height_in = width_in * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(left=0, right=1, bottom=0, top=1)
    return fig, ax


def _label(ax, xy, text, color, fontsize=15, **kwargs):
    """Text on a white patch, so that a line passing behind it does not cut through it."""
    ax.text(
        *xy, text, ha="center", va="center", fontsize=fontsize, color=color, zorder=5,
        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"}, **kwargs,
    )


@figure("flower_network.png")
def draw_flower_network(path: Path) -> None:
    """Chapter 2's 2-2-1 network: sun and water in, two hidden units, one output, its nine named parameters."""
    fig, ax = _diagram_canvas(PAGE_WIDTH, (0, 12.9), (-1.75, 5.75))
    blue, orange, green = COLORS[0], COLORS[1], COLORS[2]
    top, bottom, middle = 3.6, 1.2, 2.4
    in_x, in_r = 1.75, 0.45
    hid_x, hid_w, hid_h = 5.6, 3.0, 0.95
    out_x, out_w = 9.7, 2.2

    for x, text in ((in_x, "inputs"), (hid_x, "hidden layer (1)"), (out_x, "output layer (2)")):
        ax.text(x, 5.45, text, ha="center", va="center", fontsize=13, color=MUTED)
    for y, i, name in ((top, 1, "sun"), (bottom, 2, "water")):
        ax.add_patch(Circle((in_x, y), in_r, facecolor=FILL["input"], edgecolor=blue, lw=2))
        ax.text(in_x, y, f"$x_{i}$", ha="center", va="center", fontsize=17, color=INK)
        ax.text(in_x - in_r - 0.15, y, name, ha="right", va="center", fontsize=14, color=INK)

    # Weights into the hidden units: w1, w2 into unit (1,1); w3, w4 into unit (1,2).
    hid_left = hid_x - hid_w / 2
    edges = [((top, top), "$w_1$", 0.5), ((bottom, top), "$w_2$", 0.72),
             ((top, bottom), "$w_3$", 0.72), ((bottom, bottom), "$w_4$", 0.5)]
    for (y0, y1), name, t in edges:
        start, end = (in_x + in_r, y0), (hid_left, y1)
        _arrow(ax, start, end)
        _label(ax, (start[0] + t * (end[0] - start[0]), y0 + t * (y1 - y0) + (0.32 if y0 == y1 else 0)),
               name, orange, fontsize=16)

    # Hidden units, each with its bias, pre-activation and activation; delta below.
    for y, j, bias in ((top, 1, "$b_1$"), (bottom, 2, "$b_2$")):
        _box(ax, (hid_x, y), hid_w, hid_h, rf"$a_{{1,{j}}} = \sigma(z_{{1,{j}}})$",
             FILL["unit"], orange, fontsize=15)
        _arrow(ax, (hid_x - 0.55, y + hid_h / 2 + 0.55), (hid_x - 0.55, y + hid_h / 2), color=MUTED, width=1.3)
        ax.text(hid_x - 0.55, y + hid_h / 2 + 0.78, bias, ha="center", va="center", fontsize=16, color=orange)
        ax.text(hid_x + 0.75, y - hid_h / 2 - 0.3, rf"$\delta_{{1,{j}}}$", ha="center", va="center",
                fontsize=15, color=BACK)

    # Output unit: w5, w6 from the hidden activations, bias b3.
    out_left = out_x - out_w / 2
    for y, name in ((top, "$w_5$"), (bottom, "$w_6$")):
        start, end = (hid_x + hid_w / 2, y), (out_left, middle + (0.2 if y > middle else -0.2))
        _arrow(ax, start, end)
        _label(ax, (start[0] + 0.5 * (end[0] - start[0]), y + 0.5 * (end[1] - y) + (0.36 if y > middle else -0.36)),
               name, orange, fontsize=16)
    _box(ax, (out_x, middle), out_w, hid_h, r"$\hat{y} = \sigma(z_2)$", FILL["output"], green)
    _arrow(ax, (out_x - 0.45, middle + hid_h / 2 + 0.55), (out_x - 0.45, middle + hid_h / 2), color=MUTED, width=1.3)
    ax.text(out_x - 0.45, middle + hid_h / 2 + 0.78, "$b_3$", ha="center", va="center", fontsize=16, color=orange)
    ax.text(out_x + 0.55, middle - hid_h / 2 - 0.3, r"$\delta_2$", ha="center", va="center", fontsize=15, color=BACK)
    _arrow(ax, (out_x + out_w / 2, middle), (out_x + out_w / 2 + 0.6, middle))
    ax.text(out_x + out_w / 2 + 0.68, middle, "thrives?", ha="left", va="center", fontsize=13, color=MUTED)

    ax.text(6.45, -0.45, r"$z_{1,1} = w_1 x_1 + w_2 x_2 + b_1,\qquad z_{1,2} = w_3 x_1 + w_4 x_2 + b_2,"
            r"\qquad z_2 = w_5\, a_{1,1} + w_6\, a_{1,2} + b_3$", ha="center", va="center", fontsize=13, color=INK)
    ax.text(6.45, -1.25, r"$\sigma(z) = 1/(1 + e^{-z}),\qquad \delta = \partial L / \partial z$ "
            r"(backward: $\delta_2 = \hat{y} - y$)", ha="center", va="center", fontsize=13, color=INK)
    save(fig, path)


def _matrix(ax, x, y_top, rows, cols, cell, face, edge, highlight_row=None, alpha=1.0, dashed=False):
    """A rows x cols grid of cells whose top-left corner is (x, y_top); returns its centre and size."""
    for i in range(rows):
        for j in range(cols):
            strong = highlight_row is not None and i == highlight_row
            ax.add_patch(
                Rectangle(
                    (x + j * cell, y_top - (i + 1) * cell), cell, cell, facecolor=edge if strong else face,
                    edgecolor=edge, lw=1.1, alpha=(0.55 if strong else 1.0) * alpha,
                    linestyle="--" if dashed else "-",
                )
            )
    return (x + cols * cell / 2, y_top - rows * cell / 2), (cols * cell, rows * cell)


@figure("batched_layer.png")
def draw_batched_layer(path: Path) -> None:
    """Chapter 3's batched network as matrix shapes: one row per sample, through both layers."""
    fig, ax = _diagram_canvas(PAGE_WIDTH, (0, 15.6), (0.35, 9.25))
    blue, orange, green = COLORS[0], COLORS[1], COLORS[2]
    n, h, cell = 6, 4, 0.5
    row_n = 2  # the highlighted sample
    x0 = 1.6  # left of the row headings

    def caption(cx, y, name, shape):
        ax.text(cx, y + 0.62, name, ha="center", va="center", fontsize=16, color=INK)
        ax.text(cx, y + 0.22, shape, ha="center", va="center", fontsize=13.5, color=MUTED)

    def operator(x, y, text, fontsize=20):
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=INK)

    # Layer 1: X W1 + b1 -> Z1 -> sigma -> A1.
    top = 8.3
    mid = top - n * cell / 2
    ax.text(0.1, mid, "layer 1", ha="left", va="center", fontsize=13, color=MUTED)
    (cx, _), _ = _matrix(ax, x0, top, n, 2, cell, FILL["input"], blue, highlight_row=row_n)
    caption(cx, top, "$X$", r"$N \times 2$")
    operator(x0 + 1.45, mid, r"$\cdot$", fontsize=26)
    (cx, _), _ = _matrix(ax, x0 + 1.9, top - 1.0, 2, h, cell, FILL["unit"], orange)
    caption(cx, top - 1.0, "$W_1$", r"$2 \times H$")
    operator(x0 + 4.35, mid, "+")
    (cx, _), _ = _matrix(ax, x0 + 4.8, top - 1.0, 1, h, cell, FILL["output"], green)
    for k in range(1, n):  # the same row, broadcast over the N rows
        _matrix(ax, x0 + 4.8, top - 1.0 - k * 0.22, 1, h, cell, "white", green, alpha=0.35, dashed=True)
    caption(cx, top - 1.0, "$b_1$", r"$1 \times H$")
    ax.text(cx, top - 1.0 - n * 0.22 - 0.15, "copied to\nevery row", ha="center", va="top", fontsize=13,
            color=MUTED)
    operator(x0 + 7.25, mid, r"$\rightarrow$")
    (cx, _), _ = _matrix(ax, x0 + 7.7, top, n, h, cell, FILL["bias"], INK, highlight_row=row_n)
    caption(cx, top, "$Z_1$", r"$N \times H$")
    operator(x0 + 10.3, mid + 0.4, r"$\sigma$", fontsize=18)
    operator(x0 + 10.3, mid - 0.05, r"$\rightarrow$")
    (cx, _), _ = _matrix(ax, x0 + 10.9, top, n, h, cell, FILL["unit"], orange, highlight_row=row_n)
    caption(cx, top, "$A_1$", r"$N \times H$")

    # Layer 2: A1 W2 + b2 -> Z2.
    top2 = 3.95
    mid2 = top2 - n * cell / 2
    ax.text(0.1, mid2, "layer 2", ha="left", va="center", fontsize=13, color=MUTED)
    (cx, _), _ = _matrix(ax, x0, top2, n, h, cell, FILL["unit"], orange, highlight_row=row_n)
    caption(cx, top2, "$A_1$", r"$N \times H$")
    operator(x0 + 2.45, mid2, r"$\cdot$", fontsize=26)
    (cx, _), _ = _matrix(ax, x0 + 2.9, top2 - 0.5, h, 1, cell, FILL["unit"], orange)
    caption(cx, top2 - 0.5, "$W_2$", r"$H \times 1$")
    operator(x0 + 3.95, mid2, "+")
    (cx, _), _ = _matrix(ax, x0 + 4.45, top2 - 1.25, 1, 1, cell, FILL["output"], green)
    caption(cx, top2 - 1.25, "$b_2$", r"$1 \times 1$")
    operator(x0 + 5.5, mid2, r"$\rightarrow$")
    (cx, _), _ = _matrix(ax, x0 + 6.05, top2, n, 1, cell, FILL["bias"], INK, highlight_row=row_n)
    caption(cx, top2, "$Z_2$", r"$N \times 1$")
    ax.text(x0 + 7.3, mid2 + 0.3, "one row per sample: row $n$ of $X$", ha="left", va="center", fontsize=13,
            color=INK)
    ax.text(x0 + 7.3, mid2 - 0.3, "gives row $n$ of $Z_1$, $A_1$ and $Z_2$", ha="left", va="center", fontsize=13,
            color=INK)
    save(fig, path)


@figure("classifier_graph.png")
def draw_classifier_graph(path: Path) -> None:
    """Chapter 4's two-layer classifier as a computational graph: forward down, gradients back up."""
    fig, ax = _diagram_canvas(PAGE_WIDTH, (0, 11.9), (1.85, 10.95))
    blue, orange, green = COLORS[0], COLORS[1], COLORS[2]
    cx, w, hgt = 4.3, 4.4, 0.85
    levels = {"Z1": 8.5, "A1": 7.15, "Z2": 5.8, "P": 4.45, "L": 2.75}

    def small(center, text, face, edge):
        _box(ax, center, 1.05, 0.7, text, face, edge, fontsize=15, lw=1.5)

    # Inputs of the first layer, above it.
    for x, text, face, edge in ((cx - 1.5, "$X$", FILL["input"], blue), (cx, "$W_1$", FILL["unit"], orange),
                                (cx + 1.5, "$b_1$", FILL["output"], green)):
        small((x, 9.95), text, face, edge)
        _arrow(ax, (x, 9.95 - 0.35), (cx + (x - cx) * 0.45, levels["Z1"] + hgt / 2))
    _box(ax, (cx, levels["Z1"]), w, hgt, r"$Z_1 = X W_1 + b_1$", "white", INK)
    _box(ax, (cx, levels["A1"]), w, hgt, r"$A_1 = \mathrm{ReLU}(Z_1)$", "white", INK)
    _box(ax, (cx, levels["Z2"]), w, hgt, r"$Z_2 = A_1 W_2 + b_2$", "white", INK)
    _box(ax, (cx, levels["P"]), w, hgt, r"$P = \mathrm{softmax}(Z_2)$", "white", INK)
    _box(ax, (cx, levels["L"]), w + 0.6, 1.45, "", FILL["back"], BACK)
    ax.text(cx, levels["L"] + 0.3, "$L$ = cross-entropy($P$, $Y$)", ha="center", va="center", fontsize=15, color=INK)
    ax.text(cx, levels["L"] - 0.3, r"$+\ \frac{\lambda}{2}\,(\Vert W_1\Vert^2 + \Vert W_2\Vert^2)$", ha="center",
            va="center", fontsize=15, color=INK)
    for upper, lower in (("Z1", "A1"), ("A1", "Z2"), ("Z2", "P")):
        _arrow(ax, (cx - 0.9, levels[upper] - hgt / 2), (cx - 0.9, levels[lower] + hgt / 2))
    _arrow(ax, (cx - 0.9, levels["P"] - hgt / 2), (cx - 0.9, levels["L"] + 0.725))
    # Parameters and labels entering from the left.
    for y, text, face, edge in ((levels["Z2"] + 0.5, "$W_2$", FILL["unit"], orange),
                                (levels["Z2"] - 0.5, "$b_2$", FILL["output"], green)):
        small((0.75, y), text, face, edge)
        _arrow(ax, (0.75 + 0.525, y), (cx - w / 2, levels["Z2"] + (y - levels["Z2"]) * 0.5))
    small((0.75, levels["L"]), "$Y$", FILL["input"], blue)
    _arrow(ax, (0.75 + 0.525, levels["L"]), (cx - (w + 0.6) / 2, levels["L"]))
    ax.text(0.75, levels["L"] - 0.62, "one-hot", ha="center", va="center", fontsize=13, color=MUTED)

    # Backward: one dashed arrow up the right side, the gradient each step produces beside it.
    bx = cx + w / 2 + 0.35
    ax.add_patch(
        FancyArrowPatch((bx, levels["L"] + 0.4), (bx, levels["Z1"] + 0.2), arrowstyle="-|>", mutation_scale=16,
                        lw=1.8, color=BACK, linestyle=(0, (5, 3)))
    )
    tx = bx + 0.3
    rows = [
        (levels["Z1"] + 0.2, r"$dW_1 = X^\top dZ_1 + \lambda W_1$"),
        (levels["Z1"] - 0.3, r"$db_1 = \Sigma_i\, (dZ_1)_i$"),
        ((levels["Z1"] + levels["A1"]) / 2 - 0.2, r"$dZ_1 = dA_1 \odot [Z_1 > 0]$"),
        ((levels["A1"] + levels["Z2"]) / 2, r"$dA_1 = G\, W_2^\top$"),
        (levels["Z2"] - 0.15, r"$dW_2 = A_1^\top G + \lambda W_2$"),
        (levels["Z2"] - 0.65, r"$db_2 = \Sigma_i\, G_i$"),
        ((levels["P"] + levels["L"]) / 2 + 0.3, r"$G = dZ_2 = (P - Y)\,/\,N$"),
    ]
    for y, text in rows:
        ax.text(tx, y, text, ha="left", va="center", fontsize=14, color=BACK)
    ax.text(tx, 10.55, "backward", ha="left", va="center", fontsize=13, color=BACK)
    ax.text(tx, 10.05, r"$dV = \partial L / \partial V$", ha="left", va="center", fontsize=14, color=BACK)
    ax.text(0.15, 10.55, "forward", ha="left", va="center", fontsize=13, color=MUTED)
    save(fig, path)


def main(argv: list[str] | None = None) -> int:
    """Draw the figures named in ``argv`` (file names), or all of them."""
    names = list(argv) if argv else list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        print(f"unknown figure(s) {unknown}; known: {sorted(FIGURES)}", file=sys.stderr)
        return 2
    for name in names:
        FIGURES[name](IMAGES / name)
        print(f"wrote images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
