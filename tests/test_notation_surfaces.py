"""Done-when scans of issue 12: every human-facing text reads as mathematics, on every surface.

No programming syntax (``**``, ``*`` between operands, ``log(``, ``exp(``, ``sqrt(``, ``atan(``,
``asin(``, ``acos(``, ``Abs(``, `` oo``, ``None``, ``,)``, ``[[``) in solve --json text over all
bundled problems, a drill transcript, ``stats`` and every quiz export; LaTeX that pdflatex
compiles; Markdown whose maths and prompts make no emphasis or HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app
from calctutor.export import latex as latex_export
from calctutor.export import markdown as markdown_export
from calctutor.export import moodle as moodle_export
from calctutor.export.json import quiz_json
from calctutor.export.solution import solution_json, solution_latex, solution_markdown
from calctutor.notation import to_unicode
from calctutor.notation.question import question
from calctutor.quiz.build import Quiz, build_quiz
from calctutor.sets.catalog import open_problem, open_set
from calctutor.sets.files import load_file
from calctutor.sets.model import Problem, ProblemSet
from calctutor.steps.solve import solve_problem

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted(p.stem for p in (ROOT / "problems").glob("*.yaml"))
PROGRAMMING = re.compile(
    r"\*\*|(?<=[\w)])\s?\*\s?(?=[\w(])|\b(?:log|exp|sqrt|atan|asin|acos|Abs)\("
    r"| oo\b|\bNone\b|,\)|\[\["
)
runner = CliRunner()


def offences(where: str, text: str) -> list[str]:
    """Each piece of programming syntax in text, with where it was found."""
    return [f"{where}: {m.group()!r} in {text[:120]!r}" for m in PROGRAMMING.finditer(text)]


def step_texts(steps: list[dict[str, Any]]) -> list[str]:
    """Every step's text in a solve --json tree."""
    out: list[str] = []
    for step in steps:
        out += [step["text"], *step_texts(step["substeps"])]
    return out


@pytest.fixture(scope="module")
def solved() -> list[tuple[str, Problem, Any]]:
    """Every bundled problem (a template's first variant) with its worked solution."""
    out = []
    for name in BUNDLED:
        for problem in open_set(name).problems:
            reference = f"{name}/{problem.id}"
            _, concrete = open_problem(reference)
            try:
                out.append((reference, concrete, solve_problem(concrete)))
            except (ValueError, NotImplementedError):
                continue  # an unsolvable problem has no text to scan
    return out


def test_solve_json_text_of_every_bundled_problem_reads_as_mathematics(
    solved: list[tuple[str, Problem, Any]],
) -> None:
    assert len(solved) > 200
    found: list[str] = []
    for reference, problem, solution in solved:
        found += offences(f"{reference} question", to_unicode(question(problem)))
        for text in step_texts(solution_json(solution, reference, 0.0)["steps"]):
            found += offences(reference, text)
    assert not found, "\n".join(found[:20])


def test_every_step_has_text_latex_beside_its_text(solved: list[tuple[str, Problem, Any]]) -> None:
    for reference, _, solution in solved[:40]:
        for step in solution_json(solution, reference, 0.0)["steps"]:
            assert isinstance(step["text"], str) and isinstance(step["text_latex"], str)


def test_indefinite_integrals_end_with_plus_c_and_logs_with_bars() -> None:
    done = runner.invoke(app, ["solve", "∫ (3x + 5)/(x^2 - x - 2) dx"])
    assert done.exit_code == 0, done.output
    assert "+ C" in done.output and "│x - 2│" in done.output.replace("−", "-")
    assert "log(" not in done.output


def test_a_drill_transcript_and_stats_read_as_mathematics(calctutor_home: Path) -> None:
    lines = "x^2\nhint\n2x\nsteps\nskip\n(2x+1)^4\nskip\nq\n"
    drill = runner.invoke(app, ["drill", "chain-rule", "--count", "3", "--seed", "1"], input=lines)
    assert drill.exit_code == 0, drill.output
    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0, stats.output
    found = offences("drill", drill.output) + offences("stats", stats.output)
    assert not found, "\n".join(found)
    assert "wrong_component" not in stats.output and "_" not in _mistake_lines(stats.output)


def _mistake_lines(output: str) -> str:
    """The lines of the most-frequent-mistakes panel."""
    return "\n".join(line for line in output.splitlines() if "×" in line)


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    """A seeded quiz over every bundled set, with verified keys."""
    sets = [open_set(name) for name in BUNDLED]
    return build_quiz(sets, seed=7, count=24)


def test_every_quiz_export_reads_as_mathematics(quiz: Quiz) -> None:
    found = offences("markdown", _prose_of_markdown(markdown_export.render(quiz)))
    found += offences("latex", latex_export.render(quiz, key=False))
    for item in quiz_json(quiz)["problems"]:
        found += offences("json prompt", item["prompt"])
    root = ET.fromstring(moodle_export.render(quiz))
    for tag in ("questiontext", "generalfeedback"):
        for node in root.iter(tag):
            found += offences(f"moodle {tag}", _prose_of_html("".join(node.itertext())))
    found += _anki_offences(quiz)
    assert not found, "\n".join(found[:20])


