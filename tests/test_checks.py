"""The machinery behind every exercise check, and every check run on its own catalogue of mistakes.

The lesson modules have their own tests (tests/test_checks_lessonN.py) of what
their answers mean; here every ``check_...`` of every lesson is held to one
rule: its right answer is right at the stated precision and rounded to it, no
catalogued mistake is accepted, each gets its own hint, types are read alike,
impossible values are named, and the right answer with too few figures is close.
"""

import math

import numpy as np
import pytest

from sgd_lesson.checks import (
    TEXT,
    Exercise,
    agrees,
    as_number,
    as_vector,
    lesson1,
    lesson2,
    lesson3,
    lesson4,
    lesson5,
    lesson6,
    lesson7,
    lesson8,
    read_numbers,
    significant_figures,
    unanswered,
    verdict,
)

LESSONS = (lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7, lesson8)
CHECKS = [(module, name) for module in LESSONS for name in module.EXERCISES]

NO_ANSWER = "no answer yet. Replace the ... with your answer and run the cell again."


def rounded(value, sig_figs):
    """``value`` (a number or a vector) rounded to ``sig_figs`` significant figures, as a student writes it."""
    return [float(f"{v:.{sig_figs}g}") for v in np.atleast_1d(value)]


def printed(capsys, check, answer):
    assert check(answer) is None
    return capsys.readouterr().out


def numeric_checks(min_sig_figs):
    """The checks whose answer is a number given to at least ``min_sig_figs`` significant figures."""
    cases = []
    for module, name in CHECKS:
        exercise = module.EXERCISES[name]()
        if exercise.expected is not None and (exercise.sig_figs or 0) >= min_sig_figs:
            cases.append((module, name))
    return cases


ROUNDED = numeric_checks(2)  # a shorter answer is one figure short


def prefix_is_only_a_prefix(module, name):
    """Whether the answer two figures short is not also the answer one figure short (0.5 for 0.498)."""
    exercise = module.EXERCISES[name]()
    prefix = rounded(exercise.expected, exercise.sig_figs - 2)
    return not agrees(np.array(prefix), exercise.expected, exercise.sig_figs - 1)


PREFIXED = [case for case in numeric_checks(3) if prefix_is_only_a_prefix(*case)]  # two figures short


def test_every_exercise_is_declared_and_named_as_its_check():
    for module in LESSONS:
        checks = {name for name in vars(module) if name.startswith("check_")}
        assert set(module.EXERCISES) == checks, module.__name__
        for name, build in module.EXERCISES.items():
            assert callable(getattr(module, name)) and isinstance(build(), Exercise), name


@pytest.mark.parametrize(("module", "name"), CHECKS, ids=[name for _, name in CHECKS])
def test_every_check_on_its_catalogue_of_known_mistakes(module, name, capsys):
    exercise, check = module.EXERCISES[name](), getattr(module, name)
    if exercise.expected is not None:
        expected = np.atleast_1d(exercise.expected).tolist()
        assert "right!" in printed(capsys, check, expected if len(expected) > 1 else expected[0])
        if exercise.sig_figs is not None:
            assert "right!" in printed(capsys, check, rounded(expected, exercise.sig_figs))
    assert exercise.mistakes, f"{name} declares no known mistakes"
    for value, hint in exercise.mistakes:
        answers = [value] + ([rounded(value, exercise.sig_figs)] if exercise.sig_figs is not None else [])
        for answer in answers:
            out = printed(capsys, check, answer)
            assert "right!" not in out, (name, value)
            assert hint in out, (name, value, out)  # its own diagnosis, not the general hint
            if isinstance(exercise.hint, str):
                assert exercise.hint not in out


@pytest.mark.parametrize(("module", "name"), CHECKS, ids=[name for _, name in CHECKS])
def test_every_check_reads_answers_by_one_rule(module, name, capsys):
    exercise, check = module.EXERCISES[name](), getattr(module, name)
    label = exercise.label
    for unanswered_answer in (..., None):
        assert printed(capsys, check, unanswered_answer) == f"{label}: {NO_ANSWER}\n"
    length = 1 if exercise.expected is None else np.size(exercise.expected)
    assert TEXT in printed(capsys, check, "0.5" if length == 1 else ["0.5"] * length)
    assert "not True or False" in printed(capsys, check, True if length == 1 else [True] * length)
    assert "is impossible" in printed(capsys, check, math.nan if length == 1 else [math.nan] * length)
    assert "is impossible" in printed(capsys, check, math.inf if length == 1 else [1.0] * (length - 1) + [math.inf])
    assert f"Give {exercise.what}." in printed(capsys, check, list(range(length + 1)))
    low, high, why = exercise.possible
    if why:
        impossible = [low - 1.0 if low > -math.inf else high + 1.0] * length
        if not any(agrees(impossible, mistake, exercise.sig_figs) for mistake, _ in exercise.mistakes):
            assert f"is impossible: {why}" in printed(capsys, check, impossible if length > 1 else impossible[0])
    if exercise.expected is None:
        return
    right = np.atleast_1d(exercise.expected).astype(float)
    if length == 1:  # a number, a numpy scalar, a 0-d array, a 1-element list or array: all the same
        for form in (float(right[0]), np.float32(right[0]) if exercise.sig_figs else np.int64(right[0]),
                     np.array(right[0]), [right[0]], np.array([right[0]])):
            assert "right!" in printed(capsys, check, form), form
    else:
        for form in (list(right), tuple(right), np.array(right)):
            assert "right!" in printed(capsys, check, form)


