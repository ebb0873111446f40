"""sgd_lesson: the tested helpers behind the lessons on stochastic gradient descent.

Each lesson derives an idea inline first, then uses the version here. Nothing in
this package seeds, styles or changes global state when it is imported.
"""

from .data import make_curve_data, make_linear_data, make_logistic_data, train_test_indices, train_test_split
from .datasets import load_penguins
from .environment import check_environment
from .gradcheck import numerical_gradient, relative_error
from .linear import least_squares, mse, mse_gradient, mse_hessian, mse_loss, predict
from .logistic import accuracy, log_loss, log_loss_gradient, log_loss_hessian, predict_proba, sigmoid
from .optimizers import Adam, GradientStep, Momentum, Nesterov
from .schedules import constant, inverse_time_decay, step_decay
from .training import DivergenceError, DivergenceWarning, Trajectory, sgd

__version__ = "0.1.0"

__all__ = ["Adam", "DivergenceError", "DivergenceWarning", "GradientStep", "Momentum", "Nesterov",
           "Trajectory", "accuracy", "check_environment", "constant", "inverse_time_decay", "least_squares",
           "load_penguins", "log_loss", "log_loss_gradient", "log_loss_hessian", "make_curve_data",
           "make_linear_data", "make_logistic_data", "mse", "mse_gradient", "mse_hessian", "mse_loss",
           "numerical_gradient", "predict", "predict_proba", "relative_error", "sigmoid", "sgd", "step_decay",
           "train_test_indices", "train_test_split"]
