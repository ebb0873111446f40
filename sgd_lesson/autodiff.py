"""Reverse-mode automatic differentiation, derived in lesson 6 (``06_autodiff_from_scratch``).

A :class:`Value` holds ``data``, the Values it was computed from (``parents``) and its local
derivative with respect to each (``local_grads``): an array, multiplied entry by entry, or for
an operation that mixes entries (``@``, a sum over an axis, indexing) the function that
multiplies a gradient by its Jacobian (``_Jacobian``). :meth:`Value.backward` applies the chain rule.
"""

from __future__ import annotations

import numbers

import numpy as np


def _input_array(data):
    if data is None or isinstance(data, (str, bytes, bool, Value)):
        use = ": use its .data" if isinstance(data, Value) else ""
        raise TypeError(f"data must be a number or an array of numbers, got {type(data).__name__}{use}")
    try:
        return np.array(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"data must be a number or an array of numbers, got {data!r}") from None


def _as_value(other):
    if isinstance(other, Value):
        return other
    if isinstance(other, (str, bytes, bool)) or other is None:
        raise TypeError(f"a Value combines with numbers or arrays of numbers, got {type(other).__name__}")
    return Value(other)


def _links(parents, local_grads, shape):
    """``parents`` and ``local_grads`` as tuples, checked: one local derivative per parent, each fitting it."""
    if not isinstance(parents, (tuple, list)):
        comma = ": for one parent write (z,) with its comma, since (z) is z itself" if isinstance(parents, Value) else ""
        raise TypeError(f"parents must be a tuple of Values, such as (z,), got {type(parents).__name__}{comma}")
    if not isinstance(local_grads, (tuple, list)):
        raise TypeError(f"local_grads must be a tuple, one local derivative per parent, such as (local,), "
                        f"got {type(local_grads).__name__}")
    if len(parents) != len(local_grads):
        raise ValueError(f"{_count(len(parents), 'parent')} but {_count(len(local_grads), 'local derivative')}: "
                         f"give one per parent, such as (z,) and (local,)")
    checked = []
    for k, (parent, local) in enumerate(zip(parents, local_grads, strict=True), start=1):
        if not isinstance(parent, Value):
            raise TypeError(f"parents must be Values: parent {k} is a {type(parent).__name__}")
        if not isinstance(local, _Jacobian):
            try:
                local = np.array(local, dtype=np.float64)  # a copy: immune to later in-place changes
            except (TypeError, ValueError):
                raise TypeError(f"local derivative {k} must be a number or an array of numbers (the .data of a "
                                f"Value), got {type(local).__name__}") from None
            if not _fits(shape, local.shape, parent.data.shape):
                raise ValueError(f"local derivative {k} has shape {local.shape}: times a gradient of this Value's "
                                 f"shape {shape} it must give one of its parent's shape {parent.data.shape}")
        checked.append(local)
    return tuple(parents), tuple(checked)


def _count(n, thing):
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _fits(shape, local_shape, parent_shape):
    """Whether ``backward`` can add ``grad * local`` (``grad`` of ``shape``) into a ``grad`` of ``parent_shape``."""
    if local_shape in ((), shape) and parent_shape in ((), shape):  # elementwise, or a number broadcast
        return True
    try:  # anything else: a dry run of backward's step on arrays of zeros that take no memory
        contribution = np.broadcast_to(0.0, np.broadcast_shapes(shape, local_shape))
        return np.broadcast_shapes(_sum_to_shape(contribution, parent_shape).shape, parent_shape) == parent_shape
    except (ValueError, IndexError):
        return False


def _sum_to_shape(gradient, shape):
    """Add up the contributions broadcasting made: ``gradient`` back to ``shape``."""
    while gradient.ndim > len(shape):  # a scalar used once per data point: sum the n uses
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):  # an axis of length 1 stretched along the other
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient


def topological_order(root):
    """Every Value that ``root`` depends on, each one after its parents (``root`` last)."""
    # An explicit stack, not recursion: a graph thousands of operations deep stays within Python's limit.
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in reversed(node.parents))
    return order


