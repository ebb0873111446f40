"""sgd_lesson.autodiff against an independent reference: central finite differences."""

import operator

import numpy as np
import pytest

from sgd_lesson import (
    log_loss,
    log_loss_gradient,
    make_linear_data,
    make_logistic_data,
    mse_gradient,
    mse_loss,
    numerical_gradient,
    sigmoid,
)
from sgd_lesson.autodiff import Value, describe_graph, logaddexp, topological_order


def autodiff_gradient(expression, point):
    """Gradient by backward(), one scalar input Value per coordinate of ``point``."""
    leaves = [Value(v) for v in point]
    out = expression(*leaves)
    out.backward()
    return np.array([float(leaf.grad) for leaf in leaves])


def finite_difference_gradient(expression, point):
    """Gradient by central differences of the forward values only (no backward)."""
    return numerical_gradient(lambda p: float(expression(*[Value(v) for v in p]).data), point)


X = np.array([0.5, -1.0, 2.0, 3.5])
Y = np.array([1.0, 0.0, 2.5, -1.0])

EXPRESSIONS = {
    "sum": (lambda a, b: a + b + 3.0 - a, [1.5, -2.0]),
    "product": (lambda a, b, c: a * b * c, [1.5, -2.0, 0.7]),
    "power": (lambda a, b: a**3 + b**-1.5 + a**0.5, [1.3, 2.2]),
    "division": (lambda a, b: a / b + 2.0 / a - b / 4.0, [1.3, -0.8]),
    "negation and subtraction": (lambda a, b: -(a - b) - (3.0 - a), [0.3, 1.7]),
    "exp and log": (lambda a, b: (a * b).exp() + (a * a + 1.0).log(), [0.4, -1.2]),
    "softplus": (lambda a: logaddexp(0.0, a), [0.8]),
    "logaddexp of two values": (lambda a, b: logaddexp(a * 2.0, b), [0.3, -0.4]),
    "mean of a scalar broadcast against data": (lambda s, b: ((s * X + b - Y) ** 2).mean(), [0.7, -0.2]),
    "sum of a scalar broadcast against data": (lambda s: (s * X).exp().sum().log(), [0.3]),
    "data on the left": (lambda s: (X * s - Y / s).sum(), [1.7]),
    "reused node": (lambda a, b: (lambda u: u * u + u)(a * b), [1.1, -0.6]),
    "value used twice in one operation": (lambda a: a * a, [-2.5]),
}


@pytest.mark.parametrize("name", list(EXPRESSIONS))
def test_gradient_matches_finite_differences(name):
    expression, point = EXPRESSIONS[name]
    expected = finite_difference_gradient(expression, point)
    np.testing.assert_allclose(autodiff_gradient(expression, point), expected, rtol=1e-6, atol=1e-8)


def test_the_worked_example_of_lesson_6():
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    loss = (a * b + c) * f
    loss.backward()
    assert [float(v.grad) for v in (a, b, c, f)] == [6.0, -4.0, -2.0, 4.0]


def test_a_node_used_twice_gets_the_sum_of_both_contributions():
    a = Value(3.0)
    (a * a).backward()
    assert float(a.grad) == 6.0


@pytest.mark.parametrize("shape, data_shape", [((), (5,)), ((1,), (5,)), ((3, 1), (3, 4)), ((4,), (3, 4))])
def test_broadcast_array_parameter_gets_its_own_shape(shape, data_shape):
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=shape)
    data = rng.normal(size=data_shape)

    def loss_at(flat):
        return (Value(flat.reshape(shape)) * data).exp().mean()

    w = Value(w0)
    (w * data).exp().mean().backward()
    assert w.grad.shape == np.shape(w0)
    expected = numerical_gradient(lambda p: float(loss_at(p).data), np.ravel(w0))
    np.testing.assert_allclose(np.ravel(w.grad), expected, rtol=1e-6, atol=1e-9)


def test_mse_gradient_equals_the_hand_derived_one():
    x, y = make_linear_data(1000, seed=1)
    params = np.array([-1.0, 1.0])
    slope, intercept = Value(params[0]), Value(params[1])
    loss = ((slope * x + intercept - y) ** 2).mean()
    loss.backward()
    assert float(loss.data) == pytest.approx(mse_loss(params, x, y), rel=1e-13)
    np.testing.assert_allclose([slope.grad, intercept.grad], mse_gradient(params, x, y), rtol=1e-12, atol=0)


