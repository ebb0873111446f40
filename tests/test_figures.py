"""Figure set-up: the lessons' dpi, fixed margins that keep every label inside the figure,
one draw per inline figure, plain-text log labels, and nothing changed at import."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from sgd_lesson import (  # noqa: E402
    least_squares,
    make_linear_data,
    make_logistic_data,
    mse_gradient,
    mse_loss,
    sgd,
)
from sgd_lesson.animation import animate_fit  # noqa: E402
from sgd_lesson.explorers import batch_size_explorer, learning_rate_explorer, momentum_explorer  # noqa: E402
from sgd_lesson.figures import (  # noqa: E402
    DPI,
    MARGINS,
    MAX_WIDTH,
    MIN_FONT_SIZE,
    _power_of_ten_label,
    subplots,
)
from sgd_lesson.plots import (  # noqa: E402
    plot_fit,
    plot_last_points,
    plot_learning_rate_panels,
    plot_loss_contours,
    plot_loss_curves,
    plot_loss_surface,
    plot_probability_curve,
    plot_step_factors,
)

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
    with pytest.raises(ValueError, match=f"at most {MAX_WIDTH} wide"):
        subplots(figsize=(MAX_WIDTH + 0.1, 3.0))
    with pytest.raises(ValueError, match="layout must be"):
        subplots(layout="tight")
    with pytest.raises(ValueError, match="figsize must be a 1-D array"):
        subplots(figsize=6.0)
    with pytest.raises(ValueError, match="figsize must have 2 values"):
        subplots(figsize=(6.0, 4.0, 1.0))
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
        "assert len(draws) == 1, draws\n"  # once: no second, unseen pass for a tight bounding box
        "from PIL import Image; import io\n"
        "size = Image.open(io.BytesIO(print_figure(ax.figure))).size\n"
        "assert size == (540, 360), size\n"  # the whole figure, 6 x 4 inches at 90 dpi
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
    assert _power_of_ten_label(1e-3) == "10⁻³"
    assert _power_of_ten_label(1.0) == "10⁰"
    assert _power_of_ten_label(1e12) == "10¹²"
    assert _power_of_ten_label(2e-3) == "2×10⁻³"
    assert _power_of_ten_label(0.0) == ""




def every_figure():
    """(name, figure) for each plot helper, explorer and animation of the package, on lesson-like data."""
    slow = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.05, n_epochs=40, loss_fn=mse_loss)
    yield "plot_fit", plot_fit(X, Y, [10.0, 5.0], residuals=True, true_params=[3.0, 8.0]).figure
    yield "plot_loss_contours", plot_loss_contours(X, Y, trajectories=[RUN, slow], labels=["0.5", "0.05"],
                                                   points={"guess": [10.0, 5.0]}, label_levels=True).figure
    yield "plot_loss_surface", plot_loss_surface(X, Y, points={"guess": [10.0, 5.0]}).figure
    yield "plot_loss_curves", plot_loss_curves({"0.5": RUN, "0.05": slow}, optimum_loss=OPTIMUM_LOSS).figure
    yield "plot_step_factors", plot_step_factors([0.4, 1.0, 1.6, 2.1]).figure
    yield "plot_last_points", plot_last_points(X, Y, {"0.5": RUN, "0.05": slow}, last=20).figure
    yield "plot_learning_rate_panels", plot_learning_rate_panels(X, Y, {"a": RUN, "b": slow, "c": RUN,
                                                                        "d": slow})[0].figure
    xl, labels = make_logistic_data(200, slope=12.0, intercept=-8.0, seed=0)
    yield "plot_probability_curve", plot_probability_curve(xl, labels, [12.0, -8.0], true_params=[11.0, -7.0]).figure
    yield "learning_rate_explorer", learning_rate_explorer(X, Y).figure()
    x3, y3 = make_linear_data(1_000, seed=0)
    yield "batch_size_explorer", batch_size_explorer(x3, y3).figure()
    x4, y4 = make_linear_data(100, x_range=(2.0, 3.0), seed=0)
    yield "momentum_explorer", momentum_explorer(x4, y4, nesterov=True).figure()
    yield "animate_fit", animate_fit(X, Y, RUN, n_frames=3, true_params=[3.0, 8.0]).figure
    yield "animate_fit, contours", animate_fit(X, Y, RUN, n_frames=3, contours=True).figure


def test_no_text_in_any_figure_is_smaller_than_the_minimum_and_every_figure_fits_the_page():
    assert MIN_FONT_SIZE >= 10  # points: 12.5 pixels at the lessons' dpi
    for name, fig in every_figure():
        FigureCanvasAgg(fig).draw()
        texts = [text for text in fig.findobj(Text) if text.get_visible() and text.get_text().strip()]
        assert len(texts) >= 8, name  # tick labels, axis labels, a legend ...
        smallest = min(texts, key=Text.get_fontsize)
        assert smallest.get_fontsize() >= MIN_FONT_SIZE, (name, smallest.get_text(), smallest.get_fontsize())
        assert fig.get_size_inches()[0] <= MAX_WIDTH, name
        plt.close(fig)
