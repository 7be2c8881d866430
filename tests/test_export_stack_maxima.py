"""The exported STACK questions run in STACK's own Maxima library (a development check).

Needs ``maxima`` and ``CALCTUTOR_STACK_DIR`` naming a checkout of maths/moodle-qtype_stack;
skips otherwise. Every question test must give the score and answer note it states (so the key
passes and the listed wrong answers fail), and the wrong answers from the report that made the
trees what they are must be refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import stack_runner
from export_sample import sample_quiz, stack_quiz

from calctutor.export import moodle

REASON = stack_runner.unavailable()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

# answers a student might type: (problem id, answer, valid?, score)
TYPED = [
    ("first", "x = C1*exp(2*y)", True, 0.0),  # the variables swapped
    ("first", "y = C*exp(2*t)", True, 0.0),  # another variable
    ("first", "C1*exp(2*x)", False, 0.0),  # not an equation: a validation message
    ("first", "y = K*exp(2*x)", True, 1.0),  # any name for the constant
    ("second", "y = C1*exp(x) + C2*exp(x)", True, 0.0),  # one constant in disguise
    ("second", "y = A*exp(2*x) + B*exp(x)", True, 1.0),
    ("hess", "hessian(x^2+3*x*y+y^2,[x,y])", False, 0.0),
    ("hess", "matrix([2, 3], [3, 2])", True, 1.0),
    ("taylor", "taylor(log(1+x),x,0,3)", False, 0.0),
    ("g1", "(2*x*y, x^2 + 3*y^2)", False, 0.0),  # a tuple, not a list
    ("i1", "sin(x^2)", True, 1.0),  # no constant: accepted
    ("crit2", "{[1, 1, min], [0, 0, saddle]}", True, 1.0),
    ("crit2", "{[0, 0], [1, 1]}", True, 0.0),  # not classified
]


def questions() -> dict[str, ET.Element]:
    """Every STACK question of the two sample quizzes by problem id."""
    found = {}
    for quiz in (sample_quiz(), stack_quiz()):
        for question in ET.fromstring(moodle.render(quiz)):
            if question.get("type") == "stack":
                found[question.findtext("idnumber", "").split("/")[1].split("#")[0]] = question
    return found


def test_question_tests_and_typed_answers_in_stacks_maxima() -> None:
    found = questions()
    batch = []
    for ident, question in found.items():
        answers = [t[1] for t in stack_runner.question_tests(question)]
        answers += [a for i, a, _, _ in TYPED if i == ident]
        batch.append((question, answers))
    results = dict(zip(found, stack_runner.run_questions(batch), strict=True))
    for ident, question in found.items():
        tests = stack_runner.question_tests(question)
        for (description, _answer, score, note), got in zip(tests, results[ident], strict=False):
            assert got.valid and (got.score, got.note) == (score, note), (ident, description, got)
        typed = [(a, v, s) for i, a, v, s in TYPED if i == ident]
        for (_answer, valid, score), got in zip(typed, results[ident][len(tests) :], strict=True):
            assert (got.valid, got.score if valid else 0.0) == (valid, score), (ident, got)
