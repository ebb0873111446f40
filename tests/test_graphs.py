"""sgd_lesson.graphs.draw_graph: what it draws, and that it stays readable."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from sgd_lesson import make_linear_data  # noqa: E402
from sgd_lesson.autodiff import Value, topological_order  # noqa: E402
from sgd_lesson.graphs import MAX_WIDTH, draw_graph  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def worked_example():
    """Lesson 6's L = (a b + c) f at a = 2, b = -3, c = 10, f = -2, after backward()."""
    a, b, c, f = (Value(v, name=n) for n, v in zip("abcf", [2.0, -3.0, 10.0, -2.0], strict=True))
    e = a * b
    d = e + c
    loss = d * f
    e.name, d.name, loss.name = "e", "d", "L"
    loss.backward()
    return loss


def mse_graph():
    """Lesson 6's MSE loss on 10,000 points: nine Values, six deep."""
    x, y = make_linear_data(10_000, seed=0)
    slope, intercept = Value(10.0, name="slope"), Value(5.0, name="intercept")
    loss = ((slope * Value(x, name="x") + intercept - Value(y, name="y")) ** 2).mean()
    loss.name = "loss"
    loss.backward()
    return loss


def network_graph():
    """A one-hidden-layer network's loss: thirteen Values, ten deep."""
    rng = np.random.default_rng(0)
    w1, b1 = Value(rng.normal(size=(3, 4)), name="w1"), Value(np.zeros(4), name="b1")
    w2, b2 = Value(rng.normal(size=4), name="w2"), Value(0.0, name="b2")
    hidden = (rng.normal(size=(5, 3)) @ w1 + b1).tanh()
    loss = ((hidden @ w2 + b2 - rng.normal(size=5)) ** 2).mean()
    loss.backward()
    return loss


def boxes_and_arrows(ax):
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    return boxes, arrows


def test_the_worked_example_has_its_nodes_edges_and_labels():
    ax = draw_graph(worked_example())
    boxes, arrows = boxes_and_arrows(ax)
    assert sorted(box.get_gid() for box in boxes) == sorted("abcdefL")
    assert sorted(arrow.get_gid() for arrow in arrows) == sorted(
        ["a -> e", "b -> e", "e -> d", "c -> d", "d -> L", "f -> L"])
    texts = {" ".join(t.get_text().split()) for t in ax.texts}
    assert texts == {"a value 2 grad 6", "b value -3 grad -4", "c value 10 grad -2", "f value -2 grad 4",
                     "e = a * b value -6 grad -2", "d = e + c value 4 grad -2", "L = d * f value -8 grad 1"}


def centre(box):
    return box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2


@pytest.mark.parametrize("build, direction", [(worked_example, "right"), (mse_graph, "down"),
                                              (network_graph, "down")])
def test_every_arrow_points_from_a_parent_to_its_child_downstream(build, direction):
    root = build()
    ax = draw_graph(root)
    boxes, arrows = boxes_and_arrows(ax)
    order = topological_order(root)
    assert len(boxes) == len(order)
    assert len(arrows) == sum(len(node.parents) for node in order)
    where = {box.get_gid(): centre(box) for box in boxes}
    for arrow in arrows:
        (x0, y0), (x1, y1) = (where[label] for label in arrow.get_gid().split(" -> "))
        assert (x1 > x0) if direction == "right" else (y1 < y0)


def test_a_value_used_twice_gets_two_arrows():
    a = Value(3.0, name="a")
    square = a * a
    square.backward()
    _, arrows = boxes_and_arrows(draw_graph(square))
    assert [arrow.get_gid() for arrow in arrows] == ["a -> #2", "a -> #2"]


def deep_chain():
    a = Value(0.5, name="a")
    out = a
    for _ in range(6):
        out = (out * 1.1).tanh()
    out.backward()
    return out


