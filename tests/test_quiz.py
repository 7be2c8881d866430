"""Building quizzes: seeded, balanced by topic, every key answer graded correct."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from calctutor.check import check
from calctutor.export.json import dumps
from calctutor.limits import WorkerPool
from calctutor.paths import bundled_sets_dir
from calctutor.quiz.build import Key, build_quiz, default_title, make_key
from calctutor.sets.files import load_file
from calctutor.sets.loader import build_problem
from calctutor.sets.model import Problem, ProblemSet


def fake_key(problem: Problem) -> Key | str:
    """A key without solving (planning tests); problems whose id has 'bad' are rejected."""
    if "bad" in problem.id:
        return "rejected on purpose"
    return Key(str(problem.expr), str(problem.expr), str(problem.expr), None)


def fixed(set_id: str, count: int) -> tuple[Problem, ...]:
    """Plain derivative problems."""
    return tuple(
        Problem(id=f"{set_id}{i}", kind="derivative", expr=f"x^{i + 2}", var="x")
        for i in range(count)
    )


TEMPLATE = build_problem(
    {"id": "tpl", "kind": "derivative", "var": "x", "expr": "a*x^n",
     "params": {"a": "randint(2, 9)", "n": "randint(2, 5)"}}, "tpl",
)  # fmt: skip


def make_set(name: str, topic: str, problems: tuple[Problem, ...]) -> ProblemSet:
    """An in-memory set."""
    return ProblemSet(name, name.title(), topic, f"{name}.yaml", problems)


def templates_set() -> ProblemSet:
    """The bundled template set."""
    problem_set = load_file(bundled_sets_dir() / "templates.yaml").problem_set
    assert problem_set is not None
    return problem_set


def test_topics_are_balanced() -> None:
    sets = [
        make_set("alpha", "derivatives", fixed("a", 8)),
        make_set("beta", "integrals", fixed("b", 8)),
        make_set("gamma", "odes", fixed("c", 8)),
    ]
    quiz = build_quiz(sets, seed=4, count=9, make=fake_key)
    assert Counter(item.topic for item in quiz.items) == {
        "derivatives": 3,
        "integrals": 3,
        "odes": 3,
    }
    assert [item.number for item in quiz.items] == list(range(1, 10))


def test_fixed_problems_come_once_templates_again_with_new_variants() -> None:
    sets = [make_set("alpha", "t", (*fixed("a", 2), TEMPLATE))]
    quiz = build_quiz(sets, seed=1, count=8, make=fake_key)
    ids = Counter(item.problem.id for item in quiz.items)
    assert ids == {"a0": 1, "a1": 1, "tpl": 6}
    variants = [item.problem for item in quiz.items if item.problem.id == "tpl"]
    assert len(set(variants)) == 6 and all(item.variant for item in quiz.items if item.variant)


def test_rejected_problems_are_dropped_and_the_quiz_may_run_short() -> None:
    bad = replace(TEMPLATE, id="bad-tpl")
    bad_fixed = Problem(id="bad", kind="derivative", expr="x", var="x")
    sets = [make_set("alpha", "t", (*fixed("a", 2), bad_fixed, bad))]
    quiz = build_quiz(sets, seed=2, count=10, make=fake_key)
    assert sorted(item.problem.id for item in quiz.items) == ["a0", "a1"]


def test_same_seed_same_bytes_other_seed_other_quiz() -> None:
    sets = [
        make_set("alpha", "t", (*fixed("a", 3), TEMPLATE)),
        make_set("beta", "u", fixed("b", 3)),
    ]
    first = dumps(build_quiz(sets, seed=11, count=6, make=fake_key))
    again = dumps(build_quiz(sets, seed=11, count=6, make=fake_key))
    other = dumps(build_quiz(sets, seed=12, count=6, make=fake_key))
    assert first == again and first != other


def test_default_titles() -> None:
    sets = [make_set("alpha", "t", ()), make_set("beta", "t", ())]
    assert default_title(sets) == "Quiz: Alpha, Beta"
    assert default_title(sets * 3) == "Quiz: Alpha, Beta"
    many = [make_set(n, "t", ()) for n in ("a", "b", "c", "d")]
    assert default_title(many) == "Calculus quiz"


def test_a_key_that_does_not_grade_correct_is_rejected() -> None:
    unsolvable = Problem(id="u", kind="ode", equation="y' = y^2 + x", func="y", var="x")
    with pytest.raises(ValueError):
        make_key(unsolvable)


@pytest.fixture(scope="module")
def real_quiz() -> object:
    """A quiz from the bundled templates, solved and checked for real."""
    return build_quiz([templates_set()], seed=3, count=12)


def test_real_quiz_is_reproducible(real_quiz: object) -> None:
    again = build_quiz([templates_set()], seed=3, count=12)
    assert dumps(again) == dumps(real_quiz)  # type: ignore[arg-type]


def test_every_key_answer_grades_correct(real_quiz: object) -> None:
    items = real_quiz.items  # type: ignore[attr-defined]
    assert len(items) == 12
    assert len({item.problem.kind for item in items}) >= 3
    with WorkerPool(2) as pool:
        for item in items:
            verdict = check(item.problem, item.key.answer, pool=pool)
            assert verdict.verdict == "correct", (item.problem, item.key.answer, verdict)
