"""Figure set-up: the lessons' dpi, fixed margins that keep every label inside the figure,
one draw per inline figure, plain-text log labels, and nothing changed at import."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson import least_squares, make_linear_data, mse_gradient, mse_loss, sgd  # noqa: E402
from sgd_lesson.figures import DPI, MARGINS, MAX_WIDTH, power_of_ten_label, subplots  # noqa: E402
from sgd_lesson.plots import plot_loss_contours, plot_loss_curves  # noqa: E402

X, Y = make_linear_data(50, seed=0)
OPTIMUM_LOSS = mse_loss(least_squares(X, Y), X, Y)
RUN = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.5, n_epochs=40, loss_fn=mse_loss)


def test_subplots_uses_the_lessons_dpi_size_and_fixed_margins():
    fig, ax = subplots()
    assert fig.dpi == DPI
    assert tuple(fig.get_size_inches() * fig.dpi) == (540.0, 360.0)
    assert fig.get_layout_engine() is None  # fixed margins: cheaper to draw
    assert fig.subplotpars.left == pytest.approx(MARGINS["left"] / 6.0)
    assert fig.subplotpars.top == pytest.approx(1 - MARGINS["top"] / 4.0)
    plt.close(fig)
    fig, ax = subplots(layout="constrained")
    assert fig.get_layout_engine() is not None
    plt.close(fig)


def test_subplots_rejects_figures_wider_than_a_page_and_unknown_layouts():
    with pytest.raises(ValueError, match=f"at most {MAX_WIDTH} inches wide"):
        subplots(figsize=(MAX_WIDTH + 0.1, 3.0))
    with pytest.raises(ValueError, match="layout must be"):
        subplots(layout="tight")
    with pytest.raises(TypeError, match="figsize must be a pair"):
        subplots(figsize=6.0)
    with pytest.raises(ValueError, match="too small"):
        subplots(1, 4, figsize=(3.0, 2.0))
    assert plt.get_fignums() == []


def overlaps(box, other):
    return box.x0 < other.x1 and other.x0 < box.x1 and box.y0 < other.y1 and other.y0 < box.y1


@pytest.mark.parametrize("sharey", [False, True])
def test_fixed_margins_keep_labels_inside_the_figure_and_panels_apart(sharey):
    fig, (left, right) = subplots(1, 2, figsize=(MAX_WIDTH, 3.6), sharey=sharey)
    plot_loss_contours(X, Y, trajectories=[RUN], ax=left, title="The path downhill")
    plot_loss_curves({"good": RUN}, ax=right, optimum_loss=OPTIMUM_LOSS,
                     title="Loss above the minimum, log scale")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [ax.get_tightbbox(renderer) for ax in (left, right)]
    assert not overlaps(*boxes)  # tick labels, axis labels and titles of the panels stay apart
    for box in boxes:  # and nothing is cut off at the figure's edges
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1
    plt.close(fig)


def test_inline_figures_are_drawn_once_not_again_by_pyplot():
    # Jupyter's inline backend renders a figure when the cell ends; pyplot's
    # interactive mode would draw it once before that for nothing.
    code = (
        "import matplotlib; matplotlib.use('module://matplotlib_inline.backend_inline')\n"
        "import matplotlib.pyplot as plt\n"
        "from matplotlib.figure import Figure\n"
        "from sgd_lesson.plots import plot_fit\n"
        "draws = []\n"
        "original = Figure.draw\n"
        "def counted(self, renderer):\n"
        "    draws.append(self)\n"
        "    return original(self, renderer)\n"
        "Figure.draw = counted\n"
        "ax = plot_fit([0.0, 1.0], [1.0, 3.0], [2.0, 1.0])\n"
        "plt.draw_all()\n"  # what pyplot runs after every cell
        "assert draws == [], draws\n"
        "from IPython.core.pylabtools import print_figure\n"
        "assert print_figure(ax.figure).startswith(b'\\x89PNG')\n"
        "assert len(draws) >= 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_the_drawing_modules_leaves_rcparams_alone():
    code = (
        "import matplotlib; before = dict(matplotlib.rcParams); "
        "import sgd_lesson.plots, sgd_lesson.animation, sgd_lesson.widgets; "
        "changed = [k for k, v in matplotlib.rcParams.items() if before[k] != v]; "
        "assert not changed, changed"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plain_log_labels_read_like_mathtext_powers():
    assert power_of_ten_label(1e-3) == "10⁻³"
    assert power_of_ten_label(1.0) == "10⁰"
    assert power_of_ten_label(1e12) == "10¹²"
    assert power_of_ten_label(2e-3) == "2×10⁻³"
    assert power_of_ten_label(0.0) == ""