def test_log_loss_gradient_equals_the_hand_derived_one():
    x, labels = make_logistic_data(1000, slope=12.0, intercept=-6.0, seed=2)
    params = np.array([3.0, -0.5])
    slope, intercept = Value(params[0]), Value(params[1])
    z = slope * x + intercept
    loss = (logaddexp(0.0, z) - labels * z).mean()
    loss.backward()
    assert float(loss.data) == pytest.approx(log_loss(params, x, labels), rel=1e-13)
    np.testing.assert_allclose([slope.grad, intercept.grad], log_loss_gradient(params, x, labels),
                               rtol=1e-12, atol=1e-15)


def test_softplus_has_no_overflow_and_its_derivative_is_the_sigmoid():
    z = Value(np.array([-800.0, -5.0, 0.0, 5.0, 800.0]))
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        logaddexp(0.0, z).sum().backward()
    np.testing.assert_allclose(z.grad, sigmoid(z.data), rtol=1e-15, atol=0)


def test_backward_twice_gives_the_same_gradients():
    a, b = Value(2.0), Value(5.0)
    loss = (a * b + a) ** 2
    loss.backward()
    first = (float(a.grad), float(b.grad))
    loss.backward()
    assert (float(a.grad), float(b.grad)) == first


def test_backward_needs_a_single_number():
    v = Value(np.ones(3)) * 2.0
    with pytest.raises(ValueError, match="single number"):
        v.backward()
    v.sum().backward()  # fine once reduced


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    a = Value(1.0)
    out = a
    for _ in range(5000):
        out = out * 1.0001
    out.backward()
    assert float(a.grad) == pytest.approx(1.0001**5000)


def test_topological_order_puts_parents_first_and_lists_each_node_once():
    a, b = Value(1.0), Value(2.0)
    u = a * b
    loss = u * u + a
    order = topological_order(loss)
    position = {id(node): k for k, node in enumerate(order)}
    assert len(order) == len(position) == 5
    assert order[-1] is loss
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]


def test_an_array_on_the_left_builds_a_value():
    x = np.array([1.0, 2.0])
    out = x * Value(3.0)
    assert isinstance(out, Value)
    assert isinstance(np.float64(2.0) + Value(1.0), Value)
    np.testing.assert_array_equal(out.data, [3.0, 6.0])


def test_value_copies_its_data():
    x = np.array([1.0, 2.0])
    v = Value(x)
    v.data -= 1.0
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_bad_operands_raise_type_errors():
    with pytest.raises(TypeError, match="numbers or arrays"):
        Value(1.0) + "two"
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** Value(3.0)


def test_describe_graph_lists_nodes_parents_first():
    a, b = Value(2.0, name="a"), Value(-3.0, name="b")
    loss = a * b + 1.0
    loss.name = "loss"
    loss.backward()
    lines = describe_graph(loss).splitlines()
    assert lines[0].split() == ["node", "computed", "as", "value", "grad"]
    assert lines[1].split() == ["a", "input", "2", "-3"]
    assert lines[3].split() == ["#3", "a", "*", "b", "-6", "1"]
    assert lines[-1].split() == ["loss", "#3", "+", "#4", "-5", "1"]


def test_bad_data_and_names_raise_type_errors():
    for bad in (None, "1.0", True, [1.0, "a"]):
        with pytest.raises(TypeError, match="data must be"):
            Value(bad)
    with pytest.raises(TypeError, match="name must be a string"):
        Value(1.0, name=3)
    with pytest.raises(TypeError, match="root must be a Value"):
        describe_graph(3.0)


# --- powers at zero, and graphs immune to in-place changes of their inputs (issue 9, item 11) ---


def test_the_zeroth_power_has_derivative_zero_even_at_zero():
    for base in (0.0, 2.5, -1.0):
        a = Value(base)
        out = a**0
        out.backward()
        assert float(out.data) == 1.0
        assert float(a.grad) == 0.0
    a = Value(np.array([0.0, 3.0]))
    (a**0).sum().backward()
    np.testing.assert_array_equal(a.grad, [0.0, 0.0])


def gradients_before_and_after_updating_in_place(build, values, update):
    """Gradients of a graph built at ``values``, by backward() before and after ``update`` changes the inputs' data in place."""
    inputs = [Value(v) for v in values]
    loss = build(*inputs)
    loss.backward()
    before = [np.copy(v.grad) for v in inputs]
    for v in inputs:
        update(v)
    loss.backward()
    return before, [v.grad for v in inputs]


