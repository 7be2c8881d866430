"""calctutor's grading of each kind of answer, written as a STACK response tree.

Each builder returns a :class:`~calctutor.export.stack.Grading`: the teacher's answer ``ta``, the
nodes (the answer test that decides, then tests that name a common mistake), and question tests
for the key and the common wrong answers. A wrong answer becomes a question test only when
calctutor's own checker gives it the score the tree gives it, so the tests state calctutor's
policy and STACK is held to it on import.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import sympy

from calctutor.export.stack import Branch, Case, Grading, Node, final_note, maxima, note
from calctutor.quiz.build import QuizItem
from calctutor.sets.answers import expr_text
from calctutor.sets.model import Problem

CORRECT = "Correct."


def m(latex: str) -> str:
    """Inline MathJax."""
    return rf"\({latex}\)"


def key_value(item: QuizItem) -> Any:
    """The key read back into SymPy (it is answer-box text that calctutor's checker accepts)."""
    from calctutor.check.common import read_answer

    return read_answer(item.problem, item.key.answer)


def grades_correct(problem: Problem, text: str) -> bool | None:
    """calctutor's own verdict on an answer: True, False, or None when it cannot decide."""
    from calctutor.check import check_seeded, seed_for

    verdict = check_seeded(problem, text, seed_for(problem, text))
    if verdict.verdict == "unknown":
        return None
    return verdict.is_correct


def verdict_notes(problem: Problem, text: str) -> tuple[str, ...] | None:
    """calctutor's notes on an answer it marks wrong; None when it accepts or cannot decide."""
    from calctutor.check import check_seeded, seed_for

    verdict = check_seeded(problem, text, seed_for(problem, text))
    if verdict.verdict in ("correct", "unknown"):
        return None
    return verdict.notes


def differs(a: Any, b: Any) -> bool:
    """True when two expressions differ at a random point (cheap, numeric)."""
    rng = random.Random(7)
    symbols = sorted(
        sympy.sympify(a).free_symbols | sympy.sympify(b).free_symbols, key=lambda s: s.name
    )
    for _ in range(3):
        point = {s: sympy.Rational(rng.randint(11, 97), 37) for s in symbols}
        try:
            gap = complex(sympy.N(sympy.sympify(a - b).subs(point), 15))
        except (TypeError, ValueError):
            continue
        if abs(gap) > 1e-9:
            return True
    return False


def wrong_case(
    problem: Problem, description: str, typed: str, checked: str, expected: str
) -> Case | None:
    """A question test for an answer calctutor marks wrong, ending with the note ``expected``.

    ``typed`` is the Maxima STACK receives, ``checked`` the same answer as calctutor's answer
    box reads it. None when calctutor does not mark it wrong (the test would state a policy
    calctutor does not have).
    """
    if grades_correct(problem, checked) is not False:
        return None
    return Case(description, typed, 0.0, expected)


def key_case(nodes: Sequence[Node], typed: str = "ta") -> Case:
    """The teacher's answer scores full marks."""
    return Case("The key scores full marks.", typed, 1.0, final_note(nodes))


def decide_then_diagnose(
    decide: tuple[str, str, str, str, str],
    detectors: Sequence[tuple[str, str, str, str]],
    otherwise: str,
) -> tuple[Node, ...]:
    """Node 0 decides (true: 1); on false, detectors name a mistake in turn (true: 0).

    ``decide`` is (description, test, sans, tans, options); each detector is (description,
    sans, tans, feedback) tested with AlgEquiv; ``otherwise`` is the feedback when none fits.
    """
    description, test, sans, tans, options = decide
    count = len(detectors)
    nodes = [
        Node(description, test, sans, tans, options, Branch(note(1, True), CORRECT, 1.0),
             Branch(note(1, False), otherwise if not count else "", None if count else 0.0),
             quiet=False)
    ]  # fmt: skip
    for number, (what, d_sans, d_tans, feedback) in enumerate(detectors, 2):
        last = number == count + 1
        false = Branch(note(number, False), otherwise if last else "", 0.0 if last else None)
        nodes.append(Node(what, "AlgEquiv", d_sans, d_tans, "",
                          Branch(note(number, True), feedback, 0.0), false))  # fmt: skip
    return tuple(nodes)


def _sign_detector(key: str) -> tuple[str, str, str, str]:
    """The answer is the key with the opposite sign."""
    return ("Is it the negative of the key?", "ans1", f"-({key})",
            "Check the signs: your answer is the negative of the right one.")  # fmt: skip


def _scalar_cases(
    item: QuizItem, nodes: Sequence[Node], wrong: Sequence[tuple[str, Any, int]]
) -> tuple[Case, ...]:
    """The key, then each (description, value, detector) that calctutor also marks wrong.

    ``detector`` is the number of the node that recognises the mistake (its true branch).
    """
    cases = [key_case(nodes, "ta+c" if item.problem.kind == "integral" else "ta")]
    for description, value, at in wrong:
        shown = f"{expr_text(value)} + C" if item.problem.kind == "integral" else expr_text(value)
        typed = f"{maxima(value)}+c" if item.problem.kind == "integral" else maxima(value)
        case = wrong_case(item.problem, description, typed, shown, nodes[at].true.note)
        if case is not None:
            cases.append(case)
    return tuple(cases)


def derivative_grading(item: QuizItem) -> Grading:
    """``Diff`` decides (it also notices an integral given instead); then sign, f itself."""
    from calctutor.sets.reading import read_expr

    problem, var = item.problem, item.problem.var or "x"
    f, key = read_expr(problem), key_value(item)
    detectors = [_sign_detector("ta"),
                 ("Is it the function itself?", "ans1", "func",
                  "This is the function you were asked to differentiate: find its derivative "
                  f"with respect to {m(var)}.")]  # fmt: skip
    nodes = decide_then_diagnose(
        ("Is it the derivative?", "Diff", "ans1", "ta", var),
        detectors,
        f"This is not the derivative with respect to {m(var)}: differentiate again, term by "
        "term, and check the chain rule's inner factors.",
    )
    wrong = [("The sign is wrong.", -key, 1), ("The function itself.", f, 2)]
    usable = [w for w in wrong if differs(w[1], key) and (w[2] != 2 or differs(f, -key))]
    variables = (("ta", item.key.maxima), ("func", maxima(f)))
    return Grading(variables, nodes, _scalar_cases(item, nodes, usable))


def integral_grading(item: QuizItem) -> Grading:
    """``Int`` decides, with ``NOCONST`` unless a constant is required; then sign, f'."""
    from calctutor.sets.reading import read_expr

    problem, var = item.problem, item.problem.var or "x"
    f = read_expr(problem)
    # ln|u| written ln(u): STACK's Int test then accepts either, as calctutor does (with |u|
    # in the teacher's answer it refuses log(x), and even the key when some logs lack it)
    key = (key_value(item) - sympy.Symbol("C")).replace(sympy.Abs, lambda inner: inner)
    options = var if problem.require_constant else f"[{var}, NOCONST]"
    x = sympy.Symbol(var)
    detectors = [
        ("Does its derivative give minus the integrand?", f"diff(ans1, {var})", "-integrand",
         "Differentiate your answer: you get the negative of the integrand, so a sign is "
         "wrong."),
        ("Is it the derivative of the integrand?", f"diff(ans1, {var})",
         f"diff(integrand, {var}, 2)",
         "This is the derivative of the integrand: integrate it instead."),
    ]  # fmt: skip
    nodes = decide_then_diagnose(
        ("Is it an antiderivative?", "Int", "ans1", "ta", options),
        detectors,
        f"Differentiate your answer with respect to {m(var)}: it does not give the integrand.",
    )
    wrong = [("The sign is wrong.", -key, 1), ("The integrand differentiated.", f.diff(x), 2)]
    second = f.diff(x, 2)
    usable = wrong[:1] if differs(f, 0) else []
    usable += wrong[1:] if differs(second, f) and differs(second, -f) else []
    cases = list(_scalar_cases(item, nodes, usable))
    if not problem.require_constant:
        cases.insert(1, Case("No constant of integration: accepted, as calctutor does.", "ta",
                             1.0, final_note(nodes)))  # fmt: skip
    else:
        bare = wrong_case(problem, "No constant of integration: this problem requires one.",
                          "ta", expr_text(key), nodes[-1].false.note)  # fmt: skip
        cases += [bare] if bare else []
    hint = "? + c" if problem.require_constant else ""
    variables = (("ta", maxima(key)), ("integrand", maxima(f)))
    return Grading(variables, nodes, tuple(cases), syntax_hint=hint, teacher_input="ta+c")


def expression_grading(item: QuizItem) -> Grading:
    """``AlgEquiv`` decides; then the sign."""
    key = key_value(item)
    nodes = decide_then_diagnose(
        ("Is it the expected value?", "AlgEquiv", "ans1", "ta", ""),
        [_sign_detector("ta")],
        "This is not equal to the expected answer.",
    )
    wrong = [("The sign is wrong.", -key, 1)] if differs(key, -key) else []
    return Grading((("ta", item.key.maxima),), nodes, _scalar_cases(item, nodes, wrong))


def gradient_grading(item: QuizItem) -> Grading:
    """A list of partial derivatives: ``AlgEquiv`` marks the wrong entries; then the order."""
    key = tuple(key_value(item))
    names = item.problem.variables
    order = ", ".join(rf"\partial f/\partial {v}" for v in names)
    nodes = decide_then_diagnose(
        ("Is it the gradient?", "AlgEquiv", "ans1", "ta", ""),
        [("Are the components in the wrong order?", "ans1", "reverse(ta)",
          f"These are the right partial derivatives in the wrong order: {m(order)}.")],
        f"The gradient is the list of partial derivatives {m(order)}; the entries marked are "
        "wrong.",
    )  # fmt: skip
    cases = [key_case(nodes)]
    turned = tuple(reversed(key))
    if len(key) > 1 and any(differs(a, b) for a, b in zip(key, turned, strict=True)):
        typed, shown = maxima(turned), "(" + ", ".join(expr_text(v) for v in turned) + ")"
        case = wrong_case(item.problem, "The components in the wrong order.", typed, shown,
                          nodes[1].true.note)  # fmt: skip
        cases += [case] if case else []
    hint = "[" + ", ".join("?" for _ in names) + "]"
    return Grading((("ta", item.key.maxima),), nodes, tuple(cases), syntax_hint=hint,
                   instructions=f"Type the gradient as a list: {hint}.")  # fmt: skip


def hessian_grading(item: QuizItem) -> Grading:
    """STACK's matrix input; ``AlgEquiv`` marks wrong entries; then symmetry."""
    key = sympy.Matrix(key_value(item))
    decide = Node(
        "Is it the Hessian?",
        "AlgEquiv",
        "ans1",
        "ta",
        "",
        Branch(note(1, True), CORRECT, 1.0),
        Branch(note(1, False)),
        quiet=False,
    )
    symmetric = Node(
        "Is it symmetric?", "AlgEquiv", "ans1", "transpose(ans1)", "",
        Branch(note(2, True), "The entries marked are not the second partial derivatives.", 0.0),
        Branch(note(2, False), "A Hessian is symmetric (the mixed partial derivatives are "
               "equal): yours is not.", 0.0),
    )  # fmt: skip
    nodes = (decide, symmetric)
    cases = [key_case(nodes)]
    if key.shape[0] > 1 and key[0, 1] != 0:
        broken = key.copy()
        broken[0, 1] = 0
        shown = "[" + ", ".join("[" + ", ".join(expr_text(v) for v in row) + "]"
                                for row in broken.tolist()) + "]"  # fmt: skip
        case = wrong_case(
            item.problem, "Not symmetric.", maxima(broken), shown, symmetric.false.note
        )
        cases += [case] if case else []
    negated = -key
    shown = "[" + ", ".join("[" + ", ".join(expr_text(v) for v in row) + "]"
                            for row in negated.tolist()) + "]"  # fmt: skip
    if any(differs(v, 0) for v in key):
        case = Case("Every sign wrong.", maxima(negated), 0.0, symmetric.true.note)
        cases += [case] if grades_correct(item.problem, shown) is False else []
    return Grading((("ta", item.key.maxima),), nodes, tuple(cases), input_type="matrix",
                   check_type=False)  # fmt: skip


def allowance(problem: Problem, value: float) -> float:
    """How far a typed number may be from ``value``: the problem's tolerance, else one unit in
    the 4th significant digit (what rounding or truncating to 4 digits can cost; calctutor
    also refuses a longer decimal whose last digit is wrong, which a tolerance cannot see).
    """
    import math

    from calctutor.check.numbers import Tolerance

    if problem.tolerance:
        tolerance = Tolerance.from_pairs(problem.tolerance)
        absolute = float(tolerance.absolute or 0)
        return max(absolute, float(tolerance.relative or 0) * abs(value))
    if value == 0:
        return 0.0
    return float(10 ** (math.floor(math.log10(abs(value))) - 3))


def numbers_grading(item: QuizItem, values: Sequence[float]) -> Grading:
    """Several decimals (an optimizer step): each within calctutor's tolerance."""
    from calctutor.sets.answers import float_text

    n = len(values)
    ta = "[" + ", ".join(float_text(v) for v in values) + "]"
    tol = "[" + ", ".join(float_text(allowance(item.problem, v)) for v in values) + "]"
    close = "lambda([a, b, t], is(abs(float(a) - b) <= t))"
    count = Node(
        "Are there as many numbers as coordinates?",
        "AlgEquiv",
        "length(ans1)",
        str(n),
        "",
        Branch(note(1, True)),
        Branch(note(1, False), f"Give {n} numbers, one for each coordinate.", 0.0),
    )
    within = Node(
        "Is each number right to 4 significant digits?", "AlgEquiv", "within", "true", "",
        Branch(note(2, True), CORRECT, 1.0),
        Branch(note(2, False), "Not every coordinate is right to 4 significant digits: redo "
               "the update, one coordinate at a time.", 0.0),
    )  # fmt: skip
    nodes = (count, within)
    off = [v * 1.01 + (0.01 if v == 0 else 0) for v in values]
    rounded = [float(f"{v:.4g}") for v in values]
    cases = [key_case(nodes)]
    if rounded != list(values):
        cases.append(Case("Rounded to 4 significant digits: accepted.",
                          "[" + ", ".join(float_text(v) for v in rounded) + "]", 1.0,
                          within.true.note))  # fmt: skip
    cases.append(Case("One coordinate off by 1%.",
                      "[" + ", ".join(float_text(v) for v in [off[0], *values[1:]]) + "]", 0.0,
                      within.false.note))  # fmt: skip
    hint = "[" + ", ".join("?" for _ in values) + "]"
    return Grading(
        (("ta", ta), ("tol", tol)), nodes, tuple(cases),
        feedback_variables=(("within", f"every({close}, ans1, ta, tol)"),),
        syntax_hint=hint, floats=True,
        instructions=f"Type the point as a list of decimals: {hint}, to at least 4 significant "
        "digits.",
    )  # fmt: skip
