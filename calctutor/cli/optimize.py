"""``calctutor optimize``: run a torch.optim optimizer (SGD, RMSprop, Adam, AdamW, Adagrad) and
watch it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from calctutor.cli.common import console, fail, print_json, refuse_unknown_options
from calctutor.cli.pictures import check_output, show_picture

MAX_STEPS = 100_000
PICTURE_SECONDS = 20.0


def _number(help_text: str) -> Any:
    """A numeric optimizer option whose help states torch's default."""
    return typer.Option(help=help_text, show_default=False, rich_help_panel="torch.optim options")


def _flag(name: str, help_text: str) -> Any:
    """A boolean optimizer option: off unless given."""
    return typer.Option(name, help=help_text, rich_help_panel="torch.optim options")


def optimize(
    expr: Annotated[str, typer.Argument(help="The objective, e.g. 'x^2 + 10y^2'.")],
    start: Annotated[str, typer.Option(help="The starting point, e.g. '(1, 1)'.")],
    method: Annotated[
        str | None,
        typer.Option(
            help="sgd (alias gd), rmsprop, adam, adamw or adagrad; momentum and "
            "nesterov are shorthands for SGD with momentum 0.9 (and nesterov=True). "
            "Default: gd."
        ),
    ] = None,
    lr: Annotated[
        float | None,
        typer.Option(
            help="The learning rate. Default 0.1; with --optimizer, the lr inside it "
            "or else torch's default for that class.",
            show_default=False,
        ),
    ] = None,
    steps: Annotated[int, typer.Option(help="How many updates.", min=1, max=MAX_STEPS)] = 20,
    compare: Annotated[
        str | None, typer.Option(help="Several methods from the same start: 'gd,momentum,adam'.")
    ] = None,
    vars: Annotated[str | None, typer.Option(help="Variables in order (default x, y, …).")] = None,
    optimizer: Annotated[
        str | None,
        typer.Option(
            help="A PyTorch-style optimizer instead of --method and its flags, e.g. "
            '"Adam(lr=0.1, betas=(0.9, 0.99), amsgrad=True)".'
        ),
    ] = None,
    schedule: Annotated[
        str | None,
        typer.Option(
            help="A learning-rate schedule stepped after every update: "
            '"StepLR(step_size=10, gamma=0.5)", "ExponentialLR(gamma=0.9)" or '
            '"CosineAnnealingLR(T_max=50, eta_min=0)".'
        ),
    ] = None,
    momentum: Annotated[
        float | None,
        _number(
            "SGD, RMSprop: momentum factor (torch default 0; the momentum and nesterov "
            "shorthands use 0.9)."
        ),
    ] = None,
    dampening: Annotated[float | None, _number("SGD: dampening of momentum (default 0).")] = None,
    nesterov: Annotated[
        bool, _flag("--nesterov", "SGD: Nesterov momentum (needs momentum > 0).")
    ] = False,
    weight_decay: Annotated[
        float | None,
        _number("All methods: L2 penalty (default 0; AdamW: decoupled, default 0.01)."),
    ] = None,
    alpha: Annotated[float | None, _number("RMSprop: smoothing constant (default 0.99).")] = None,
    eps: Annotated[
        float | None,
        _number(
            "RMSprop, Adam, AdamW, Adagrad: term added to the denominator (default 1e-8; "
            "Adagrad 1e-10)."
        ),
    ] = None,
    centered: Annotated[
        bool, _flag("--centered", "RMSprop: normalize by the gradient's variance.")
    ] = False,
    betas: Annotated[
        str | None, _number("Adam, AdamW: B1,B2, the averaging coefficients (default 0.9,0.999).")
    ] = None,
    beta1: Annotated[float | None, typer.Option(hidden=True)] = None,
    beta2: Annotated[float | None, typer.Option(hidden=True)] = None,
    amsgrad: Annotated[bool, _flag("--amsgrad", "Adam, AdamW: the AMSGrad variant.")] = False,
    maximize: Annotated[
        bool, _flag("--maximize", "All methods: maximize f instead of minimizing it.")
    ] = False,
    lr_decay: Annotated[float | None, _number("Adagrad: learning-rate decay (default 0).")] = None,
    initial_accumulator_value: Annotated[
        float | None, _number("Adagrad: starting value of the sum of squares (default 0).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run(s) as JSON.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Paths and loss curves: a .png, or a .gif animation."),
    ] = None,
) -> None:
    """Run an optimizer on f exactly as torch.optim does and show each iteration (step, point,
    f, ‖∇f‖), then say what happened: converged, diverged, unbounded, plateau, running or
    stopped. --compare plots the methods' loss curves side by side.
    """
    refuse_unknown_options(expr)
    check_output(output, animated=True)
    given = {
        "momentum": momentum, "dampening": dampening, "nesterov": nesterov or None,
        "weight_decay": weight_decay, "alpha": alpha, "eps": eps, "centered": centered or None,
        "betas": _betas(betas), "beta1": beta1, "beta2": beta2, "amsgrad": amsgrad or None,
        "maximize": maximize or None, "lr_decay": lr_decay,
        "initial_accumulator_value": initial_accumulator_value,
    }  # fmt: skip
    options = {k: v for k, v in given.items() if v is not None}
    f, names, point = _inputs(expr, vars, start)
    plans = _optimizers(method, compare, optimizer, lr, options, schedule)
    traces = _runs(f, names, point, plans, steps)
    if as_json:
        print_json(traces[0].to_json() if len(traces) == 1 else [t.to_json() for t in traces])
    else:
        best = _least(f, names, traces) if len(traces) > 1 else None
        _show(traces, [str(n) for n in names], best)
    if output is not None:
        _png(f, names, traces, output)