IN_PLACE_UPDATES = {
    "a.data -= 1": lambda v: v.data.__isub__(1.0),
    "a.data *= 3": lambda v: v.data.__imul__(3.0),
    "a.data[...] = 7": lambda v: v.data.__setitem__(Ellipsis, 7.0),
}

GRAPHS = {
    "product": (lambda a, b: a * b, [2.0, 3.0]),
    "square by product": (lambda a: a * a, [2.0]),
    "division": (lambda a, b: a / b + b / a, [1.5, -2.0]),
    "exp, log, power": (lambda a, b: (a * b).exp() + (a**2 + 1.0).log() + b**3, [0.3, -0.7]),
    "tanh and relu": (lambda a, b: (a * b).tanh() + (a - b).relu() * a, [0.4, -0.9]),
    "softplus": (lambda a, b: logaddexp(a, a * b), [0.4, -0.9]),
    "matrix product": (lambda w, v: ((w @ v) * (w @ v)).sum(), [[[1.0, 2.0], [3.0, -1.0]], [0.5, -2.0]]),
    "slice": (lambda w: (w[1:] * w[:2]).sum(), [[1.0, 2.0, -3.0]]),
    "sum and mean over an axis": (lambda w: (w.sum(axis=0) * w.mean(axis=1)[0]).sum(), [[[1.0, 2.0], [3.0, -1.0]]]),
}


