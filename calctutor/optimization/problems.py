"""The optimizer an ``optimizer_step`` problem describes (its method, lr, options, schedule)."""

from __future__ import annotations

from calctutor.optimization.settings import Optimizer, make_optimizer
from calctutor.sets.model import Problem
from calctutor.sets.reading import read_number, read_options, read_schedule


def problem_optimizer(problem: Problem) -> Optimizer:
    """The problem's optimizer, every option checked as torch checks it."""
    lr = float(read_number(problem.lr, "lr", problem))
    return make_optimizer(str(problem.method), lr, read_options(problem), read_schedule(problem))
