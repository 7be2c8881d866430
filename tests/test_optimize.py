"""Optimizer update rules and traces against independently computed references."""

from __future__ import annotations

import json
import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from calctutor.optimization.runs import (
    Hyper,
    OptimizeError,
    Optimizer,
    OptimizerOptionError,
    describe_outcome,
    largest_stable_lr,
    run,
    run_optimizer,
)

x, y, z = sympy.symbols("x y z")
F = x**2 + 10 * y**2  # the issue's example: gradient (2x, 20y)
XY = (x, y)


def grad_f(p: list[float]) -> list[float]:
    """The gradient of F, written by hand."""
    return [2 * p[0], 20 * p[1]]


def torch_style_adam(lr: float, steps: int, b1: float = 0.9, b2: float = 0.999) -> list[float]:
    """Adam as torch's _single_tensor_adam writes it: step_size = lr / bc1, denom with sqrt(bc2)."""
    p, m, v = [1.0, 1.0], [0.0, 0.0], [0.0, 0.0]
    for t in range(1, steps + 1):
        g = grad_f(p)
        for i in range(2):
            m[i] += (g[i] - m[i]) * (1 - b1)  # lerp, as torch does
            v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i]
            step_size = lr / (1 - b1**t)
            denom = math.sqrt(v[i]) / math.sqrt(1 - b2**t) + 1e-8
            p[i] -= step_size * m[i] / denom
    return p


def sutskever_momentum(lr: float, mu: float, steps: int, nesterov: bool) -> list[float]:
    """The Sutskever/Keras form: v = mu v - lr g; p += v (Nesterov: p += mu v - lr g)."""
    p, vel = [1.0, 1.0], [0.0, 0.0]
    for _ in range(steps):
        g = grad_f(p)
        for i in range(2):
            vel[i] = mu * vel[i] - lr * g[i]
            p[i] += mu * vel[i] - lr * g[i] if nesterov else vel[i]
    return p


def test_adam_three_steps_reach_the_issue_reference() -> None:
    trace = run(F, XY, "adam", 0.1, (1, 1), 3)
    assert trace.final == pytest.approx((0.701586, 0.701586), abs=5e-7)
    assert trace.final == pytest.approx(torch_style_adam(0.1, 3), rel=1e-12)


def test_rmsprop_three_steps_reach_the_issue_reference() -> None:
    trace = run(F, XY, "rmsprop", 0.01, (1, 1), 3)
    assert trace.final == pytest.approx((0.779982, 0.779982), abs=5e-7)


def test_rmsprop_first_step_is_ten_lr_because_the_square_average_starts_at_zero() -> None:
    trace = run(F, XY, "rmsprop", 0.01, (1, 1), 1)
    # s_1 = 0.01 g^2, so g / sqrt(s_1) = 10 sign(g): both coordinates move by 0.1
    assert trace.final == pytest.approx((0.9, 0.9), abs=1e-8)


@pytest.mark.parametrize("steps", [1, 2, 5, 20])
@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_matches_the_sutskever_form_at_constant_lr(steps: int, nesterov: bool) -> None:
    method = "nesterov" if nesterov else "momentum"
    trace = run(F, XY, method, 0.01, (1, 1), steps)
    assert trace.final == pytest.approx(sutskever_momentum(0.01, 0.9, steps, nesterov), rel=1e-9)


def test_momentum_first_step_copies_the_gradient() -> None:
    gd = run(F, XY, "gd", 0.01, (1, 1), 1)
    momentum = run(F, XY, "momentum", 0.01, (1, 1), 1)
    assert momentum.final == gd.final
    assert momentum.iterations[0].buffer == (2.0, 20.0)


def test_nesterov_first_step_is_one_plus_mu_gradient_steps() -> None:
    trace = run(F, XY, "nesterov", 0.01, (1, 1), 1, {"momentum": 0.5})
    assert trace.final == pytest.approx((1 - 0.01 * 1.5 * 2, 1 - 0.01 * 1.5 * 20))


