"""The Anki export: an .apkg whose SQLite database holds one note per question, stable ids."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from export_sample import sample_quiz

pytest.importorskip("genanki")

from calctutor.export import anki

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
    other = sample_quiz(seed=6)
    assert anki.deck_id(other) != anki.deck_id(quiz)
    assert set(anki.note_guids(other)).isdisjoint(anki.note_guids(quiz))
    assert len(set(anki.note_guids(quiz))) == len(quiz.items)


def test_a_problem_drawn_twice_gets_two_guids() -> None:
    quiz = sample_quiz()
    doubled = type(quiz)(quiz.title, quiz.seed, quiz.sets, (quiz.items[0], quiz.items[0]))
    first, second = anki.note_guids(doubled)
    assert first != second and first == anki.note_guids(quiz)[0]