class Value:
    """A number or an array that remembers how it was computed.

    Parameters
    ----------
    data : float or array_like
        Stored as a float64 array (0-d for a single number).
    parents : tuple of Value, default ()
        The Values this one was computed from; empty for an input. One
        parent is ``(z,)``, with its comma.
    local_grads : tuple, default ()
        ``d(this) / d(parent)``, one per parent, in the same order: an array
        (or a number), or a ``_Jacobian``.
    op : str, default ""
        How this Value was computed, with ``{}`` for each parent (for printing).
    name : str, keyword-only, default ""
        A label for :func:`describe_graph`.

    Attributes
    ----------
    grad : ndarray, shaped like ``data``
        After ``loss.backward()``: ``d(loss) / d(this)``.

    Notes
    -----
    ``backward`` starts every ``grad`` in the graph from zero, so calling it
    twice gives the same gradients (PyTorch adds, hence its ``zero_grad()``).

    Examples
    --------
    >>> a, b = Value(2.0), Value(-3.0)
    >>> loss = a * b + a
    >>> loss.backward()
    >>> float(a.grad), float(b.grad)
    (-2.0, 2.0)
    """

    __array_ufunc__ = None  # so that ndarray * Value calls Value.__rmul__

    def __init__(self, data, parents=(), local_grads=(), op="", *, name=""):
        # Copies, of data and of every local derivative: updating data in place (a.data -= ...)
        # then changes neither the caller's array nor a graph built before.
        self.data = _input_array(data)
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self.grad = np.zeros_like(self.data)
        self.parents, self.local_grads = _links(parents, local_grads, self.data.shape)
        self.op, self.name = op, name

    def __add__(self, other):
        other = _as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "{} + {}")

    def __sub__(self, other):
        other = _as_value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "{} - {}")

    def __mul__(self, other):
        other = _as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "{} * {}")

    def __truediv__(self, other):
        other = _as_value(other)
        return Value(self.data / other.data, (self, other),
                     (1.0 / other.data, -self.data / other.data**2), "{} / {}")

    def __pow__(self, exponent):
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"the exponent must be a plain number, got {type(exponent).__name__}")
        # d(x**k)/dx = k x**(k-1); x**0 is the constant 1, whose derivative is 0 (at x = 0 too)
        local = exponent * self.data ** (exponent - 1) if exponent != 0 else np.zeros_like(self.data)
        return Value(self.data**exponent, (self,), (local,), f"{{}} ** {exponent:g}")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "-{}")

    def __radd__(self, other):
        return _as_value(other) + self

    def __rsub__(self, other):
        return _as_value(other) - self

    def __rmul__(self, other):
        return _as_value(other) * self

    def __rtruediv__(self, other):
        return _as_value(other) / self

    def __rpow__(self, base):  # a constant base ** a Value: d(b**x)/dx = b**x log(b)
        base = _as_value(base).data
        out = base**self.data
        return Value(out, (self,), (out * np.log(base),), f"{base.item():g} ** {{}}" if base.size == 1 else "b ** {}")

    def __matmul__(self, other):
        other = _as_value(other)
        # As matrices (a vector is one row on the left of @, one column on the right), the
        # gradient g of a @ b goes back to a as g @ b.T and to b as a.T @ g.
        a, b = _as_matrix(self.data, 0), _as_matrix(other.data, 1)
        if a.shape[1] != b.shape[0]:
            raise ValueError(f"@ needs as many columns on the left as rows on the right, "
                             f"got shapes {self.data.shape} and {other.data.shape}")
        shape_a, shape_b, shape_g = self.data.shape, other.data.shape, (a.shape[0], b.shape[1])
        return Value(self.data @ other.data, (self, other),
                     (_Jacobian(lambda g: (g.reshape(shape_g) @ b.T).reshape(shape_a)),
                      _Jacobian(lambda g: (a.T @ g.reshape(shape_g)).reshape(shape_b))), "{} @ {}")

    def __rmatmul__(self, other):
        return _as_value(other) @ self

    def __getitem__(self, index):
        shape = self.data.shape

        def times(grad):  # each picked entry's gradient goes back to its place; picked twice, it adds up
            out = np.zeros(shape)
            np.add.at(out, index, grad)
            return out

        return Value(self.data[index], (self,), (_Jacobian(times),), "{}[...]")

    def exp(self):
        out = np.exp(self.data)
        return Value(out, (self,), (out,), "exp({})")

    def log(self):
        return Value(np.log(self.data), (self,), (1.0 / self.data,), "log({})")

    def tanh(self):
        out = np.tanh(self.data)
        return Value(out, (self,), (1.0 - out**2,), "tanh({})")  # d tanh(x)/dx = 1 - tanh(x)**2

    def relu(self):  # d relu(x)/dx = 1 where x > 0, else 0 (at 0 too, as in PyTorch)
        return Value(np.maximum(self.data, 0.0), (self,), (np.where(self.data > 0, 1.0, 0.0),), "relu({})")

    def sum(self, axis=None):  # d(sum)/d(entry) = 1: every entry added gets the sum's gradient
        return Value(self.data.sum(axis=axis), (self,), (_spread(axis, self.data.shape),), "sum({})")

    def mean(self, axis=None):  # d(mean)/d(entry) = 1/n, for the n entries averaged together
        out = self.data.mean(axis=axis)
        return Value(out, (self,), (_spread(axis, self.data.shape, out.size / self.data.size),), "mean({})")

    def backward(self):
        """Fill ``grad`` of every Value in the graph with ``d(self) / d(that Value)``.

        Notes
        -----
        The chain rule, applied in reverse topological order so that a node's
        ``grad`` is complete before it is passed on: for every parent of a node,
        ``parent.grad += node.grad * d(node)/d(parent)``, summed over the
        entries that broadcasting stretched. A parent with several children
        (or used twice) receives the sum of their contributions.
        """
        if self.data.size != 1:
            raise ValueError(f"backward() starts from a single number such as a loss, got shape "
                             f"{self.data.shape}; take .sum() or .mean() first")
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.data)
        self.grad = np.ones_like(self.data)
        for node in reversed(order):  # children before parents: each grad is complete when used
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += _sum_to_shape(node.grad * local, parent.data.shape)

    def __repr__(self):
        label = f"{self.name}, " if self.name else ""
        return f"Value({label}shape {self.data.shape})" if self.data.ndim else f"Value({label}{float(self.data):.6g})"


