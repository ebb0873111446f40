"""Animate a fit: the line moving towards the points, one frame per chosen update.

The animation is rendered as matplotlib's ``jshtml`` player (PNG frames inside the
notebook, no ffmpeg) and is built from an already-finished :class:`Trajectory`, so rerunning the cell replays
the same run from the same start instead of continuing where the last one stopped.
"""

import base64
import re
import tempfile
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation, HTMLWriter
from matplotlib.figure import Figure

from ._figure_args import FIGURE, TEXT, Made, drawn
from ._validate import Callable, Data, Flag, Integer, Is, Number, Params, validate
from .figures import COLORS, DPI, MIN_FONT_SIZE, _png
from .plots import RUN, plot_loss_contours

MAX_FRAMES = 60
TITLE_SIZE = 11.0  # points; every other text is MIN_FONT_SIZE


# The player's button icons, drawn inline: matplotlib's template links an icon font
# on a CDN, which an offline lecture hall (or a strict browser test) cannot load.
# SVG paths on a 16 x 16 grid; a "backward" icon is its "forward" one mirrored.
_ICONS = {"play": "M4 2l10 6-10 6z", "pause": "M3 2h4v12H3zM9 2h4v12H9z", "minus": "M2 7h12v2H2z",
          "step-forward": "M2 2l9 6-9 6zM11 2h3v12h-3z", "fast-forward": "M1 2l6 6-6 6zM7 2l6 6-6 6zM13 2h2v12h-2z",
          "plus": "M7 2h2v5h5v2H9v5H7V9H2V7h5z"}
_ICON = re.compile(r'<i class="fa fa-([a-z]+)-?(backward)?(forward)?( fa-flip-horizontal)?"></i>')
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']?(https?:)?//[^>]*>\s*")


def _svg_icon(match):
    name, backward, forward, flipped = match.groups()
    mirror = ' transform="matrix(-1 0 0 1 16 0)"' if backward or flipped else ""
    return (f'<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" style="vertical-align: middle">'
            f'<path fill="currentColor"{mirror} d="{_ICONS[name + ("-forward" if backward or forward else "")]}"/></svg>')


class _FrameWriter(HTMLWriter):
    """matplotlib's jshtml writer, fed with the PNG frames the animation renders itself (``frames``)."""

    def grab_frame(self, **savefig_kwargs):
        self._saved_frames.append(base64.encodebytes(next(self.frames)).decode("ascii"))


class FitAnimation(FuncAnimation):
    """A :class:`matplotlib.animation.FuncAnimation` that shows itself as a jshtml player.

    Only the ``moving`` artists change between frames: they are blitted over one cached background
    and stored as small palette PNGs; the HTML is rendered once, on first display, and kept.
    """

    @validate(fig=FIGURE, func=Callable(example=lambda frame: ()), frames=Integer(), interval=Integer(),
              moving=Is(lambda value: isinstance(value, tuple), "a tuple of artists", example=()))
    def __init__(self, fig, func, frames, *, interval, moving):
        super().__init__(fig, func, frames=frames, interval=interval, blit=False, repeat=False)
        # The frames are rendered on demand by to_jshtml, not by a GUI timer:
        # tell matplotlib not to warn when an undisplayed animation is deleted.
        self._draw_was_started = True
        self.figure = fig
        self.n_frames = frames
        self._draw_frame_at = func
        self._moving = moving
        self._html = None  # rendered on first display

    def _render_frames(self):
        fig = self.figure
        for artist in self._moving:
            artist.set_animated(True)
        canvas = drawn(fig)
        background = canvas.copy_from_bbox(fig.bbox)
        for frame in range(self.n_frames):
            self._draw_frame_at(frame)
            canvas.restore_region(background)
            for artist in self._moving:
                fig.draw_artist(artist)
            yield _png(canvas, 96)

    def to_jshtml(self, fps=None, embed_frames=True, default_mode="once"):
        """The HTML of matplotlib's JavaScript player with every frame embedded."""
        if self._html is None:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder, "animation.html")
                writer = _FrameWriter(fps=fps or 1000.0 / self._interval, embed_frames=True, default_mode=default_mode)
                writer.frames = self._render_frames()
                with writer.saving(self.figure, str(path), dpi=self.figure.dpi):
                    for _ in range(self.n_frames):
                        writer.grab_frame()
                # matplotlib's player, with its icons inline and no link to another host
                self._html = _ICON.sub(_svg_icon, _REMOTE_LINK.sub("", path.read_text()))
        return self._html

    def _repr_html_(self):
        return self.to_jshtml()

    def __repr__(self):
        return f"<FitAnimation: {self.n_frames} frames>"


def _frame_updates(n_updates, n_frames):
    """At most ``n_frames`` updates from 0 to ``n_updates``, evenly spaced in log(1 + t)."""
    if n_frames > n_updates:
        return np.arange(n_updates + 1)
    return np.unique(np.round(np.expm1(np.linspace(0, np.log1p(n_updates), n_frames))).astype(int))


def _y_limits(y, path, grid):
    # The data's range, stretched to show the lines of the first frames when
    # they start off to one side (but not to follow a run that blows up).
    span = max(y.max() - y.min(), 1e-9)
    ends = path[:, :1] * grid + path[:, 1:]
    ends = np.clip(ends[np.isfinite(ends).all(axis=1)], y.min() - 0.5 * span, y.max() + 0.5 * span)
    low, high = min(y.min(), ends.min()), max(y.max(), ends.max())
    pad = 0.08 * (high - low)
    return low - pad, high + pad


