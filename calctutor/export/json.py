"""A quiz as JSON: the questions with their problem fields, prompts and (optionally) the key.

``calctutor grade --quiz`` reads this file back: each problem's fields rebuild the problem, so
grading does not depend on the sets the quiz was drawn from.
"""

from __future__ import annotations

import json
from typing import Any

from calctutor.quiz.build import Quiz, QuizItem

FORMAT = "calctutor-quiz"
VERSION = 1


def item_json(item: QuizItem, key: bool = True) -> dict[str, Any]:
    """One question: number, set, id, the problem's fields, prompt, and the key when asked."""
    from calctutor.sets.catalog import problem_as_json

    fields = problem_as_json(item.problem)
    data: dict[str, Any] = {"number": item.number, "set": item.set_name, "id": item.problem.id}
    # empty lists and mappings are defaults: leaving them out keeps the fields a valid problem
    data.update((k, v) for k, v in fields.items() if k != "id" and v not in ({}, []))
    data["topic"] = item.topic
    if item.variant:
        data["variant"] = item.variant
    data["prompt"] = item.prompt
    if key:
        data["answer"] = item.key.answer
        data["answer_latex"] = item.key.latex
    return data


def quiz_json(quiz: Quiz, key: bool = True) -> dict[str, Any]:
    """The whole quiz as a JSON-ready mapping."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": quiz.title,
        "seed": quiz.seed,
        "sets": list(quiz.sets),
        "problems": [item_json(item, key) for item in quiz.items],
    }


def dumps(quiz: Quiz, key: bool = True) -> str:
    """The quiz as JSON text (stable: the same quiz always gives the same text)."""
    return json.dumps(quiz_json(quiz, key), ensure_ascii=False, indent=2) + "\n"