def _betas(text: str | None) -> tuple[float, ...] | None:
    """--betas B1,B2 as two numbers."""
    if text is None:
        return None
    try:
        values = tuple(float(v) for v in text.strip("()[] ").split(","))
    except ValueError:
        fail(f"--betas takes two numbers separated by a comma, e.g. 0.9,0.999; not '{text}'")
    if len(values) != 2:
        fail(f"--betas takes two numbers separated by a comma, e.g. 0.9,0.999; not '{text}'")
    return values


def _optimizers(method: str | None, compare: str | None, spec: str | None, lr: float | None,
                options: dict[str, Any], schedule: str | None) -> list[Any]:  # fmt: skip
    """The optimizer(s) to run, every option checked (nothing is silently ignored)."""
    from calctutor.expr import ParseError
    from calctutor.optimization.runs import (
        OptimizerOptionError,
        make_optimizer,
        read_optimizer,
        read_schedule,
    )

    if spec is not None and (method or compare or options):
        used = ["--method"] * bool(method) + ["--compare"] * bool(compare)
        used += ["--" + k.replace("_", "-") for k in options]
        fail(f"--optimizer already sets the method and its options; drop {', '.join(used)} "
             "or put them inside the specification")  # fmt: skip
    if method and compare:
        fail("give either --method or --compare, not both")
    try:
        plan = read_schedule(schedule) if schedule is not None else None
        if spec is not None:
            from dataclasses import replace

            return [replace(read_optimizer(spec, lr), schedule=plan)]
        names = [m.strip() for m in compare.split(",")] if compare else [method or "gd"]
        rate = 0.1 if lr is None else lr
        return [make_optimizer(name, rate, options, plan) for name in names]
    except ParseError as error:
        fail(error.display())
    except OptimizerOptionError as error:
        fail(str(error))


def _inputs(expr: str, vars: str | None, start: str) -> tuple[Any, tuple[Any, ...], list[float]]:
    """The objective, its variables and the start point, read by the safe parser."""
    import sympy

    from calctutor.expr import ParseContext, ParseError, parse_answer, parse_expr
    from calctutor.sets.natural import guess_variables

    names = tuple(v.strip() for v in vars.split(",")) if vars else guess_variables(expr)
    try:
        f = parse_expr(expr, ParseContext(variables=names))
    except ParseError as error:
        fail(error.display())
    try:
        point = parse_answer(start, ParseContext(variables=(), expect="vector"))
        used = [n for n in names if sympy.Symbol(n) in f.free_symbols] if not vars else names
        return f, tuple(sympy.Symbol(n) for n in used), [float(v) for v in point]
    except ParseError as error:
        if "is not a variable" not in error.message:
            fail(f"--start: {error.display()}")
        fail(f"--start must be a point of numbers such as '(1, 1)', not '{start}'")
    except TypeError:
        fail(f"--start must be a point of numbers such as '(1, 1)', not '{start}'")


def _runs(f: Any, names: Any, point: list[float], plans: list[Any], steps: int) -> list[Any]:
    """One judged trace per optimizer, or a clear failure for an unusable problem."""
    from calctutor.optimization.runs import OptimizeError, run_optimizer

    if len(point) != len(names):
        fail(f"the start point has {len(point)} coordinates; f has {len(names)} variables")
    try:
        return [run_optimizer(f, names, plan, point, steps) for plan in plans]
    except (OptimizeError, ValueError) as error:
        fail(str(error))


def _show(traces: list[Any], names: list[str], best: float | None) -> None:
    """A table per run; with several, their loss curves on one plot."""
    from calctutor.render.optimize import loss_curves, run_view

    out = console()
    for trace in traces:
        out.print(run_view(trace, names))
    if len(traces) > 1:
        out.print(loss_curves(traces, min(out.width, 100), best))


def _least(f: Any, names: Any, traces: list[Any]) -> float | None:
    """f at the minimum nearest the first run's end, if SymPy finds it in reasonable time."""
    from calctutor.limits import TimedOut, run_limited
    from calctutor.optimization.problem_pictures import least_value

    best = run_limited(least_value, f, names, traces[0].points[-1], timeout=PICTURE_SECONDS)
    return None if isinstance(best, TimedOut) else best


def _png(f: Any, names: Any, traces: list[Any], output: Path) -> None:
    """The paths on equal-scale contours (start, ends, minimum) and the loss curves, as a PNG
    or, for a .gif file, an animation with one frame per iterate."""
    from calctutor.limits import TimedOut, run_limited
    from calctutor.optimization.problem_pictures import runs_picture

    picture = run_limited(runs_picture, f, names, traces, timeout=PICTURE_SECONDS)
    if isinstance(picture, TimedOut):
        fail(f"no picture within {PICTURE_SECONDS:g} s")
    show_picture(picture, output)
