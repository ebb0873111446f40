"""Checks for the exercises of lesson 7 (``07_fit_many_features``).

Each check prints whether the answer is right and, if not, a hint that names
the likely mistake; it never prints the answer. The exercises use the lesson's
data, the Palmer penguins of :func:`~sgd_lesson.load_penguins`, and its split
into training and held-out penguins, rebuilt here. Numbers are checked to 3
significant figures, exercise 7.4's to 4 (so that a fit that has seen the
held-out penguins, 0.3 g off, is told apart from the right one).
"""

from __future__ import annotations

import math

import numpy as np

from ..data import train_test_split
from ..datasets import load_penguins
from ..linear import least_squares, mse_gradient, predict
from ..scaling import condition_number, standardize
from . import Exercise, agrees, read_numbers

# The lesson's split: a quarter of the penguins held out.
TEST_FRACTION, SPLIT_SEED = 0.25, 0
# Exercise 7.1: flipper length recorded in centimetres (column 0 divided by this).
MM_PER_CM = 10.0
# Exercise 7.2: two small problems to call the reader's gradient on, with 2 and 3 features
# on different scales (so that a function written for the penguins' 3 features only, or
# for 2 only, fails one of them), at params where no component of the gradient is 0 or
# repeats. The verdict and the catalogue of mistakes are the first problem's; a function
# right on it must be right on the second too.
GRADIENT_PARAMS = np.array([2.0, 0.3, -1.0])
GRADIENT_X = np.array([[1.0, 20.0], [2.0, 10.0], [4.0, 30.0], [3.0, 40.0], [5.0, 10.0]])
GRADIENT_Y = np.array([10.0, 6.0, 21.0, 18.0, 13.0])
SECOND_PARAMS = np.array([1.5, -0.2, 0.7, 4.0])
SECOND_X = np.array([[2.0, 15.0, 1.0], [1.0, 25.0, 3.0], [3.0, 5.0, 2.0], [4.0, 30.0, 1.0], [2.0, 10.0, 4.0],
                     [5.0, 20.0, 2.0]])
SECOND_Y = np.array([7.0, 3.0, 12.0, 9.0, 8.0, 11.0])
SHAPES = ("The check calls your function with X of shape (5, 2) and params of 3 numbers, then with X of shape "
          "(6, 3) and params of 4: take the weights as params[:-1] and the intercept as params[-1], whatever "
          "their number.")
# Exercise 7.3: the two bill columns.
BILLS = slice(1, 3)


def penguin_split():
    """The lesson's ``X_train, X_test, y_train, y_test``."""
    penguins = load_penguins()
    return train_test_split(penguins.X, penguins.y, test_fraction=TEST_FRACTION, seed=SPLIT_SEED)


def _rmse(y_pred, y):
    return float(np.sqrt(np.mean((y_pred - y) ** 2)))


def centimetres():
    """Exercise 7.1: its answer and known mistakes."""
    penguins = load_penguins()
    weight_mm = least_squares(penguins.X, penguins.y)[0]
    return Exercise(
        label="Exercise 7.1", expected=weight_mm * MM_PER_CM, what="one number, the flipper weight in g per cm",
        mistakes=(
            (weight_mm, "That is the weight per millimetre. A centimetre is 10 millimetres: how much more mass goes "
                        "with one more centimetre of flipper?"),
            (weight_mm / MM_PER_CM, "The feature got 10 times smaller, so its weight must get 10 times larger for "
                                    "the same predictions, not smaller."),
        ),
        hint=("The predictions do not depend on the units: weight * flipper must stay the same when flipper is "
              "written in cm. Refit with least_squares on the new columns to check your prediction."),
        right=("A weight is in units of the target per unit of its feature: 10 times larger for a unit 10 times "
               "larger, and the predictions, the other weights and the intercept do not change."),
    )


def check_centimetres(answer):
    """Exercise 7.1: the flipper weight in grams per centimetre."""
    centimetres().check(answer)