@pytest.mark.parametrize("update", list(IN_PLACE_UPDATES))
@pytest.mark.parametrize("graph", list(GRAPHS))
def test_a_graph_is_immune_to_in_place_changes_of_its_inputs(graph, update):
    build, values = GRAPHS[graph]
    before, after = gradients_before_and_after_updating_in_place(build, values, IN_PLACE_UPDATES[update])
    for b, a in zip(before, after, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_old_lectures_in_place_update_finds_the_gradient_of_the_graph_it_built():
    a, b = Value(2.0), Value(2.0)
    loss = a * b
    b.data -= 1.0  # the old lecture's update, in place, after the forward pass
    loss.backward()
    assert float(a.grad) == 2.0  # d(a b)/da at the b the graph was built with


def test_values_computed_earlier_keep_their_data_when_an_input_changes_in_place():
    w = Value([1.0, 2.0, 3.0])
    first_two, doubled, its_exp = w[:2], w * 2.0, w.exp()
    w.data -= 1.0
    np.testing.assert_array_equal(first_two.data, [1.0, 2.0])
    np.testing.assert_array_equal(doubled.data, [2.0, 4.0, 6.0])
    its_exp.data += 1.0  # changing a result in place leaves its local derivative alone
    its_exp.sum().backward()
    np.testing.assert_allclose(w.grad, np.exp([1.0, 2.0, 3.0]), rtol=1e-15)


# --- every reflected operator, value and gradient, against plain floats (issue 15, item 10) ---

REFLECTED = {
    # name: (the expression on a Value, the same on a float, a point where swapping operands changes both)
    "a number plus a Value": (lambda v: 2.0 + v, lambda t: 2.0 + t, 3.0),
    "a number minus a Value": (lambda v: 1.0 - v, lambda t: 1.0 - t, 3.0),
    "a number times a Value": (lambda v: 2.5 * v, lambda t: 2.5 * t, 3.0),
    "a number over a Value": (lambda v: 2.0 / v, lambda t: 2.0 / t, 4.0),
    "a number to the power of a Value": (lambda v: 2.0**v, lambda t: 2.0**t, 3.0),
    "a Value to the power of a number": (lambda v: v**3, lambda t: t**3, 2.0),
    "a Value to a negative fractional power": (lambda v: v**-1.5, lambda t: t**-1.5, 2.0),
    "an int minus a Value": (lambda v: 1 - v, lambda t: 1 - t, 3.0),
    "a numpy scalar over a Value": (lambda v: np.float64(2.0) / v, lambda t: 2.0 / t, 4.0),
    "a numpy scalar minus a Value": (lambda v: np.float64(1.0) - v, lambda t: 1.0 - t, 3.0),
}


@pytest.mark.parametrize("name", list(REFLECTED))
def test_reflected_operators_value_and_gradient(name):
    on_value, on_float, at = REFLECTED[name]
    v = Value(at)
    out = on_value(v)
    out.backward()
    assert isinstance(out, Value)
    assert float(out.data) == pytest.approx(on_float(at), rel=1e-15)
    expected = numerical_gradient(lambda p: on_float(p[0]), np.array([at]))[0]
    assert float(v.grad) == pytest.approx(expected, rel=1e-7)


def test_the_reflected_operators_exactly():
    # 1 - v: value -2 and slope -1, where v - 1 would give 2 and +1
    cases = [(lambda v: 1.0 - v, -2.0, -1.0), (lambda v: 2.0 / v, 2.0 / 3.0, -2.0 / 9.0),
             (lambda v: 2.0 + v, 5.0, 1.0), (lambda v: 2.0 * v, 6.0, 2.0),
             (lambda v: 2.0**v, 8.0, 8.0 * np.log(2.0))]
    for expression, value, slope in cases:
        v = Value(3.0)
        out = expression(v)
        out.backward()
        assert (float(out.data), float(v.grad)) == pytest.approx((value, slope), rel=1e-15)


@pytest.mark.parametrize("name", ["plus", "minus", "times", "over", "power"])
def test_reflected_operators_with_an_array_on_the_left(name):
    rng = np.random.default_rng(3)
    left = rng.uniform(0.5, 2.0, size=(3, 4))
    on_float = {"plus": operator.add, "minus": operator.sub, "times": operator.mul,
                "over": operator.truediv, "power": operator.pow}[name]
    start = rng.uniform(0.5, 2.0, size=4)

    def loss_of(w):
        return (on_float(left, w) ** 2).sum()

    w = Value(start)
    out = (on_float(left, w) ** 2).sum()  # ndarray <op> Value calls Value's reflected operator
    out.backward()
    assert float(out.data) == pytest.approx(loss_of(start), rel=1e-14)
    np.testing.assert_allclose(w.grad, numerical_gradient(loss_of, start), rtol=1e-6)


# --- what a Value holding an array of weights needs: tanh, relu, axis sums, @, indexing (issue 11, 15) ---


def tanh(t):
    return t.tanh() if isinstance(t, Value) else np.tanh(t)


def relu(t):
    return t.relu() if isinstance(t, Value) else np.maximum(t, 0.0)


def check_against_numpy(expression, *arrays, rtol=1e-6, atol=1e-8):
    """``expression`` on Values (value and backward) against the same expression on plain numpy arrays.

    The expression uses only what ndarrays and Values share (operators, ``@``,
    indexing, ``.sum(axis=)``, ``.mean(axis=)``, :func:`tanh`, :func:`relu`),
    so the reference is numpy's forward pass, differentiated by central
    differences, independent of sgd_lesson.autodiff.
    """
    arrays = [np.asarray(a, dtype=float) for a in arrays]
    values = [Value(a) for a in arrays]
    out = expression(*values)
    out.backward()
    np.testing.assert_allclose(out.data, expression(*arrays), rtol=1e-13, atol=1e-14)
    for k, (array, value) in enumerate(zip(arrays, values, strict=True)):

        def numpy_loss(flat, k=k, shape=array.shape):
            return float(expression(*arrays[:k], flat.reshape(shape), *arrays[k + 1:]))

        assert value.grad.shape == array.shape
        expected = numerical_gradient(numpy_loss, array.ravel()).reshape(array.shape)
        np.testing.assert_allclose(value.grad, expected, rtol=rtol, atol=atol)


def random_shape(rng, ndim):
    return tuple(int(n) for n in rng.integers(1, 5, size=ndim))


@pytest.mark.parametrize("seed", range(4))
def test_tanh_and_relu_against_numpy(seed):
    rng = np.random.default_rng(seed)
    shape = random_shape(rng, seed % 3 + 1)
    w = rng.normal(size=shape) * 2.0
    w[np.abs(w) < 0.05] = 0.3  # relu has no derivative at 0: stay away from it
    check_against_numpy(lambda w: (tanh(w) * w).sum(), w)
    check_against_numpy(lambda w: (relu(w) ** 2 + relu(-w) * 3.0).sum(), w)


def test_tanh_and_relu_at_the_extremes():
    x = Value([-800.0, -1.0, 0.0, 1.0, 800.0])
    with np.errstate(all="raise"):
        tanh(x).sum().backward()
    np.testing.assert_allclose(x.grad, [0.0, 1 - np.tanh(1.0) ** 2, 1.0, 1 - np.tanh(1.0) ** 2, 0.0], rtol=1e-15)
    relu(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0, 1.0, 1.0])  # 0 at 0, as PyTorch
    np.testing.assert_array_equal(relu(x).data, [0.0, 0.0, 0.0, 1.0, 800.0])


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (-1, -2)])
@pytest.mark.parametrize("reduce", ["sum", "mean"])
def test_sum_and_mean_over_an_axis(reduce, axis):
    rng = np.random.default_rng(len(str(axis)))
    w = rng.normal(size=random_shape(rng, 3))
    check_against_numpy(lambda w: (getattr(w, reduce)(axis=axis) ** 2).sum(), w)


