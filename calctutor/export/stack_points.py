"""Critical points graded in STACK as calctutor grades them (``calctutor.check.critical_points``).

The answer is a set, so the order of the points never matters: ``{[0, 0, saddle], [1, 1,
minimum]}``, or ``{[0, 0], [1, 1]}`` when the problem does not ask for a classification, and
bare numbers for a function of one variable. STACK's ``Sets`` test compares the points (and
names the missing and the wrong ones), then, when asked for, the points with their kinds. At a
point where the second-derivative test is inconclusive any label is accepted, as in calctutor.
"""

from __future__ import annotations

from typing import Any

from calctutor.export.stack import Branch, Case, Grading, Node, maxima, note
from calctutor.export.stack_kinds import verdict_notes
from calctutor.quiz.build import QuizItem
from calctutor.sets.answers import expr_text

WORDS = {"min": "minimum", "max": "maximum", "saddle": "saddle", "degenerate": "degenerate"}
FLIP = {"min": "max", "max": "min", "saddle": "min"}


def read_key(item: QuizItem) -> tuple[tuple[tuple[Any, ...], ...], tuple[str | None, ...]]:
    """The key's points and their kinds (None when not classified)."""
    from calctutor.check.critical_points import read_classified_points
    from calctutor.sets.reading import answer_context

    if item.key.answer.strip() == "none":
        return (), ()
    return read_classified_points(item.key.answer, answer_context(item.problem))


def _point(point: tuple[Any, ...], label: str | None = None) -> str:
    """One point in Maxima: a bare number for one variable, else a list; the kind last."""
    coordinates = [maxima(c) for c in point]
    if label is not None:
        return "[" + ", ".join([*coordinates, WORDS[label]]) + "]"
    return coordinates[0] if len(point) == 1 else "[" + ", ".join(coordinates) + "]"


def _set(points: Any, labels: Any) -> str:
    """The points as a Maxima set."""
    return "{" + ", ".join(_point(p, k) for p, k in zip(points, labels, strict=True)) + "}"


def _typed(points: Any, labels: Any) -> str:
    """The same points as calctutor's answer box reads them: ``(0, 0) saddle, (1, 1) min``."""
    if not points:
        return "none"
    parts = []
    for point, label in zip(points, labels, strict=True):
        text = ", ".join(expr_text(c) for c in point)
        text = text if len(point) == 1 else f"({text})"
        parts.append(text if label is None else f"{text} {label}")
    return ", ".join(parts)


def _feedback_variables(n: int, degenerate: str) -> list[tuple[str, str]]:
    """The points without their kinds, and the kinds with min/max spelled out."""
    first = "first(p)" if n == 1 else f"firstn(p, {n})"
    spoints = f"map(lambda([p], if listp(p) and length(p) > {n - 1} then {first} else p), sa)"
    variables = [("sa", "subst([min = minimum, max = maximum], ans1)"), ("spoints", spoints)]
    if degenerate != "{}":
        # at an inconclusive point any label is right: write the key's label over the student's
        relabel = f"if listp(p) and elementp({first}, {degenerate}) then " \
                  f"append({'[first(p)]' if n == 1 else first}, [degenerate]) else p"  # fmt: skip
        variables.append(("sa", f"map(lambda([p], {relabel}), sa)"))
    return variables


def _nodes(classify: bool) -> tuple[Node, ...]:
    """The points as a set; then, when asked for, each point's kind."""
    feedback = "Not every point is right: the critical points are where every partial " \
               "derivative is 0."  # fmt: skip
    points_true = Branch(note(1, True), "Correct." if not classify else "", 1.0 if not classify
                         else None)  # fmt: skip
    points = Node("Are these the critical points?", "Sets", "spoints", "tpoints", "",
                  points_true, Branch(note(1, False), feedback, 0.0), quiet=False)  # fmt: skip
    if not classify:
        return (points,)
    kinds = Node(
        "Is each point classified right?", "Sets", "sa", "ta", "",
        Branch(note(2, True), "Correct.", 1.0),
        Branch(note(2, False), "The points are right, but not every kind: at a minimum the "
               "Hessian is positive definite, at a maximum negative definite, at a saddle "
               "indefinite.", 0.0),
        quiet=False,
    )  # fmt: skip
    return points, kinds


def _cases(item: QuizItem, points: Any, labels: Any, nodes: tuple[Node, ...]) -> list[Case]:
    """The key, the key in another order, a point missing, a kind wrong."""
    cases = [Case("The key scores full marks.", "ta", 1.0, nodes[-1].true.note)]
    problem = item.problem
    if len(points) > 1:
        turned, turned_labels = points[::-1], labels[::-1]
        cases.append(Case("The points in another order: the same set.",
                          _set(turned, turned_labels), 1.0, nodes[-1].true.note))  # fmt: skip
    if points:
        fewer, fewer_labels = points[:-1], labels[:-1]
        if verdict_notes(problem, _typed(fewer, fewer_labels)) is not None:
            cases.append(Case("A point left out.", _set(fewer, fewer_labels), 0.0,
                              nodes[0].false.note))  # fmt: skip
    flip = next((i for i, k in enumerate(labels) if k in FLIP), None)
    if len(nodes) > 1 and flip is not None:
        wrong = list(labels)
        wrong[flip] = FLIP[wrong[flip]]
        if verdict_notes(problem, _typed(points, wrong)) is not None:
            cases.append(Case("One point classified wrong.", _set(points, wrong), 0.0,
                              nodes[1].false.note))  # fmt: skip
    return cases


def points_grading(item: QuizItem) -> Grading:
    """The STACK grading of a critical-points question."""
    points, labels = read_key(item)
    n, classify = len(item.problem.variables), item.problem.classify
    labels = tuple(labels) if classify else tuple(None for _ in points)
    degenerate = _set([p for p, k in zip(points, labels, strict=True) if k == "degenerate"],
                      [None for k in labels if k == "degenerate"])  # fmt: skip
    variables = (("ta", _set(points, labels)), ("tpoints", _set(points, [None] * len(points))))
    names = ", ".join(item.problem.variables)
    shape = "?" if n == 1 else "[" + ", ".join("?" for _ in range(n)) + "]"
    if classify:
        shape = "[" + ", ".join(["?"] * n + ["kind"]) + "]"
        how = (f"Type the points as a set, each as [{names}, kind] with kind minimum, maximum "
               "or saddle, for example {[1, 2, saddle]}; {} when there are none.")  # fmt: skip
    else:
        example = "{1, 2}" if n == 1 else "{[1, 2], [0, 0]}"
        how = f"Type the points as a set, for example {example}; {{}} when there are none."
    nodes = _nodes(classify)
    return Grading(
        variables,
        nodes,
        tuple(_cases(item, points, labels, nodes)),
        feedback_variables=tuple(_feedback_variables(n, degenerate)),
        syntax_hint="{" + shape + ", …}",
        instructions=how,
    )