@settings(max_examples=25, deadline=None)
@given(
    a=st.integers(1, 6),
    b=st.integers(1, 6),
    lr=st.sampled_from([0.01, 0.02, 0.05, 0.08]),
    steps=st.integers(0, 12),
)
def test_gradient_descent_on_a_quadratic_matches_the_closed_form(
    a: int, b: int, lr: float, steps: int
) -> None:
    trace = run(a * x**2 + b * y**2, XY, "gd", lr, (1, -2), steps)
    expected = ((1 - 2 * a * lr) ** steps, -2 * (1 - 2 * b * lr) ** steps)
    assert trace.final == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert len(trace.points) == steps + 1


def test_adam_without_bias_correction_takes_a_step_of_about_3_16_lr() -> None:
    adam = Optimizer("adam", "adam", 0.1, Hyper(bias_correction=False))
    trace = run_optimizer(F, XY, adam, (1, 1), 1)
    # m = 0.1 g, sqrt(v) = sqrt(0.001)|g|: the step is lr * 0.1 / sqrt(0.001) = 0.316
    assert trace.final == pytest.approx((1 - 0.1 / math.sqrt(0.001) * 0.1,) * 2, rel=1e-6)


def test_adam_records_its_internals() -> None:
    it = run(F, XY, "adam", 0.1, (1, 1), 1).iterations[0]
    assert it.m == pytest.approx((0.2, 2.0))
    assert it.v == pytest.approx((0.004, 0.4))
    assert it.m_hat == pytest.approx((2.0, 20.0))
    assert it.v_hat == pytest.approx((4.0, 400.0))


def test_maximize_moves_uphill() -> None:
    trace = run(F, XY, "gd", 0.1, (1, 1), 1, {"maximize": True})
    assert trace.final == pytest.approx((1.2, 3.0))


@pytest.mark.parametrize("lr", [0.11, 0.15, 0.2, 0.5, 1.0])
def test_gradient_descent_diverges_above_lr_0_1(lr: float) -> None:
    trace = run(F, XY, "gd", lr, (1, 1), 200)
    assert trace.diverged
    assert not trace.converged
    assert describe_outcome(trace).startswith("Diverged")
    assert all(math.isfinite(c) for p in trace.points for c in p)


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.09, 0.1])
def test_gradient_descent_does_not_diverge_up_to_lr_0_1(lr: float) -> None:
    trace = run(F, XY, "gd", lr, (1, 1), 200)
    assert not trace.diverged
    assert len(trace.points) == 201


def test_the_stability_threshold_of_the_example_is_one_tenth() -> None:
    assert largest_stable_lr(F, XY) == sympy.Rational(1, 10)
    assert largest_stable_lr(F, XY, "momentum") == sympy.Rational(19, 100)
    assert largest_stable_lr(F, XY, "nesterov") == sympy.Rational(19, 280)


@pytest.mark.parametrize(("method", "stable", "unstable"), [
    ("gd", 0.095, 0.105), ("momentum", 0.18, 0.2), ("nesterov", 0.064, 0.072),
])  # fmt: skip
def test_runs_agree_with_the_stability_threshold(
    method: str, stable: float, unstable: float
) -> None:
    assert not run(F, XY, method, stable, (1, 1), 600).diverged
    assert run(F, XY, method, unstable, (1, 1), 600).diverged


def test_stability_threshold_refusals() -> None:
    assert largest_stable_lr(x**2 - y**2, XY) is None
    with pytest.raises(OptimizeError):
        largest_stable_lr(x**4 + y**2, XY)
    with pytest.raises(OptimizeError):
        largest_stable_lr(F, XY, "adam")


def test_an_irrational_threshold_is_exact() -> None:
    threshold = largest_stable_lr(x**2 + x * y + 3 * y**2, XY)
    assert threshold is not None
    lam_max = max(numeric.real for numeric in (4 + math.sqrt(5), 4 - math.sqrt(5)))
    assert float(threshold) == pytest.approx(2 / lam_max, rel=1e-12)


