"""The JSON export: documented keys, optional key, and problems that rebuild exactly."""

from __future__ import annotations

import json

from export_sample import sample_quiz

from calctutor.export.json import dumps, quiz_json
from calctutor.quiz.grade import load_quiz
from calctutor.sets.loader import problem_from_mapping


def test_documented_keys_and_numbering() -> None:
    data = json.loads(dumps(sample_quiz()))
    assert {"title", "seed", "sets", "problems"} <= set(data)
    assert data["seed"] == 5 and data["sets"] == ["calculus", "several"]
    for number, problem in enumerate(data["problems"], start=1):
        assert problem["number"] == number
        assert {"set", "id", "kind", "prompt", "answer", "answer_latex"} <= set(problem)


def test_no_key_leaves_out_the_answers() -> None:
    data = quiz_json(sample_quiz(), key=False)
    assert all("answer" not in p and "answer_latex" not in p for p in data["problems"])


def test_same_quiz_same_text() -> None:
    assert dumps(sample_quiz()) == dumps(sample_quiz())
    assert dumps(sample_quiz(seed=1)) != dumps(sample_quiz(seed=2))


def test_problems_rebuild_exactly_from_the_json() -> None:
    quiz = sample_quiz()
    loaded = load_quiz(dumps(quiz))
    for item, question in zip(quiz.items, loaded.questions, strict=True):
        assert question.number == item.number and question.set_name == item.set_name
        expected = problem_from_mapping(
            {k: v for k, v in json.loads(dumps(quiz))["problems"][item.number - 1].items()
             if k in ("id", "kind", "expr", "var", "vars", "lower", "upper", "equation", "func",
                      "method", "lr", "start", "classify")}
        )  # fmt: skip
        assert question.problem.kind == expected.kind == item.problem.kind
        assert question.problem.expr == item.problem.expr
        assert question.problem.equation == item.problem.equation
        assert question.problem.variables == item.problem.variables