@validate(x=Data(), y=Data(same_length_as="x"), trajectory=Made(
    lambda run: hasattr(run, "params") and RUN.test(run), "a Trajectory of a line, with params of shape (n, 2)",
    RUN.make), n_frames=Integer(at_most=MAX_FRAMES), highlight_batches=Flag(), true_params=None | Params(length=2),
    title=None | TEXT, contours=Flag(), optimum_loss=None | Number())
def animate_fit(x, y, trajectory, *, n_frames=30, highlight_batches=False, true_params=None,
                title="Fitting the line", contours=False, optimum_loss=None):
    """Animate the fitted line of ``trajectory`` over the data (at most its first 400 points), 120 ms a frame.

    Parameters
    ----------
    x, y : array_like of shape (n_samples,)
    trajectory : Trajectory
        A finished run of :func:`sgd`; with ``highlight_batches``, run with ``record_batches=True``.
    n_frames : int, keyword-only, default 30
        At most :data:`MAX_FRAMES`, evenly spaced in log(1 + update), so that the fast start shows.
    highlight_batches : bool, keyword-only, default False
        Circle the minibatch whose gradient made each frame's last step.
    true_params : array_like of shape (2,), keyword-only, optional
        The true line, dashed.
    title : str, keyword-only
        Above the data, on the left; each frame's update and loss are on the right.
    contours : bool, keyword-only, default False
        Add a panel: the run's path growing on the contours of the MSE, in step with the line.
    optimum_loss : float, keyword-only, optional
        With it, each frame shows its excess loss ``loss - optimum_loss`` instead of its loss.

    Returns
    -------
    FitAnimation
        Shown as a jshtml player when it is the last expression of a cell; its figure is not a
        pyplot figure (no static image under the player).
    """
    path = np.asarray(trajectory.params, dtype=float)
    batches = getattr(trajectory, "batches", None)
    if highlight_batches and batches is None:
        raise ValueError("highlight_batches needs a trajectory run with record_batches=True")
    updates = _frame_updates(len(path) - 1, n_frames)
    losses = getattr(trajectory, "losses", None)
    # Small in inches at the lessons' dpi, so that a 25-frame animation keeps a notebook well under 1 MiB.
    fig = Figure(figsize=(6.8, 2.9) if contours else (4.8, 3.2), dpi=DPI, layout="constrained")
    ax, path_ax = fig.subplots(1, 2) if contours else (fig.subplots(), None)
    shown = slice(400)  # the first points (the data are in random order): frames of 10,000 points stay small
    big = len(x[shown]) > 200  # many points drawn: smaller, and lighter where they overlap
    ax.scatter(x[shown], y[shown], s=10 if big else 18, color=COLORS["data"], alpha=0.6 if big else 0.8,
               linewidths=0, label="data")
    # The lines span the axes, which reach a little past the data on both
    # sides, so that the points at the ends are drawn whole.
    margin = 0.03 * max(x.max() - x.min(), 1e-9)
    grid = np.array([x.min() - margin, x.max() + margin])
    truth = []
    if true_params is not None:
        truth = ax.plot(grid, true_params[0] * grid + true_params[1], "--", color=COLORS["truth"], linewidth=1.2,
                        label="true line")
    (line,) = ax.plot([], [], color=COLORS["fit"], linewidth=2.2, label="fitted line")
    chosen = ax.scatter([], [], s=40, facecolors="none", edgecolors=COLORS["highlight"], linewidths=1.5,
                        label="minibatch" if highlight_batches else None)
    ax.set(xlim=(grid[0], grid[1]), ylim=_y_limits(y, path, grid))
    ax.legend(loc="upper left", frameon=False, fontsize=MIN_FONT_SIZE)
    # The title stays; only the short counter on the right is redrawn per frame
    # (drawing text costs more than drawing the lines).
    ax.set_title(title, loc="left", fontsize=TITLE_SIZE)
    caption = (path_ax if contours else ax).set_title(f"update {len(path) - 1}", loc="right",
                                                      fontsize=TITLE_SIZE)
    # Drawn in this order on every frame: the true line over the fitted one, which covers it once the fit is good.
    moving = [line, *truth, chosen, caption]
    if contours:
        plot_loss_contours(x, y, trajectories=[trajectory], ax=path_ax, title="", markers=False, n_levels=9)
        named = {artist.get_gid(): artist for artist in path_ax.lines}
        trail, now = named["path 0"], named["end 0"]
        trail.set_label("path so far")
        path_ax.legend(loc="best", frameon=True, framealpha=0.85, fontsize=MIN_FONT_SIZE)
        moving += [trail, now]
    for panel, (xlabel, ylabel) in ((ax, ("x", "y")), (path_ax, ("slope", "intercept")))[: 1 + contours]:
        panel.set_xlabel(xlabel, fontsize=MIN_FONT_SIZE)
        panel.set_ylabel(ylabel, fontsize=MIN_FONT_SIZE)
        panel.tick_params(labelsize=MIN_FONT_SIZE)
    # Lay the figure out once, then freeze it: re-running the layout engine on
    # every frame would double the cost of the animation.
    fig.draw_without_rendering()
    fig.set_layout_engine(None)

    def draw(frame):
        t = updates[frame]
        slope, intercept = path[t]
        line.set_data(grid, slope * grid + intercept)
        batch = batches[t - 1] if highlight_batches and t > 0 else []
        chosen.set_offsets(np.column_stack([x[batch], y[batch]]))
        loss = ("" if losses is None else f", loss {losses[t]:.4f}" if optimum_loss is None
                else f", excess loss {losses[t] - optimum_loss:.1e}")
        caption.set_text(f"update {t}{loss}")
        if contours:
            trail.set_data(path[: t + 1, 0], path[: t + 1, 1])
            now.set_data([slope], [intercept])
        return moving

    return FitAnimation(fig, draw, frames=len(updates), interval=120, moving=tuple(moving))