def test_sum_and_mean_keep_numpys_shapes():
    w = Value(np.arange(24.0).reshape(2, 3, 4))
    for axis in (None, 0, 1, 2, -1, (0, 2)):
        assert w.sum(axis=axis).data.shape == w.data.sum(axis=axis).shape
        np.testing.assert_array_equal(w.mean(axis=axis).data, w.data.mean(axis=axis))


@pytest.mark.parametrize("left, right", [((3, 4), (4, 2)), ((3, 4), (4,)), ((4,), (4, 2)), ((4,), (4,)),
                                         ((1, 4), (4, 1)), ((5, 1), (1, 3))])
@pytest.mark.parametrize("operands", ["Value @ Value", "array @ Value", "Value @ array"])
def test_matrix_products(left, right, operands):
    rng = np.random.default_rng(sum(left) + 10 * sum(right))
    a, b = rng.normal(size=left), rng.normal(size=right)
    weights = rng.normal(size=(a @ b).shape)
    if operands == "Value @ Value":
        check_against_numpy(lambda a, b: ((a @ b) ** 2 * weights).sum(), a, b)
    elif operands == "array @ Value":  # the data on the left: X @ w
        check_against_numpy(lambda b: ((a @ b) ** 2 * weights).sum(), b)
    else:
        check_against_numpy(lambda a: ((a @ b) ** 2 * weights).sum(), a)


def test_an_array_at_a_value_builds_a_value():
    out = np.ones((2, 3)) @ Value(np.ones(3))
    assert isinstance(out, Value)
    np.testing.assert_array_equal(out.data, [3.0, 3.0])


@pytest.mark.parametrize("left, right, message", [((3, 4), (3, 2), "columns on the left"),
                                                  ((4,), (3,), "columns on the left"),
                                                  ((), (3,), "vectors and matrices"),
                                                  ((2, 3, 4), (4,), "vectors and matrices")])
def test_matrix_products_of_the_wrong_shapes_are_refused(left, right, message):
    with pytest.raises(ValueError, match=message):
        Value(np.ones(left)) @ np.ones(right)


INDICES = {
    "an int": 1,
    "a negative int": -1,
    "a slice": slice(1, None),
    "a reversed slice": slice(None, None, -1),
    "repeated entries": [0, 0, 2, 0],
    "a boolean mask": np.array([True, False, True, True]),
    "a row and a slice": (1, slice(0, 2)),
    "a column": (slice(None), 2),
    "an ellipsis": (Ellipsis, 0),
}


@pytest.mark.parametrize("name", list(INDICES))
def test_indexing(name):
    index = INDICES[name]
    rng = np.random.default_rng(7)
    shape = (4,) if name in ("repeated entries", "a boolean mask") or isinstance(index, (int, slice)) else (3, 4)
    w = rng.normal(size=shape)
    check_against_numpy(lambda w: (w[index] ** 3).sum() + (w**2).sum(), w)


def test_indexing_an_entry_twice_adds_both_gradients():
    w = Value([1.0, 2.0, 3.0])
    (w[[0, 0, 2]] * np.array([10.0, 100.0, 1.0])).sum().backward()
    np.testing.assert_array_equal(w.grad, [110.0, 0.0, 1.0])


def broadcastable_pair(rng):
    """Two shapes that broadcast: a full shape, each operand dropping leading axes or stretching others."""
    full = tuple(int(n) for n in rng.integers(2, 5, size=rng.integers(1, 4)))
    shapes = []
    for _ in range(2):
        kept = full[int(rng.integers(0, len(full))):]  # drop leading axes, keep at least one
        shapes.append(tuple(1 if rng.random() < 0.4 else n for n in kept))
    return shapes


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_broadcasting_sums_each_gradient_back_to_its_shape(op, seed):
    rng = np.random.default_rng(seed)
    shape_a, shape_b = broadcastable_pair(rng)
    a, b = rng.uniform(0.5, 2.0, size=shape_a), rng.uniform(0.5, 2.0, size=shape_b)
    combine = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}[op]
    check_against_numpy(lambda a, b: tanh(combine(a, b)).sum(), a, b)