@pytest.mark.parametrize(("module", "name"), ROUNDED, ids=[name for _, name in ROUNDED])
def test_the_right_answer_with_too_few_figures_is_close_and_not_refused_as_wrong(module, name, capsys):
    exercise, check = module.EXERCISES[name](), getattr(module, name)
    short = rounded(exercise.expected, exercise.sig_figs - 1)
    out = printed(capsys, check, short if len(short) > 1 else short[0])
    if not agrees(np.array(short), exercise.expected, exercise.sig_figs):
        assert f"Close: give at least {exercise.sig_figs} significant figures." in out, out
    else:  # an exact value such as 100 or 0.05 is right with any number of figures
        assert "right!" in out


def test_a_function_whose_body_is_still_the_stub_is_no_answer_yet(capsys):
    exercise = Exercise(label="Exercise 9.1", expected=4.0, right="Yes.", hint="Add them.", call=(2.0, 2.0))

    def stub(a, b):
        ...

    def stub_pass(a, b):
        """Add a and b."""

    def stub_ellipsis(a, b):
        return ...

    def wrong(a, b):
        return a * b + 1

    def broken(a, b):
        return a / 0

    for function in (stub, stub_pass, stub_ellipsis):
        exercise.check(function)
        assert capsys.readouterr().out == f"Exercise 9.1: {NO_ANSWER}\n"
    exercise.check(lambda a, b: a + b)
    assert capsys.readouterr().out == "Exercise 9.1: right! Yes.\n"
    exercise.check(wrong)
    assert capsys.readouterr().out == "Exercise 9.1: not yet. Add them.\n"
    exercise.check(broken)
    assert capsys.readouterr().out == "Exercise 9.1: not yet. Your function raised ZeroDivisionError: float division by zero\n"


def test_a_function_given_where_a_number_is_asked_for_is_not_taken_as_no_answer(capsys):
    Exercise(label="Exercise 9.2", expected=4.0, right="", hint="", what="one number, the sum").check(lambda: 4.0)
    assert capsys.readouterr().out == "Exercise 9.2: not yet. Give one number, the sum.\n"


@pytest.mark.parametrize(("answer", "length", "expected"), [
    (3, 1, [3.0]), (2.5, 1, [2.5]), (np.float64(1.5), 1, [1.5]), (np.int64(7), 1, [7.0]), (np.array(2.0), 1, [2.0]),
    (np.array([4.0]), 1, [4.0]), ([2.5], 1, [2.5]), ((2.5,), 1, [2.5]), ([1, 2], 2, [1.0, 2.0]),
    (np.array([0.5, 1.5]), 2, [0.5, 1.5]), ((3.0, 4.0), 2, [3.0, 4.0]), ([np.float64(1.0), 2], 2, [1.0, 2.0]),
])
def test_numbers_in_any_of_their_forms_are_read_alike(answer, length, expected):
    numbers, problem = read_numbers(answer, length)
    assert problem is None and numbers.dtype == np.float64 and numbers.tolist() == expected


@pytest.mark.parametrize(("answer", "length", "problem"), [
    ("2.5", 1, TEXT), (["2.5"], 1, TEXT), (["1", "2"], 2, TEXT), (np.array(["1", "2"]), 2, TEXT), ("ab", 2, TEXT),
    (True, 1, "True or False"), ([True, False], 2, "True or False"), (np.array(True), 1, "True or False"),
    ([1.0, 2.0, 3.0], 2, None), ([1.0], 2, None), ([[1.0, 2.0]], 2, None), (np.array([1.0, 2.0]), 1, None),
    ({"a": 1}, 1, None), (object(), 1, None),
])
def test_text_booleans_and_wrong_shapes_are_refused_alike(answer, length, problem):
    numbers, why = read_numbers(answer, length)
    assert numbers is None
    assert why == problem or (problem is not None and problem in why)


