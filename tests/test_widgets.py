"""Explorers: a static PNG that changes with the sliders, redrawn quickly and in place."""

import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson import make_linear_data, mse_hessian  # noqa: E402
from sgd_lesson.widgets import Explorer, learning_rate_explorer  # noqa: E402

X, Y = make_linear_data(50, seed=0)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def one_slider():
    return ipywidgets.FloatSlider(value=1.0, min=0.0, max=2.0)


def draw_line(fig, *, slope):
    ax = fig.subplots()
    ax.plot([0, 1], [0, slope])
    ax.set_ylim(0, 2)


def test_explorer_png_follows_the_values():
    explorer = Explorer(draw_line, {"slope": one_slider})
    assert explorer.defaults() == {"slope": 1.0}
    default = explorer.png()
    assert default.startswith(PNG_SIGNATURE)
    assert explorer.png(slope=1.0) == default
    assert explorer.png(slope=0.5) != default


def test_explorer_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    learning_rate_explorer(X, Y).png()
    assert set(plt.get_fignums()) == before


def test_display_shows_controls_then_a_png_that_sliders_replace(monkeypatch):
    shown = []

    class Handle:
        def update(self, obj):
            shown.append(("update", obj))

    def fake_display(obj, display_id=False):
        shown.append(("display", obj))
        return Handle() if display_id else None

    import IPython.display

    monkeypatch.setattr(IPython.display, "display", fake_display)
    explorer = Explorer(draw_line, {"slope": one_slider}, title="A line")
    explorer._ipython_display_()
    (_, box), (_, image) = shown
    assert isinstance(box, ipywidgets.VBox)
    assert isinstance(image, IPython.display.Image) and image.data == explorer.png()
    slider = box.children[1]
    slider.value = 0.25
    assert shown[-1][0] == "update" and shown[-1][1].data == explorer.png(slope=0.25)


def test_explorer_rejects_bad_arguments():
    with pytest.raises(TypeError, match="draw must be callable"):
        Explorer("draw", {"slope": one_slider})
    with pytest.raises(TypeError, match="controls must be a non-empty dict"):
        Explorer(draw_line, {})
    with pytest.raises(ValueError, match="layout must be"):
        Explorer(draw_line, {"slope": one_slider}, layout="tight")


def test_learning_rate_explorer_sliders():
    explorer = learning_rate_explorer(X, Y, learning_rate=0.3, n_steps=40)
    assert explorer.defaults() == {"learning_rate": pytest.approx(0.3), "n_steps": 40}
    rate = explorer.controls["learning_rate"]()
    limit = 2.0 / np.linalg.eigvalsh(mse_hessian(X)).max()
    assert isinstance(rate, ipywidgets.FloatLogSlider)
    assert 10**rate.min == pytest.approx(1e-3) and 10**rate.max > limit  # the slider reaches divergence
    assert f"{limit:.3f}" in explorer.title


def test_learning_rate_explorer_png_changes_with_each_slider_and_is_quick():
    explorer = learning_rate_explorer(X, Y)
    explorer.png()  # warm up fonts and caches
    started = time.perf_counter()
    default = explorer.png()
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # about 0.15 s on a 2-core machine; loose, so a busy machine passes
    assert explorer.png(learning_rate=0.05) != default
    assert explorer.png(n_steps=10) != default
    assert explorer.png(learning_rate=1.0).startswith(PNG_SIGNATURE)  # a divergent run draws too


def test_learning_rate_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="learning_rate must be between"):
        learning_rate_explorer(X, Y, learning_rate=5.0)
    with pytest.raises(ValueError, match="n_steps must be at most"):
        learning_rate_explorer(X, Y, n_steps=500, max_steps=300)
    with pytest.raises(ValueError, match="params0 must have 2 values"):
        learning_rate_explorer(X, Y, params0=[1.0])
    with pytest.raises(ValueError, match="lengths do not match"):
        learning_rate_explorer(X, Y[:5])