@pytest.mark.parametrize("build", [worked_example, mse_graph, network_graph, deep_chain])
def test_readable_boxes_never_overlap_and_hold_their_text(build):
    ax = draw_graph(build())
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    assert fig.get_size_inches()[0] <= MAX_WIDTH
    assert all(text.get_fontsize() >= 10 for text in fig.findobj(matplotlib.text.Text) if text.get_text())
    boxes, _ = boxes_and_arrows(ax)
    extents = [box.get_window_extent(renderer) for box in boxes]
    for first, second in itertools.combinations(extents, 2):
        assert not first.overlaps(second)
    figure_extent = fig.bbox
    for extent in extents:
        assert figure_extent.x0 <= extent.x0 and extent.x1 <= figure_extent.x1
        assert figure_extent.y0 <= extent.y0 and extent.y1 <= figure_extent.y1
    texts = sorted(ax.texts, key=lambda t: t.get_position())
    for text in texts:  # each text inside the box at its position
        inner = text.get_window_extent(renderer)
        holders = [e for e in extents if e.x0 <= inner.x0 and inner.x1 <= e.x1 and e.y0 <= inner.y0 and inner.y1 <= e.y1]
        assert len(holders) == 1


def reused_input():
    """Exercise 6.1's L = (a b + a) ** 2: the input a feeds a * b and, a column later, the sum."""
    a, b = Value(3.0, name="a"), Value(4.0, name="b")
    product = a * b
    u = product + a
    loss = u**2
    product.name, u.name, loss.name = "ab", "u", "L"
    loss.backward()
    return loss


def curve_points(arrow, renderer):
    """Points along the drawn arrow (its shaft and head), in display coordinates."""
    arrow.draw(renderer)
    path = arrow.get_transform().transform_path(arrow.get_path())
    return np.concatenate([segment(np.linspace(0.0, 1.0, 30))
                           for segment, _ in path.iter_bezier()])


@pytest.mark.parametrize("build", [worked_example, reused_input, mse_graph, network_graph, deep_chain])
def test_no_arrow_passes_through_a_box_it_does_not_join(build):
    ax = draw_graph(build())
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.draw(renderer)
    boxes, arrows = boxes_and_arrows(ax)
    extents = {box.get_gid(): box.get_window_extent(renderer) for box in boxes}
    for arrow in arrows:
        ends = arrow.get_gid().split(" -> ")
        points = curve_points(arrow, renderer)
        assert ax.figure.bbox.contains(*points.min(axis=0)) and ax.figure.bbox.contains(*points.max(axis=0))
        for label, extent in extents.items():
            if label not in ends:
                inside = ((points[:, 0] > extent.x0) & (points[:, 0] < extent.x1)
                          & (points[:, 1] > extent.y0) & (points[:, 1] < extent.y1))
                assert not inside.any(), f"{arrow.get_gid()} crosses the box {label}"


def test_a_graph_too_wide_for_the_page_is_refused_with_advice():
    leaves = [Value(float(k)) for k in range(16)]
    while len(leaves) > 1:  # a balanced tree of sums: 16 inputs side by side
        leaves = [leaves[k] * leaves[k + 1] for k in range(0, len(leaves), 2)]
    leaves[0].backward()
    with pytest.raises(ValueError, match="too wide.*describe_graph"):
        draw_graph(leaves[0])


def test_an_axes_can_be_given():
    root = worked_example()
    fig, ax = plt.subplots(figsize=(8.0, 3.0))
    assert draw_graph(root, ax=ax) is ax
    boxes, _ = boxes_and_arrows(ax)
    where = {box.get_gid(): centre(box) for box in boxes}
    assert where["a"][0] < where["e"][0] < where["d"][0] < where["L"][0]


def test_any_object_shaped_like_a_value_is_drawn():
    class InlineValue:  # lesson 6's first Value: data, grad, parents, op, name
        def __init__(self, data, parents=(), op="", name=""):
            self.data, self.grad = np.array(data), np.zeros(())
            self.parents, self.op, self.name = parents, op, name

    a, b = InlineValue(2.0, name="a"), InlineValue(3.0, name="b")
    product = InlineValue(6.0, (a, b), "{} * {}", "p")
    boxes, arrows = boxes_and_arrows(draw_graph(product))
    assert (len(boxes), len(arrows)) == (3, 2)
    with pytest.raises(TypeError, match="root must be a Value"):
        draw_graph(3.0)
