"""animate_fit: a bounded, deterministic jshtml player that leaks no figures."""

import base64
import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from sgd_lesson import make_linear_data, mse_gradient, mse_loss, sgd  # noqa: E402
from sgd_lesson.animation import MAX_FRAMES, FitAnimation, _frame_updates, animate_fit  # noqa: E402

X, Y = make_linear_data(50, seed=0)
RUN = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.5, n_epochs=150, loss_fn=mse_loss)
FRAME = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=\\\n]+")


def masked(html):
    """The HTML with matplotlib's random 32-hex player ids masked."""
    return re.sub(r"[0-9a-f]{32}", "ID", html)


def test_frame_updates_start_at_zero_end_at_the_last_update():
    picks = _frame_updates(150, 25)
    assert picks[0] == 0 and picks[-1] == 150
    assert len(picks) <= 25 and np.all(np.diff(picks) > 0)
    assert _frame_updates(5, 30).tolist() == [0, 1, 2, 3, 4, 5]


def test_animation_has_the_frames_asked_for_and_a_bounded_size():
    before = set(plt.get_fignums())
    animation = animate_fit(X, Y, RUN, n_frames=25, true_params=[3.0, 8.0])
    html = animation._repr_html_()
    assert isinstance(animation, FitAnimation)
    assert animation.n_frames == len(_frame_updates(RUN.n_updates, 25))
    assert len(FRAME.findall(html)) == animation.n_frames
    assert len(html) < 250_000  # bytes: a notebook holds a few of these under 1 MiB
    assert repr(animation) == f"<FitAnimation: {animation.n_frames} frames>"
    assert set(plt.get_fignums()) == before


def test_jshtml_holds_the_player_controls():
    html = animate_fit(X, Y, RUN, n_frames=10)._repr_html_()
    for control in ("anim-slider", "play_animation", "pause_animation", "first_frame", "last_frame"):
        assert control in html


def test_the_player_loads_nothing_from_another_host_and_draws_its_icons_inline():
    html = animate_fit(X, Y, RUN, n_frames=4)._repr_html_()
    assert not re.search(r"https?:|(src|href|url)\s*[=(]\s*[\"']?//", html)
    assert "<link" not in html and 'class="fa' not in html  # matplotlib's template links Font Awesome
    assert html.count("<svg") == 9  # one icon per button: speed -, first, back, reverse, pause, play ...


def test_same_run_gives_the_same_html_every_time():
    first = animate_fit(X, Y, RUN, n_frames=12)._repr_html_()
    second = animate_fit(X, Y, RUN, n_frames=12)._repr_html_()
    assert first != second  # the player ids are random ...
    assert masked(first) == masked(second)  # ... and nothing else differs


def test_html_is_rendered_once_and_kept():
    animation = animate_fit(X, Y, RUN, n_frames=8)
    assert animation.to_jshtml() is animation.to_jshtml()


def test_frames_differ_as_the_line_moves():
    frames = FRAME.findall(animate_fit(X, Y, RUN, n_frames=6)._repr_html_())
    assert len(set(frames)) == len(frames)


def test_contour_panel_animation_is_bounded_too():
    animation = animate_fit(X, Y, RUN, n_frames=25, contours=True)
    html = animation._repr_html_()
    assert len(animation.figure.axes) == 2
    assert len(FRAME.findall(html)) == animation.n_frames
    assert len(html) < 500_000


@pytest.mark.parametrize("contours", [False, True])
def test_frames_stay_small_in_pixels(contours):
    html = animate_fit(X, Y, RUN, n_frames=5, contours=contours, true_params=[3.0, 8.0])._repr_html_()
    first = FRAME.findall(html)[0].split(",", 1)[1].replace("\\n", "")
    width, height = Image.open(io.BytesIO(base64.b64decode(first))).size
    assert width <= 640 and height <= 300  # at the lessons' dpi, so text is as large as in their figures


@pytest.mark.parametrize("contours", [False, True])
def test_title_stays_and_the_counter_follows_the_frames(contours):
    animation = animate_fit(X, Y, RUN, n_frames=5, contours=contours, title="Gradient descent")
    animation._repr_html_()  # renders every frame; the last one stays drawn
    data_ax = animation.figure.axes[0]
    counter_ax = animation.figure.axes[-1]
    assert data_ax.get_title(loc="left") == "Gradient descent"
    assert counter_ax.get_title(loc="right") == f"update {RUN.n_updates}, loss {RUN.losses[-1]:.4f}"


def test_with_the_optimum_loss_the_counter_shows_the_excess_loss():
    animation = animate_fit(X, Y, RUN, n_frames=5, optimum_loss=0.08)
    animation._repr_html_()
    assert animation.figure.axes[0].get_title(loc="right") == (
        f"update {RUN.n_updates}, excess loss {RUN.losses[-1] - 0.08:.1e}")


def test_the_true_line_is_drawn_over_the_fitted_line_in_every_frame():
    animation = animate_fit(X, Y, RUN, n_frames=5, true_params=[3.0, 8.0])
    lines = [artist for artist in animation._moving if hasattr(artist, "get_linestyle")
             and artist in animation.figure.axes[0].lines]
    assert [line.get_label() for line in lines] == ["fitted line", "true line"]


def test_many_points_are_drawn_small_but_not_faint():
    x, y = make_linear_data(10_000, seed=0)
    run = sgd(mse_gradient, x, y, [10.0, 5.0], learning_rate=0.1, n_epochs=1, batch_size=100, seed=0)
    scatter = animate_fit(x, y, run, n_frames=5).figure.axes[0].collections[0]
    assert len(scatter.get_offsets()) == 400 and scatter.get_alpha() >= 0.5


def test_points_at_the_ends_of_the_data_are_drawn_whole():
    ax = animate_fit(X, Y, RUN, n_frames=5).figure.axes[0]
    low, high = ax.get_xlim()
    span = X.max() - X.min()
    assert low <= X.min() - 0.02 * span and high >= X.max() + 0.02 * span
    # the fitted and true lines still reach both sides of the axes
    animation = animate_fit(X, Y, RUN, n_frames=5, true_params=[3.0, 8.0])
    animation._repr_html_()
    ax = animation.figure.axes[0]
    for line in ax.lines:
        assert tuple(line.get_xdata()) == ax.get_xlim()


def test_highlight_batches_needs_recorded_batches():
    with pytest.raises(ValueError, match="record_batches=True"):
        animate_fit(X, Y, RUN, highlight_batches=True)
    minibatch = sgd(mse_gradient, X, Y, [10.0, 5.0], learning_rate=0.1, n_epochs=2, batch_size=5,
                    seed=0, record_batches=True)
    html = animate_fit(X, Y, minibatch, n_frames=5, highlight_batches=True)._repr_html_()
    assert len(FRAME.findall(html)) == 5


def test_an_undisplayed_animation_does_not_warn_when_deleted():
    import gc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        animation = animate_fit(X, Y, RUN, n_frames=5)
        del animation
        gc.collect()
    assert [str(w.message) for w in caught] == []


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match=f"n_frames must be from 1 to {MAX_FRAMES}"):
        animate_fit(X, Y, RUN, n_frames=MAX_FRAMES + 1)
    with pytest.raises(TypeError, match="trajectory must be a Trajectory"):
        animate_fit(X, Y, np.zeros((5, 2)))
    with pytest.raises(ValueError, match="lengths do not match"):
        animate_fit(X, Y[:10], RUN)
    with pytest.raises(TypeError, match="n_frames must be a whole number"):
        animate_fit(X, Y, RUN, n_frames=2.5)