def test_a_long_answer_partly_right_is_told_which_numbers_by_position(capsys):
    exercise = Exercise(label="Exercise 9.3", expected=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], right="", hint="No.")
    exercise.check([1.0, 2.0, 0.0, 4.0, 0.0, 0.0, 7.0])
    assert capsys.readouterr().out == "Exercise 9.3: not yet. Numbers 1, 2, 4, 7 of 7 are right; look again at 3, 5, 6.\n"
    exercise.check([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 7.0])
    assert capsys.readouterr().out == "Exercise 9.3: not yet. Number 7 of 7 is right; look again at 1, 2, 3, 4, 5, 6.\n"


def test_significant_figures_as_a_student_writes_them():
    assert [significant_figures(v) for v in (0.092, 0.0916, 17000.0, 16800, 1.02, -0.82, 0.0, 100, 3.14159)] == [
        2, 3, 2, 3, 3, 2, 1, 1, 6]


def test_agrees_within_half_a_unit_of_the_last_figure():
    assert agrees(0.0916, 0.091638, 3) and agrees(0.09164, 0.091638, 3) and not agrees(0.0915, 0.091638, 3)
    assert agrees(16800, 16774.99, 3) and not agrees(17000, 16774.99, 3)
    assert agrees([-0.0372, -0.0199], [-0.0371679, -0.0199182], 3)
    assert agrees([2.0, 0.0], [2.0, 0.0], 3) and not agrees([2.0, 0.1], [2.0, 0.0], 3)
    assert agrees([157.0], 157, None) and not agrees([157.5], 157, None)


def test_unanswered():
    assert unanswered(...) and unanswered(None)
    assert not unanswered(0) and not unanswered(0.0) and not unanswered([]) and not unanswered("")


def test_as_number_and_as_vector_follow_the_same_rule():
    assert as_number(np.array([4.0])) == 4.0 and as_number([2.5]) == 2.5 and type(as_number(3)) is float
    assert as_number("2.5") is None and as_number(True) is None and as_number([1.0, 2.0]) is None
    assert as_vector([1, 2], 2).tolist() == [1.0, 2.0] and as_vector(["1", "2"], 2) is None
    assert as_vector([1.0, np.nan], 2) is None


def test_a_free_form_verdict_prints_no_answer_right_or_a_hint(capsys):
    def never_called(answer):
        raise AssertionError("correct() must not run before the reader answers")

    assert verdict("Exercise 1.1", ..., correct=never_called, right="Yes.", hint=never_called) is None
    verdict("Exercise 2.3", 4, correct=lambda a: a == 4, right="Two and two.", hint="Add.")
    verdict("Exercise 2.3", 16, correct=lambda a: a == 4, right="", hint=lambda a: f"{a} is the square.")
    assert capsys.readouterr().out.splitlines() == [
        f"Exercise 1.1: {NO_ANSWER}", "Exercise 2.3: right! Two and two.", "Exercise 2.3: not yet. 16 is the square."]


@pytest.mark.parametrize(("module", "name"), PREFIXED, ids=[name for _, name in PREFIXED])
def test_no_close_hint_for_a_shorter_prefix_so_no_digit_by_digit_search(module, name, capsys):
    exercise, check = module.EXERCISES[name](), getattr(module, name)
    right_prefix = rounded(exercise.expected, exercise.sig_figs - 2)
    out = printed(capsys, check, right_prefix if len(right_prefix) > 1 else right_prefix[0])
    assert "Close" not in out and "not yet" in out, out


def test_the_precision_note_does_not_depend_on_the_digits(capsys):
    exercise = Exercise(label="Exercise 9.2", expected=0.4444, right="Yes.", hint="Think again.")
    assert exercise.verdict(0.4) == exercise.verdict(0.7) == (
        "not yet. Think again. (Answers are compared to 3 significant figures.)")
    assert exercise.verdict(0.44) == "not yet. Close: give at least 3 significant figures."
    assert exercise.verdict(0.45) == "not yet. Think again. (Answers are compared to 3 significant figures.)"
    assert exercise.verdict(0.451) == "not yet. Think again."


def test_a_function_that_forgot_return_is_told_so_not_that_it_is_unanswered():
    exercise = Exercise(label="Exercise 9.3", expected=4.0, right="Yes.", hint="Add them.", call=(2.0, 2.0))

    def forgot(a, b):
        total = a + b  # noqa: F841 - the mistake under test

    def stub(a, b):
        """Add a and b."""
        ...

    assert "forget to `return`" in exercise.verdict(forgot)
    assert "no answer yet" in exercise.verdict(stub)
    assert exercise.verdict(lambda a, b: a + b).startswith("right!")


def test_an_int_too_large_for_a_float_is_impossible_not_a_crash():
    exercise = Exercise(label="Exercise 9.4", expected=4.0, right="Yes.", hint="Add them.")
    assert "impossible" in exercise.verdict(10**400)
