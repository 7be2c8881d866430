"""Verdicts that are true: one status per run, and the sentence says the same thing.

The first eleven cases are the ones issue #15 found judged wrongly; the rest cover the other
statuses. docs/optimizers.md has the same table.
"""

from __future__ import annotations

import pytest
import sympy

from calctutor.optimization.runs import describe_outcome, run

x, y = sympy.symbols("x y")
F = x**2 + 10 * y**2

CASES = [
    # (what, f, variables, method, lr, start, steps, options, status)
    ("GD above 2/λmax", F, (x, y), "gd", 0.11, (1, 1), 30, {}, "diverged"),
    ("GD just above 2/λmax", F, (x, y), "gd", 0.1001, (1, 1), 300, {}, "diverged"),
    ("escape from a maximum, then a minimum", (x**2 - 100) ** 2, (x,), "gd", 1e-4, (0.001,),
     1000, {}, "converged"),
    ("a minimum far from the start", (x - 10**9) ** 2, (x,), "gd", 0.5, (0,), 20, {},
     "converged"),
    ("linear", x + y, (x, y), "gd", 0.1, (1, 1), 20, {}, "unbounded"),
    ("concave", -(x**2), (x,), "gd", 0.1, (0.5,), 20, {}, "unbounded"),
    ("no minimizer", sympy.exp(-x), (x,), "gd", 0.1, (0,), 20, {}, "unbounded"),
    ("plateau", 1 - sympy.exp(-(x**2 + y**2)), (x, y), "gd", 0.1, (3, 3), 20, {}, "plateau"),
    ("tiny scale, Adam", sympy.Rational(1, 10**8) * (x**2 + y**2), (x, y), "adam", 0.1, (1, 1),
     20, {}, "running"),
    ("momentum 0.9, lr 0.18 (stable)", F, (x, y), "momentum", 0.18, (1, 1), 30, {}, "running"),
    ("momentum 0.9, lr 0.18, long enough", F, (x, y), "momentum", 0.18, (1, 1), 1000, {},
     "converged"),
    # the other statuses and situations
    ("momentum above 2(1+μ)/λmax", F, (x, y), "momentum", 0.2, (1, 1), 30, {}, "diverged"),
    ("leaves the domain", sympy.log(x), (x,), "gd", 1, (0.5,), 5, {}, "stopped"),
    ("overflow", x**4, (x,), "gd", 1, (3,), 50, {}, "diverged"),
    ("saddle point reached", x**2 - y**2, (x, y), "gd", 0.1, (1, 0), 200, {}, "plateau"),
    ("stuck at an inflection point", x**3, (x,), "gd", 0.1, (0,), 5, {}, "plateau"),
    ("unstable direction never excited", F, (x, y), "gd", 0.11, (1, 0), 200, {}, "converged"),
    ("degenerate minimum, slow", x**4, (x,), "gd", 0.1, (1,), 1000, {}, "running"),
    ("maximize a concave function", -((x - 1) ** 2), (x,), "gd", 0.1, (0,), 300,
     {"maximize": True}, "converged"),
    ("maximize an unbounded function", sympy.exp(x), (x,), "gd", 0.1, (0,), 50,
     {"maximize": True}, "unbounded"),
    ("weight decay moves the minimum", (x - 1) ** 2, (x,), "gd", 0.1, (0,), 500,
     {"weight_decay": 0.5}, "converged"),
    ("Adam converges", F, (x, y), "adam", 0.1, (1, 1), 1000, {}, "converged"),
    ("Adam: no minimizer", sympy.exp(-x), (x,), "adam", 0.5, (0,), 200, {}, "unbounded"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_status(case: tuple[object, ...]) -> None:
    _, f, variables, method, lr, start, steps, options, status = case
    trace = run(f, variables, method, lr, start, steps, options)  # type: ignore[arg-type]
    assert trace.status == status, describe_outcome(trace)
    text = describe_outcome(trace)
    assert "may be" not in text
    assert trace.converged == (status == "converged")
    assert trace.diverged == (status == "diverged")
    words = {"converged": "Converged", "diverged": "Diverged", "unbounded": "Unbounded",
             "plateau": "Plateau", "running": "Still running", "stopped": "Stopped"}  # fmt: skip
    assert text.startswith(words[status])
    assert trace.to_json()["status"] == status


def test_a_provable_divergence_names_the_limit_and_the_factor() -> None:
    text = describe_outcome(run(F, (x, y), "gd", 0.11, (1, 1), 30))
    assert "stability limit 0.1" in text
    assert "1.2" in text


def test_a_stable_momentum_run_says_it_is_converging() -> None:
    text = describe_outcome(run(F, (x, y), "momentum", 0.18, (1, 1), 30))
    assert "diverg" not in text.lower()
    assert "converging" in text


def test_no_minimizer_names_the_value_it_tends_to() -> None:
    text = describe_outcome(run(sympy.exp(-x), (x,), "gd", 0.1, (0,), 20))
    assert "towards 0" in text


def test_the_plateau_is_not_converged_at_step_zero() -> None:
    trace = run(1 - sympy.exp(-(x**2 + y**2)), (x, y), "gd", 0.1, (3, 3), 20)
    assert "not a minimum" in describe_outcome(trace)


def test_weight_decay_is_named_in_the_verdict() -> None:
    trace = run((x - 1) ** 2, (x,), "gd", 0.1, (0,), 500, {"weight_decay": 0.5})
    assert trace.final[0] == pytest.approx(0.8)
    assert "weight decay" in describe_outcome(trace)