def _shapes_explained(function):
    """``function``, with the check's shapes added to an IndexError or ValueError it raises
    (the penguins' ``params[:3]`` fails on the check's 2 features)."""

    def called(params, x, y):
        try:
            return function(params, x, y)
        except (IndexError, ValueError) as error:
            try:
                explained = type(error)(f"{error}. {SHAPES}")
            except Exception:  # noqa: BLE001 - an error type built from other arguments
                explained = ValueError(f"{type(error).__name__}: {error}. {SHAPES}")
            raise explained from None

    return called


def _wrong_with_three_features(function):
    """Why ``function`` fails the second problem (3 features), or None if it is right there too."""
    expected = mse_gradient(SECOND_PARAMS, SECOND_X, SECOND_Y)
    try:
        result = function(SECOND_PARAMS.copy(), SECOND_X.copy(), SECOND_Y.copy())
    except Exception as error:  # noqa: BLE001 - the reader's code: say what it raised
        return f"with 3 features it raised {type(error).__name__}: {error}"
    numbers, _ = read_numbers(result, len(expected))
    if numbers is not None and agrees(numbers, expected, 3):
        return None
    return "with 3 features its result is wrong"


def gradient():
    """Exercise 7.2: the reader's function is called on a small problem; its result and known mistakes."""
    x, y, params = GRADIENT_X, GRADIENT_Y, GRADIENT_PARAMS
    n, weights, intercept = len(y), params[:-1], params[-1]
    expected = mse_gradient(params, x, y)
    residual = x @ weights + intercept - y
    no_intercept = x @ weights - y
    # params read the other way round, as [intercept, weights...]
    swapped = mse_gradient(np.append(params[1:], params[0]), x, y)
    params_first = ("params holds the weights first and the intercept last: the weights are params[:-1], the "
                    "intercept params[-1].")
    return Exercise(
        label="Exercise 7.2", expected=expected, call=(params.copy(), x.copy(), y.copy()),
        what="a function returning n_features + 1 numbers: the weights' gradient, then the intercept's",
        mistakes=(
            (expected / 2, "Half of it: the chain rule brings down the 2 from the square."),
            (expected * n, "You summed over the samples; the MSE averages, so its gradient does too: divide by n."),
            (-expected, "The sign is flipped: the residual is prediction minus target, X @ w + b - y."),
            (2 / n * np.append(x.T @ no_intercept, no_intercept.sum()),
             "The residual leaves out the intercept: the prediction is X @ w + b."),
            (2 / n * x.T @ residual, "That is the weights' part only; append the intercept's, (2/n) * sum(r)."),
            (2 / n * np.append(x.T @ residual, residual @ residual),
             "The intercept's part is (2/n) * sum(r): the derivative of r_i with respect to b is 1."),
            (np.roll(expected, 1), "The intercept's part comes last: the gradient holds the weights' parts, then "
                                   "the intercept's, in the order of params."),
            (swapped, params_first),
            (np.roll(swapped, 1), params_first),
        ),
        hint=("Compute the residuals r = X @ w + b - y, then (2/n) * X.T @ r for the weights and (2/n) * sum(r) "
              "for the intercept; compare with mse_gradient on a small example."),
        right=("(2/n) X^T r for the weights and (2/n) sum(r) for the intercept: lesson 2's two sums, one per "
               "feature, in one matrix product."),
    )


def check_gradient(answer):
    """Exercise 7.2: a function ``gradient(params, X, y)``, the MSE gradient of many features.

    It is checked on a problem with 2 features (the verdict and its catalogue of
    mistakes), and, if right there, on one with 3.
    """
    exercise = gradient()
    function = _shapes_explained(answer) if callable(answer) else None
    verdict = exercise.verdict(answer if function is None else function)
    if function is not None and verdict.startswith("right!"):
        why = _wrong_with_three_features(function)
        if why is not None:
            verdict = f"not yet. Right with 2 features, but {why}. {SHAPES}"
    print(f"{exercise.label}: {verdict}")