def _prose_of_markdown(text: str) -> str:
    """Markdown without its $…$ LaTeX (LaTeX may say \\exp; prose must not say exp()."""
    return re.sub(r"\$[^$]*\$", "", text)


def _prose_of_html(text: str) -> str:
    """HTML without its MathJax \\( … \\) LaTeX and STACK's [[input:ans1]] places."""
    text = re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", "", text, flags=re.DOTALL)
    return re.sub(r"\[\[[a-z]+:\w+\]\]", "", text)


def _anki_offences(quiz: Quiz) -> list[str]:
    """Programming syntax on the Anki cards' fields (skipped without genanki)."""
    pytest.importorskip("genanki")
    from calctutor.export.anki import build_deck

    found: list[str] = []
    for note in build_deck(quiz).notes:
        for field in note.fields:
            found += offences("anki", _prose_of_html(field))
    return found


LATEX_TITLE = "Quiz: σ, μ ≈ θ — 100% & #1 for $5 with x_1"
PROMPT = r"Estimate σ and μ ≈ θ: 50% & #2 cost \$3 under a_b, for $x^2 + 1$."


def _special_set(tmp_path: Path) -> ProblemSet:
    """A set whose prompt holds every character LaTeX treats specially, and Greek."""
    path = tmp_path / "special.yaml"
    path.write_text(
        "format_version: 1\ntitle: Special\ntopic: special\nproblems:\n"
        "  - id: s1\n    kind: derivative\n    expr: x^3\n    var: x\n"
        f"    prompt: '{PROMPT}'\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.problem_set is not None, loaded
    return loaded.problem_set


def pdflatex(tmp_path: Path, name: str, document: str) -> None:
    """Compile a document with plain pdflatex; fail with the log's error when it does not."""
    (tmp_path / f"{name}.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    errors = [line for line in done.stdout.splitlines() if line.startswith("!")]
    assert done.returncode == 0, "\n".join(errors) or done.stdout[-1500:]


needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None, reason="pdflatex is not installed"
)


@needs_pdflatex
def test_pdflatex_compiles_solve_latex_of_every_bundled_problem(
    solved: list[tuple[str, Problem, Any]], tmp_path: Path
) -> None:
    documents = [solution_latex(s, question(p)) for _, p, s in solved]
    head = documents[0].split(r"\begin{document}")[0]
    bodies = [d.split(r"\begin{document}")[1].split(r"\end{document}")[0] for d in documents]
    pdflatex(
        tmp_path,
        "solutions",
        head + "\\begin{document}\n" + "\n".join(bodies) + "\\end{document}\n",
    )


@needs_pdflatex
def test_pdflatex_compiles_quizzes_of_bundled_sets_and_special_characters(
    quiz: Quiz, tmp_path: Path
) -> None:
    pdflatex(tmp_path, "bundled", latex_export.render(quiz))
    special = build_quiz([_special_set(tmp_path)], seed=1, count=1, title=LATEX_TITLE)
    document = latex_export.render(special)
    assert "x^{2}" in document and r"\$3" in document
    pdflatex(tmp_path, "special", document)


def _tokens(markdown: str) -> list[Any]:
    """markdown-it-py's tokens (CommonMark with the dollarmath plugin), inline children flat."""
    mdit = pytest.importorskip("markdown_it")
    plugins = pytest.importorskip("mdit_py_plugins.dollarmath")
    parser = mdit.MarkdownIt("commonmark").use(plugins.dollarmath_plugin)
    out = []
    for token in parser.parse(markdown):
        out += [token, *(token.children or [])]
    return out


def test_markdown_maths_and_prompts_make_no_emphasis_or_html(
    solved: list[tuple[str, Problem, Any]], tmp_path: Path
) -> None:
    for reference, problem, solution in solved[::7]:
        tokens = _tokens(solution_markdown(solution, question(problem)))
        kinds = [t.type for t in tokens]
        # the only emphasis is our own note that a step tree is incomplete
        assert kinds.count("em_open") == (0 if solution.complete else 1), reference
        assert "html_inline" not in kinds, reference
        assert "html_block" not in kinds, reference
        steps = json.dumps(solution_json(solution, reference, 0.0)["steps"]).count('"rule"')
        assert kinds.count("strong_open") <= steps + 1, reference  # only our own labels
    special = build_quiz([_special_set(tmp_path)], seed=1, count=1, title=LATEX_TITLE)
    tokens = _tokens(markdown_export.render(special))
    kinds = [t.type for t in tokens]
    assert not {"em_open", "strong_open", "html_inline", "html_block"} & set(kinds)
    assert "math_inline" in kinds
