"""The question a problem asks, in words: the author's prompt or a clear default per kind."""

from __future__ import annotations

import re

from calctutor.sets.model import Problem


def _vars(problem: Problem) -> str:
    """The variables as a readable list."""
    return ", ".join(problem.variables)


def optimizer_text(problem: Problem) -> str:
    """The method in words with every hyperparameter the answer depends on, as torch's call:
    'SGD with momentum, torch.optim.SGD(lr=0.01, momentum=0.9, dampening=0, …)'."""
    from calctutor.sets.torch_options import (
        FIELD_NAMES,
        METHOD_NAMES,
        OptimizerOptionError,
        call_text,
    )

    method = str(problem.method)
    given = {n: str(getattr(problem, n)) for n in FIELD_NAMES if getattr(problem, n) is not None}
    try:
        call = call_text(method, str(problem.lr), given)
    except OptimizerOptionError:
        return f"{method} with lr = {problem.lr}"
    text = f"{METHOD_NAMES.get(method, method)}, torch.optim.{call}"
    if problem.schedule is not None:
        text += f", with the schedule {problem.schedule} stepped after every update"
    return text


def default_prompt(problem: Problem) -> str:
    """The default question for a problem of each kind, with its math as typed by the author."""
    e, v = problem.expr, problem.var
    ics = ", ".join(f"{k} = {val}" for k, val in problem.ics)
    prompts = {
        "derivative": f"Find d/d{v} of f = {e}.",
        "gradient": f"Find the gradient of f = {e} with respect to ({_vars(problem)}).",
        "integral": f"Find ∫ {e} d{v}.",
        "definite_integral": f"Evaluate ∫ from {problem.lower} to {problem.upper} of {e} d{v}.",
        # the only expression is the expected answer, which must never be shown
        "expression": "Give the expression this problem asks for.",
        "ode": f"Solve {problem.equation}" + (f" with {ics}." if ics else " (general solution)."),
        "optimizer_step": (
            f"Take {problem.steps} step(s) of {optimizer_text(problem)} on f = {e} from "
            f"({_vars(problem)}) = {problem.start}. Where do you land?"
        ),
        "hessian": f"Find the Hessian matrix of f = {e} with respect to ({_vars(problem)}).",
        "critical_points": f"Find every critical point of f = {e}"
        + (" and classify each as min, max or saddle." if problem.classify else "."),
    }
    return prompts.get(problem.kind, f"Solve: {e}")


def _worked_expression(problem: Problem) -> str | None:
    """The question of a limit or Taylor expression problem, or None for a plain one."""
    if problem.limit is not None:
        return f"Find the limit of {problem.expr} as {problem.limit}."
    if problem.about is not None:
        return (
            f"Find the Taylor polynomial of degree {problem.degree} of {problem.expr} "
            f"about {problem.about}."
        )
    return None


def prompt_for(problem: Problem) -> str:
    """The question to show: the author's prompt when given, and the tolerance when one is set."""
    question = problem.prompt or _worked_expression(problem) or default_prompt(problem)
    return question + tolerance_sentence(problem)


def tolerance_sentence(problem: Problem) -> str:
    """' Answers within 0.01 of the exact value are accepted.' when the problem sets a tolerance."""
    words = {"absolute": "within {}", "relative": "within a relative error of {}"}
    parts = [words[k].format(v) for k, v in problem.tolerance if k in words]
    if not parts:
        return ""
    return f" Answers {' or '.join(parts)} of the exact value are accepted."


# Maths in a prompt sits between dollar signs, in answer-box syntax; \$ is a literal dollar sign.
MATH_SEGMENT = re.compile(r"(?<!\\)\$(?P<body>[^$]+?)(?<!\\)\$")


def prompt_segments(text: str) -> list[tuple[str, bool, int]]:
    """The prompt split into (text, is_math, offset) pieces, literal \\$ unescaped in text."""
    pieces: list[tuple[str, bool, int]] = []
    at = 0
    for match in MATH_SEGMENT.finditer(text):
        if match.start() > at:
            pieces.append((text[at : match.start()].replace(r"\$", "$"), False, at))
        pieces.append((match.group("body"), True, match.start("body")))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:].replace(r"\$", "$"), False, at))
    return pieces