def two_layer_network_loss(features, y, w1, b1, w2, b2, activation):
    """Mean squared error of a one-hidden-layer network: ``activation(features @ w1 + b1) @ w2 + b2``."""
    hidden = activation(features @ w1 + b1)
    return ((hidden @ w2 + b2 - y) ** 2).mean()


@pytest.mark.parametrize("activation", [tanh, relu])
def test_a_two_layer_networks_gradient_against_finite_differences(activation):
    rng = np.random.default_rng(11)
    features, y = rng.normal(size=(7, 3)), rng.normal(size=7)
    params = [rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5), np.array(0.3)]  # w1, b1, w2, b2
    check_against_numpy(lambda *p: two_layer_network_loss(features, y, *p, activation), *params)


def test_a_two_layer_network_trains_by_gradient_descent():
    rng = np.random.default_rng(0)
    x = np.linspace(-2.0, 2.0, 40)
    features, y = x[:, None], np.sin(2.0 * x)
    params = [Value(rng.normal(size=(1, 16))), Value(np.zeros(16)), Value(rng.normal(size=16) * 0.5), Value(0.0)]
    losses = []
    for _ in range(300):
        loss = two_layer_network_loss(features, y, *params, tanh)
        losses.append(float(loss.data))
        loss.backward()
        for p in params:
            p.data -= 0.1 * p.grad  # in place, as the old lecture did
    assert losses[-1] < 0.1 * losses[0]
    assert losses[-1] < 0.05


def test_micrograds_readme_example_runs_unchanged_and_prints_its_numbers():
    # From micrograd's README (github.com/karpathy/micrograd), only the import changed;
    # the README's comments give 24.7041, 138.8338 and 645.5773. Lesson 6 runs it too.
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert [f"{g.data:.4f}", f"{a.grad:.4f}", f"{b.grad:.4f}"] == ["24.7041", "138.8338", "645.5773"]


# --- a new operation's parents and local derivatives, checked where they are given (review of lesson 6) ---


def test_parents_and_local_derivatives_pair_up_or_the_value_says_why():
    z = Value([-1.5, 0.8])
    local = np.array([0.15, 0.21])
    with pytest.raises(TypeError, match=r"parents must be a tuple of Values, such as \(z,\)"):
        Value([0.2, 0.7], z, (local,))  # (z) is z itself: the comma of (z,) forgotten
    with pytest.raises(TypeError, match=r"local_grads must be a tuple, one local derivative per parent"):
        Value([0.2, 0.7], (z,), local)  # the local derivative not put in a tuple
    with pytest.raises(ValueError, match="1 parent but 0 local derivatives"):
        Value([0.2, 0.7], (z,))  # the local derivative left out
    with pytest.raises(ValueError, match="2 parents but 1 local derivative:"):
        Value([0.2, 0.7], (z, z), (local,))
    with pytest.raises(TypeError, match="parents must be Values: parent 2 is a float"):
        Value([0.2, 0.7], (z, 3.0), (local, local))
    with pytest.raises(ValueError, match=r"local derivative 1 has shape \(3,\)"):
        Value([0.2, 0.7], (z,), (np.ones(3),))  # no broadcasting turns it into z's gradient
    # Lists do as well as tuples; an elementwise local derivative may be a single number.
    out = Value([0.2, 0.7], [z], [local])
    out.sum().backward()
    np.testing.assert_allclose(z.grad, local)
    Value(1.0, (z,), (1.0,)).backward()  # a sum: every entry of z gets the gradient
    np.testing.assert_allclose(z.grad, [1.0, 1.0])


def test_one_entry_arrays_are_described_and_drawn_as_numbers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sgd_lesson.graphs import draw_graph

    a = Value([2.0], name="a")
    loss = (a * a).sum()
    loss.backward()
    rows = describe_graph(loss).splitlines()
    assert rows[1].split() == ["a", "input", "2", "4"]
    assert rows[2].split() == ["#2", "a", "*", "a", "4", "1"]
    w = Value([3.0, -1.0], name="w")
    one_row = np.array([[1.0, 2.0]]) @ w + w[0:1]  # a one-row product and a slice: one entry, in a 1-D array
    one_row.sum().backward()
    assert describe_graph(one_row).splitlines()[-1].split()[-2:] == ["4", "1"]
    ax = draw_graph(loss)
    assert any(text.get_text().strip().endswith("4") for text in ax.texts)
    plt.close(ax.figure)
    power = [2.0] ** Value(1.0)  # a constant base in a one-entry array
    assert power.op == "2 ** {}"
    power.sum().backward()
