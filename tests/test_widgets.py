"""Explorer: a static PNG that changes with the sliders, redrawn in place, defaults read once."""

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from sgd_lesson.widgets import Explorer  # noqa: E402

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


def test_defaults_are_read_once_and_redraws_make_no_controls():
    made = []

    def counted_slider():
        slider = one_slider()
        made.append(slider)
        return slider

    explorer = Explorer(draw_line, {"slope": counted_slider})
    for slope in (0.5, 1.5):
        explorer.png(slope=slope)
    assert made == []  # every value given: no defaults needed
    explorer.png()
    explorer.png()
    assert explorer.defaults() == {"slope": 1.0}
    assert len(made) == 1  # read once, then kept
    assert made[0].comm is None  # and that control was closed again
    with pytest.raises(TypeError, match="no control named speed"):
        explorer.png(speed=2.0)


def test_shown_explorer_keeps_its_sliders_defaults(monkeypatch):
    import IPython.display

    made = []

    def counted_slider():
        slider = one_slider()
        made.append(slider)
        return slider

    monkeypatch.setattr(IPython.display, "display", lambda obj, display_id=False: None)
    explorer = Explorer(draw_line, {"slope": counted_slider})
    explorer._ipython_display_()
    assert explorer.defaults() == {"slope": 1.0} and len(made) == 1  # the shown slider's value


def test_explorer_makes_no_pyplot_figures():
    before = set(plt.get_fignums())
    Explorer(draw_line, {"slope": one_slider}).png(slope=0.5)
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


