"""The Anki export: an .apkg whose SQLite database holds one note per question, stable ids."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from export_sample import sample_quiz

pytest.importorskip("genanki")

from calctutor.export import anki
from calctutor.quiz.build import SolutionLine

STAMP = 1_700_000_000.0


def open_collection(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    """The collection database inside the package."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(path)


def test_the_package_holds_one_note_per_question(tmp_path: Path) -> None:
    quiz = sample_quiz()
    connection = open_collection(anki.render(quiz, STAMP), tmp_path)
    try:
        notes = connection.execute("SELECT guid, mid, flds FROM notes ORDER BY id").fetchall()
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        decks = json.loads(connection.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        connection.close()
    assert len(notes) == cards == len(quiz.items)
    assert [n[0] for n in notes] == anki.note_guids(quiz)
    assert {n[1] for n in notes} == {anki.MODEL_ID}
    assert str(anki.deck_id(quiz)) in decks
    question, answer, solution, source = notes[0][2].split("\x1f")
    assert r"\(\frac{d}{dx}" in question
    assert answer.startswith(r"\(") and "Apply the rule." in solution and source == "calculus/d1"


def test_ids_are_stable_and_bytes_reproducible() -> None:
    quiz = sample_quiz()
    assert anki.render(quiz, STAMP) == anki.render(quiz, STAMP)
    later = anki.render(quiz, STAMP + 3600)
    assert later != anki.render(quiz, STAMP)
    assert anki.note_guids(quiz) == anki.note_guids(sample_quiz())
    assert anki.deck_id(quiz) == anki.deck_id(sample_quiz())
    assert len(set(anki.note_guids(quiz))) == len(quiz.items)


def test_a_note_is_the_problem_and_its_variant_never_the_seed() -> None:
    quiz, other = sample_quiz(), sample_quiz(seed=6)
    assert anki.deck_id(other) != anki.deck_id(quiz)
    assert anki.note_guids(other) == anki.note_guids(quiz)
    item = quiz.items[0]
    variant = replace(item, variant="a=2, b=3")
    assert anki.note_guid(variant) != anki.note_guid(item)
    assert anki.note_guid(replace(item, set_name="other")) != anki.note_guid(item)
    assert anki.note_guid(replace(item, number=7)) == anki.note_guid(item)


def test_a_problem_drawn_twice_is_one_note(tmp_path: Path) -> None:
    quiz = sample_quiz()
    doubled = replace(quiz, items=(quiz.items[0], quiz.items[0], quiz.items[1]))
    connection = open_collection(anki.render(doubled, STAMP), tmp_path)
    try:
        count = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        connection.close()
    assert count == 2


def test_the_solution_is_the_worked_steps_written_for_mathjax(tmp_path: Path) -> None:
    import sympy

    from calctutor.notation import math, prose

    quiz = sample_quiz(limit=1)
    item = quiz.items[0]
    x = sympy.Symbol("x")
    line = SolutionLine(0, prose("The derivative of ", math(x**2), " is ", math(2 * x), "."), None)
    worked = replace(item, key=replace(item.key, steps=(line,)))
    connection = open_collection(anki.render(replace(quiz, items=(worked,)), STAMP), tmp_path)
    try:
        fields = connection.execute("SELECT flds FROM notes").fetchone()[0].split("\x1f")
    finally:
        connection.close()
    assert fields[2] == r"The derivative of \( x^{2} \) is \( 2 x \)."
    assert "**" not in fields[2]