class _Jacobian:
    """A local derivative that mixes entries: ``grad * jacobian`` is ``times(grad)``, shaped like the parent."""

    __array_ufunc__ = None  # so that ndarray * _Jacobian calls __rmul__

    def __init__(self, times):
        self.times = times

    def __rmul__(self, grad):
        return self.times(grad)


def _spread(axis, shape, scale=1.0):
    """The local derivative of a sum over ``axis`` (times ``scale``): every entry added gets the sum's gradient."""
    return _Jacobian(lambda grad: np.broadcast_to(scale * (grad if axis is None else np.expand_dims(grad, axis)),
                                                  shape))


def _as_matrix(array, new_axis):
    """A copy of a vector or a matrix as a matrix: a vector gets a new axis (0: one row, 1: one column)."""
    if array.ndim not in (1, 2):
        raise ValueError(f"@ multiplies vectors and matrices, got an array of shape {array.shape}")
    return np.array(np.expand_dims(array, new_axis) if array.ndim == 1 else array)


def logaddexp(a, b):
    """``log(exp(a) + exp(b))`` without overflow; ``logaddexp(0, z)`` is the softplus.

    Its local derivatives are ``exp(a - out)`` and ``exp(b - out)`` (``sigmoid(z)``, lesson 5).

    Examples
    --------
    >>> z = Value(0.0)
    >>> logaddexp(0.0, z).backward()
    >>> float(z.grad)  # sigmoid(0)
    0.5
    """
    a, b = _as_value(a), _as_value(b)
    out = np.logaddexp(a.data, b.data)
    return Value(out, (a, b), (np.exp(a.data - out), np.exp(b.data - out)), "logaddexp({}, {})")


def describe_graph(root):
    """The graph under ``root`` as a table, one row per Value, parents first.

    Each row gives a label (the Value's ``name``, or ``#k`` for row ``k``), how
    it was computed from earlier rows, its value and its ``grad``. Any object with
    ``data``, ``grad``, ``parents``, ``op`` and ``name`` will do (lesson 6's Value).

    Examples
    --------
    >>> a = Value(3.0, name="a")
    >>> square = a * a
    >>> square.backward()
    >>> print(describe_graph(square))
    node  computed as  value  grad
    a     input            3     6
    #2    a * a            9     1
    """
    rows = [("node", "computed as", "value", "grad")]
    rows += [(label, formula, _number(node.data), _number(node.grad)) for node, label, formula in _rows(root)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}"
                     for r in rows)


def _number(array):
    return f"{array.item() + 0.0:.4g}" if array.size == 1 else f"array of {array.size}"  # + 0.0: no "-0"


def _rows(root):
    """``(node, label, formula)`` for every Value under ``root``, parents first."""
    for attribute in ("data", "grad", "parents", "op", "name"):
        if not hasattr(root, attribute):
            raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order = topological_order(root)
    labels = {id(node): node.name or f"#{k}" for k, node in enumerate(order, start=1)}
    return [(node, labels[id(node)], node.op.format(*(labels[id(p)] for p in node.parents)) if node.op else "input")
            for node in order]
