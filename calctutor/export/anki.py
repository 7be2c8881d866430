"""A quiz as an Anki deck (.apkg), built with genanki (the optional ``anki`` extra).

Ids are derived, never random: the note model's id is fixed, the deck's comes from the sets
and the seed, and each note's GUID from the problem's identity and variant — its set, its id
and the parameters drawn for it, never the seed — so a fixed problem is one note in every deck,
and importing an updated deck updates its notes instead of adding copies. Math is written for
MathJax (``\\(…\\)``); the back shows the answer and the worked solution.
"""

from __future__ import annotations

import hashlib
import html
import io
import sqlite3
import zipfile
from datetime import UTC, datetime
from typing import Any

from calctutor.export.statement import statement
from calctutor.quiz.build import Quiz, QuizItem

MODEL_NAME = "calctutor quiz question"
FIELDS = ("Question", "Answer", "Solution", "Source")
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.answer { font-weight: bold; margin: 0.5em 0; }
.solution { font-size: 16px; color: #444; }
.source { font-size: 12px; color: #888; margin-top: 1em; }"""
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '<div class="solution">{{Solution}}</div><div class="source">{{Source}}</div>'
)


class AnkiUnavailable(RuntimeError):
    """genanki is not installed (``pip install 'calctutor[anki]'``)."""


def stable_id(*parts: str) -> int:
    """An id in Anki's usual range (2**30 .. 2**31) derived from text, the same every run."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


MODEL_ID = stable_id("calctutor", "quiz-model", "1")


def _genanki() -> Any:
    """The genanki module, or AnkiUnavailable."""
    try:
        import genanki
    except ImportError:
        raise AnkiUnavailable(
            "the anki format needs genanki: pip install 'calctutor[anki]'"
        ) from None
    return genanki


def deck_id(quiz: Quiz) -> int:
    """The deck's id: from the sets and the seed."""
    return stable_id("calctutor", "deck", ",".join(quiz.sets), str(quiz.seed))


def note_guid(item: QuizItem) -> str:
    """A note's GUID: the problem's set, id and drawn parameters (the same in every deck)."""
    return str(_genanki().guid_for("calctutor", item.set_name, item.problem.id, item.variant))


def note_guids(quiz: Quiz) -> list[str]:
    """Each question's note GUID, in order (a problem drawn twice has one GUID)."""
    return [note_guid(item) for item in quiz.items]


def _question_html(item: QuizItem) -> str:
    """The front: the statement with MathJax math."""
    pieces = statement(item.problem)
    return "".join(
        rf"\({html.escape(p.text, quote=False)}\)" if p.math else html.escape(p.text)
        for p in pieces
    )


def _solution_html(item: QuizItem) -> str:
    """The worked solution, one line per step, indented by depth (empty when it has none)."""
    from calctutor.notation import to_html

    lines = []
    for line in item.key.steps:
        math = "" if line.math is None else rf" \({html.escape(line.math, quote=False)}\)"
        indent = "&nbsp;" * 4 * line.depth
        lines.append(f"{indent}{to_html(line.text)}{math}")
    return "<br>".join(lines)


def _model(genanki: Any) -> Any:
    """The note type: question on the front; answer, solution and source on the back."""
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": BACK}],
        css=CSS,
    )


def build_deck(quiz: Quiz) -> Any:
    """The genanki deck of the quiz."""
    genanki = _genanki()
    model = _model(genanki)
    deck = genanki.Deck(deck_id(quiz), quiz.title)
    seen: set[str] = set()
    for item, guid in zip(quiz.items, note_guids(quiz), strict=True):
        if guid in seen:  # the same problem and variant twice: one note
            continue
        seen.add(guid)
        fields = [
            _question_html(item),
            rf"\({html.escape(item.key.latex, quote=False)}\)",
            _solution_html(item),
            html.escape(f"{item.reference}" + (f" ({item.variant})" if item.variant else "")),
        ]
        tags = [item.set_name.replace(" ", "_"), item.problem.kind]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=guid, tags=tags))
    return deck


def render(quiz: Quiz, timestamp: float) -> bytes:
    """The .apkg file's bytes; the same quiz and timestamp always give the same bytes.

    ``timestamp`` is the notes' modification time: a later export must pass a later time for
    Anki to take its notes as updates.
    """
    genanki = _genanki()
    package = genanki.Package(build_deck(quiz))
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        package.write_to_db(cursor, timestamp, _ids(timestamp))
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    return _zip(database, timestamp)


def _ids(timestamp: float) -> Any:
    """Note and card ids counting up from the timestamp in milliseconds, as genanki does."""
    import itertools

    return itertools.count(int(timestamp * 1000))


def _zip(database: bytes, timestamp: float) -> bytes:
    """The package: the collection database and an empty media list, with fixed dates."""
    moment = datetime.fromtimestamp(max(timestamp, 315532800), UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
