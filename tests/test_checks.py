"""The machinery behind every exercise check (lesson modules have their own tests)."""

import numpy as np
import pytest

from sgd_lesson.checks import as_number, as_vector, close, unanswered, verdict


def never_called(answer):
    raise AssertionError("correct() must not run before the reader answers")


@pytest.mark.parametrize("answer", [..., None])
def test_an_unanswered_exercise_says_so(answer, capsys):
    assert verdict("Exercise 1.1", answer, correct=never_called, right="Yes.", hint=never_called) is None
    assert capsys.readouterr().out == (
        "Exercise 1.1: no answer yet. Replace the ... with your answer and run the cell again.\n"
    )


def test_a_right_answer_says_why(capsys):
    assert verdict("Exercise 2.3", 4, correct=lambda a: a == 4, right="Two and two.", hint="Add.") is None
    assert capsys.readouterr().out == "Exercise 2.3: right! Two and two.\n"


def test_a_wrong_answer_gets_the_hint_not_the_answer(capsys):
    verdict("Exercise 2.3", 5, correct=lambda a: a == 4, right="Two and two.", hint="Add them.")
    assert capsys.readouterr().out == "Exercise 2.3: not yet. Add them.\n"


def test_a_hint_function_sees_the_answer(capsys):
    def hint(answer):
        return "That is the square." if answer == 16 else "Add them."

    verdict("Exercise 0", 16, correct=lambda a: a == 4, right="", hint=hint)
    verdict("Exercise 0", 3, correct=lambda a: a == 4, right="", hint=hint)
    assert capsys.readouterr().out.splitlines() == ["Exercise 0: not yet. That is the square.",
                                                   "Exercise 0: not yet. Add them."]


def test_unanswered():
    assert unanswered(...) and unanswered(None)
    assert not unanswered(0) and not unanswered(0.0) and not unanswered([]) and not unanswered("")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(3, 3.0), (2.5, 2.5), (np.float64(1.5), 1.5), (np.int64(7), 7.0), (np.array(2.0), 2.0),
     (np.array([4.0]), 4.0), (True, None), ("2.5", None), ([2.5], None), (np.array([1.0, 2.0]), None),
     (np.array(["a"]), None), (None, None)],
)
def test_as_number(answer, expected):
    result = as_number(answer)
    assert result == expected
    assert result is None or type(result) is float


@pytest.mark.parametrize(
    ("answer", "length", "expected"),
    [([1, 2], 2, [1.0, 2.0]), (np.array([0.5, 1.5]), 2, [0.5, 1.5]), ((3.0, 4.0), 2, [3.0, 4.0]),
     ([1.0, 2.0, 3.0], 2, None), ([1.0], 2, None), ([[1.0, 2.0]], 2, None), ([1.0, np.nan], 2, None),
     (["a", "b"], 2, None), ("ab", 2, None), (None, 2, None), (5.0, 1, None)],
)
def test_as_vector(answer, length, expected):
    result = as_vector(answer, length)
    if expected is None:
        assert result is None
    else:
        assert result.dtype == np.float64
        assert result.tolist() == expected


def test_close_uses_a_relative_tolerance():
    assert close(1.0005, 1.0) and not close(1.002, 1.0)
    assert close(1.002, 1.0, rtol=1e-2)
    assert close([1.0, 2.0], [1.0, 2.0001]) and not close([1.0, 2.0], [1.0, 2.1])
    assert close(0.0, 0.0) and not close(1e-6, 0.0)
    assert type(close(1.0, 1.0)) is bool
