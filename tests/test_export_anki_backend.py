"""Decks imported by Anki's own backend (``anki`` package, run in a separate Python).

Needs ``CALCTUTOR_ANKI_PYTHON`` naming a Python with the ``anki`` package (for example a venv
with ``pip install anki``); skips otherwise. Checks what a teacher relies on: the package
imports, two decks holding the same fixed problem make one note, and a later export of the
same deck updates its notes instead of adding copies.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from export_sample import sample_quiz

pytest.importorskip("genanki")

from calctutor.export import anki

PYTHON = os.environ.get("CALCTUTOR_ANKI_PYTHON", "")
pytestmark = pytest.mark.skipif(
    not PYTHON or not Path(PYTHON).is_file(),
    reason="CALCTUTOR_ANKI_PYTHON does not name a Python with the anki package",
)
STAMP = 1_700_000_000.0


def imported(tmp_path: Path, packages: list[bytes]) -> list[dict[str, Any]]:
    """The collection after importing each package in turn."""
    paths = []
    for number, data in enumerate(packages):
        path = tmp_path / f"deck{number}.apkg"
        path.write_bytes(data)
        paths.append(str(path))
    script = Path(__file__).with_name("anki_import.py")
    done = subprocess.run([PYTHON, str(script), str(tmp_path / "collection.anki2"), *paths],
                          capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    steps: list[dict[str, Any]] = json.loads(done.stdout)
    return steps


def test_two_decks_with_the_same_fixed_problems_give_one_note_each(tmp_path: Path) -> None:
    first, second = sample_quiz(seed=11), sample_quiz(seed=12)
    steps = imported(tmp_path, [anki.render(first, STAMP), anki.render(second, STAMP + 60)])
    assert len(steps[0]["notes"]) == steps[0]["cards"] == len(first.items)
    assert len(steps[1]["notes"]) == len(first.items)
    assert {n["guid"] for n in steps[1]["notes"]} == set(anki.note_guids(first))


def test_a_later_export_updates_instead_of_duplicating(tmp_path: Path) -> None:
    quiz = sample_quiz()
    changed = replace(quiz, items=(replace(quiz.items[0], prompt="changed"), *quiz.items[1:]))
    item = changed.items[0]
    changed = replace(changed, items=(replace(item, key=replace(item.key, latex="2 x + 1")),
                                      *changed.items[1:]))  # fmt: skip
    steps = imported(tmp_path, [anki.render(quiz, STAMP), anki.render(changed, STAMP + 3600)])
    assert len(steps[1]["notes"]) == len(quiz.items)
    answers = {n["guid"]: n["fields"][1] for n in steps[1]["notes"]}
    assert answers[anki.note_guids(quiz)[0]] == r"\(2 x + 1\)"


def test_cards_render_with_balanced_mathjax(tmp_path: Path) -> None:
    [step] = imported(tmp_path, [anki.render(sample_quiz(), STAMP)])
    for html in step["rendered"]:
        assert html.count(r"\(") == html.count(r"\)") > 0