def test_convergence_is_reported_with_its_step() -> None:
    trace = run(x**2, (x,), "gd", 0.1, (3,), 200)
    assert trace.converged
    at = trace.outcome.step
    assert at is not None
    # from that step on the point stays within 1e-6 of the start's scale of its final value
    assert all(abs(p[0] - trace.final[0]) <= 3e-6 for p in trace.points[at:])
    assert abs(trace.points[at - 1][0] - trace.final[0]) > 3e-6
    assert f"at step {at}" in describe_outcome(trace)


def test_json_contract() -> None:
    trace = run(F, XY, "adam", 0.1, (1, 1), 4)
    data = json.loads(json.dumps(trace.to_json()))
    assert {"method", "points", "values", "grad_norms", "diverged"} <= set(data)
    assert data["method"] == "adam"
    assert len(data["points"]) == len(data["values"]) == len(data["grad_norms"]) == 5
    assert data["points"][0] == [1.0, 1.0]
    assert data["values"][0] == 11.0
    assert data["grad_norms"][0] == pytest.approx(math.hypot(2, 20))


def test_leaving_the_domain_stops_without_calling_it_divergence() -> None:
    trace = run(sympy.log(x), (x,), "gd", 1.0, (0.5,), 5)
    assert not trace.diverged
    assert len(trace.points) == 1
    assert trace.status == "stopped"
    assert describe_outcome(trace).startswith("Stopped")


def test_overflow_is_divergence() -> None:
    trace = run(sympy.exp(x**2), (x,), "gd", 1.0, (3,), 5)
    assert trace.diverged
    assert trace.points == ((3.0,),)


def test_unbounded_below_is_unbounded_not_diverged() -> None:
    trace = run(-(x**2), (x,), "adam", 0.5, (1,), 2000)
    assert trace.status == "unbounded"
    assert not trace.diverged


@pytest.mark.parametrize("kwargs", [
    {"method": "sgdd"}, {"lr": -0.1}, {"lr": math.inf}, {"start": (1,)},
    {"start": (1, math.nan)}, {"steps": -1}, {"method": "adam", "options": {"beta1": 1.0}},
    {"method": "adam", "options": {"eps": -1}},
])  # fmt: skip
def test_bad_problems_are_refused(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"method": "gd", "lr": 0.1, "start": (1, 1), "steps": 1}
    args.update(kwargs)
    with pytest.raises((OptimizeError, OptimizerOptionError)):
        run(F, XY, **args)  # type: ignore[arg-type]


def test_undefined_start_and_stray_symbols_are_refused() -> None:
    with pytest.raises(OptimizeError, match="start point"):
        run(sympy.log(x), (x,), "gd", 0.1, (-1,), 1)
    with pytest.raises(OptimizeError, match="z"):
        run(F + z, XY, "gd", 0.1, (1, 1), 1)


def test_zero_steps_is_the_start() -> None:
    trace = run(F, XY, "adam", 0.1, (1, 1), 0)
    assert trace.points == ((1.0, 1.0),)
    assert trace.iterations == ()


def test_lr_zero_is_accepted_as_torch_accepts_it() -> None:
    trace = run(F, XY, "gd", 0.0, (1, 1), 3)
    assert trace.final == (1.0, 1.0)
    assert "never moves" in describe_outcome(trace)


def test_sympy_numbers_are_taken_as_floats() -> None:
    half = sympy.Rational(1, 2)
    options = {"beta1": sympy.Float(0.9)}
    trace = run(F, XY, "adam", sympy.Rational(1, 10), (1, half), 1, options)
    assert all(type(c) is float for c in trace.final)
    assert trace.final == pytest.approx((0.9, 0.4))
    assert type(trace.hyper.beta1) is float