def bill_condition_number():
    """Exercise 7.3: its answer and known mistakes."""
    penguins = load_penguins()
    z, _, _ = standardize(penguins.X)
    expected = condition_number(z[:, BILLS])
    r = abs(np.corrcoef(penguins.X[:, BILLS].T)[0, 1])
    return Exercise(
        label="Exercise 7.3", expected=expected, what="one number, lambda_max / lambda_min",
        possible=(1.0, math.inf, "lambda_max / lambda_min is at least 1"),
        mistakes=(
            (condition_number(penguins.X[:, BILLS]), "That is the condition number of the raw bill columns; "
                                                     "standardise them first."),
            (condition_number(z), "That uses all three standardised columns; keep the two bill columns."),
            (1.0, "Not 1: standardising removes the scales, not the correlation between the two bills."),
            (1.0 / expected, "Upside down: the condition number is the largest eigenvalue over the smallest."),
            (math.sqrt(expected), "That is a square root of the ratio: divide the eigenvalues themselves."),
            (2.0 * (1.0 + r), "That is lambda_max alone; divide it by lambda_min."),
            (1.0 + r, "That is the largest eigenvalue of the correlation matrix alone; divide it by the smallest."),
        ),
        hint=("Standardise the three columns (or the two bill columns), keep columns 1 and 2, and take the "
              "eigenvalues of mse_hessian of them with np.linalg.eigvalsh."),
        right=("It is (1 + |r|) / (1 - |r|) with r the correlation of the two bills: the weaker the correlation, "
               "the rounder the valley. With flipper length too, which correlates with both, it is 8.5."),
    )


def check_bill_condition_number(answer):
    """Exercise 7.3: the condition number on the two standardised bill columns."""
    bill_condition_number().check(answer)


def flipper_only():
    """Exercise 7.4: its answer and known mistakes."""
    penguins = load_penguins()
    x_train, x_test, y_train, y_test = penguin_split()
    alone = least_squares(x_train[:, 0], y_train)
    everything = least_squares(x_train, y_train)
    leaky = least_squares(penguins.X[:, 0], penguins.y)  # fitted on every penguin, the held-out ones too
    return Exercise(
        label="Exercise 7.4", expected=_rmse(predict(alone, x_test[:, 0]), y_test), sig_figs=4,
        what="one number, the held-out root mean squared error in g",
        possible=(0.0, math.inf, "a root mean squared error is never negative"),
        mistakes=(
            (_rmse(predict(leaky, x_test[:, 0]), y_test),
             "Your fit has seen the held-out penguins: it was fitted on all 333. A held-out score counts only "
             "if the fit never saw them: fit on X_train and y_train only."),
            (_rmse(predict(alone, x_train[:, 0]), y_train), "That is the error on the training penguins; predict "
                                                            "the held-out ones, X_test and y_test."),
            (_rmse(predict(alone, x_test[:, 0]), y_test) ** 2, "That is the mean squared error, in g²; take its "
                                                               "square root."),
            (_rmse(predict(everything, x_test), y_test), "That is the three-feature model; fit on the flipper "
                                                         "column alone, X_train[:, 0]."),
            (_rmse(np.full(len(y_test), y_train.mean()), y_test), "That is the baseline that predicts the mean; "
                                                                  "fit the flipper model."),
        ),
        hint=("Fit on the training penguins only, with flipper length (column 0 of X_train) as the one feature; "
              "then measure the error of its predictions on the held-out penguins, X_test and y_test, as a "
              "root mean squared error in g."),
        right=lambda value: ("On these held-out penguins flipper length alone does as well as all three "
                             "measurements: the bills add little that the flipper does not already tell."),
    )


def check_flipper_only(answer):
    """Exercise 7.4: the held-out RMSE of the model on flipper length alone."""
    flipper_only().check(answer)


EXERCISES = {"check_centimetres": centimetres, "check_gradient": gradient,
             "check_bill_condition_number": bill_condition_number, "check_flipper_only": flipper_only}
