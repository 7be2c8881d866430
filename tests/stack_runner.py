"""Run exported STACK questions' response trees in Maxima with STACK's own library.

A development check, not part of calctutor: it needs ``maxima`` and a checkout of
https://github.com/maths/moodle-qtype_stack (its ``stack/maxima`` folder), named by the
environment variable ``CALCTUTOR_STACK_DIR``. For each answer it does what STACK does with a
student's input and a PRT: the input's validation (forbidden words, ``checkanswertype`` by
STACK's ``ATSameType``), the question variables, the answer unsimplified, the feedback
variables, then each node's ``AT…`` answer-test function, following the branches to a score
and an answer note. It does not run STACK's PHP (its parser, CAS text or security map).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ENV = "CALCTUTOR_STACK_DIR"
SETUP = """\
stacklocation:"{root}"$
file_search_maxima:append([sconcat(stacklocation, "/stack/maxima/###.{{mac,mc}}")],
  file_search_maxima)$
file_search_lisp:append([sconcat(stacklocation, "/stack/maxima/###.{{lisp}}")],
  file_search_lisp)$
file_search_maxima:append([sconcat(stacklocation, "/stack/maxima/contrib/###.{{mac,mc}}")],
  file_search_maxima)$
file_search_lisp:append([sconcat(stacklocation, "/stack/maxima/contrib/###.{{lisp}}")],
  file_search_lisp)$
stack_mtell_quiet:true$
tex_plain_atoms:true$
STACK_SETUP(ex):=block(MAXIMA_VERSION_NUM_EXPECTED:0, MAXIMA_PLATFORM:"linux",
  maxima_tempdir:"/tmp/", IMAGE_DIR:"/tmp/", PLOT_SIZE:[450,300], PLOT_TERMINAL:"svg",
  PLOT_TERM_OPT:"", DEL_CMD:"rm", GNUPLOT_CMD:"gnuplot", URL_BASE:"file:///tmp/",
  MAXIMA_VERSION_EXPECTED:"default", true)$
load("stackmaxima.mac")$
display2d:false$
"""
NEEDS_OPTIONS = {"Diff", "Int", "Antidiff", "NumRelative", "NumAbsolute", "SubstEquiv"}


def stack_dir() -> Path | None:
    """The STACK checkout named by the environment, when it has STACK's Maxima library."""
    value = os.environ.get(ENV)
    if not value or not (Path(value) / "stack" / "maxima" / "stackmaxima.mac").is_file():
        return None
    return Path(value)


def unavailable() -> str | None:
    """Why the check cannot run here (None when it can)."""
    if shutil.which("maxima") is None:
        return "maxima is not installed"
    if stack_dir() is None:
        return f"{ENV} does not name a checkout of maths/moodle-qtype_stack"
    return None


@dataclass(frozen=True)
class Outcome:
    """What STACK would make of one answer: invalid (with why), or a score and answer note."""

    answer: str
    valid: bool
    score: float = 0.0
    note: str = ""
    why: str = ""


def _names(keyval: str) -> list[str]:
    """The names a Maxima key-value text assigns."""
    return re.findall(r"^\s*([A-Za-z_%][A-Za-z0-9_]*)\s*:", keyval, re.MULTILINE)


def _forbidden(answer: str, words: str) -> str | None:
    """The first forbidden word the answer uses, if any."""
    banned = {w.strip() for w in words.split(",") if w.strip()}
    return next((t for t in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", answer) if t in banned), None)


def _node_call(node: ET.Element) -> str:
    """The answer test call STACK compiles for a node."""
    test, options = node.findtext("answertest", ""), node.findtext("testoptions", "").strip()
    teacher = node.findtext("tans") or '""'
    call = f"AT{test}({node.findtext('sans')}, {teacher}"
    if options or test in NEEDS_OPTIONS:
        call += f", ev({options}, simp)"
    return call + ")"


def _program(question: ET.Element, answer: str, index: str) -> str:
    """Maxima code that evaluates one answer and prints each node's result."""
    variables = question.findtext("questionvariables/text", "")
    feedback = question.findtext("prt/feedbackvariables/text", "")
    names = sorted(set(_names(variables) + _names(feedback) + ["ans1"]))
    lines = [f"kill({', '.join(names)})$", "simp:true$", variables,
             f"ans1: (simp:false, {answer})$", "simp:true$"]  # fmt: skip
    lines.append(f'print("SAMETYPE {index}", second(ATSameType(copy(ans1), copy(ta))))$')
    lines.append(f"errcatch({feedback.replace(';', ',').rstrip(',') or 'true'})$")
    for node in question.findall("prt/node"):
        name = node.findtext("name")
        lines.append(f"simp:false$ %r: errcatch({_node_call(node)})$ simp:true$")
        lines.append(f'print("NODE {index} {name}", if %r = [] then "error" else second(%r[1]),'
                     ' if %r = [] then "" else third(%r[1]))$')  # fmt: skip
    return "\n".join(lines)


def _walk(question: ET.Element, results: dict[str, str], answer: str) -> Outcome:
    """Follow the tree from node 0 with the tests' results."""
    nodes = {n.findtext("name"): n for n in question.findall("prt/node")}
    name, score, note = "0", 0.0, ""
    while name != "-1":
        node = nodes[name]
        result = results.get(name, "error")
        if result == "error":
            return Outcome(answer, True, 0.0, "error", f"node {name} raised an error")
        branch = "true" if result == "true" else "false"
        value = float(node.findtext(f"{branch}score", "0"))
        score = value if node.findtext(f"{branch}scoremode") == "=" else score + value
        note = node.findtext(f"{branch}answernote", "")
        name = node.findtext(f"{branch}nextnode", "-1")
    return Outcome(answer, True, max(0.0, min(1.0, score)), note)


def run_question(question: ET.Element, answers: list[str], timeout: float = 120) -> list[Outcome]:
    """Each answer's outcome in STACK's Maxima (validation first, then the tree)."""
    return run_questions([(question, answers)], timeout)[0]


def run_questions(
    batch: list[tuple[ET.Element, list[str]]], timeout: float = 600
) -> list[list[Outcome]]:
    """``run_question`` for many questions in one Maxima process (it boots once)."""
    root = stack_dir()
    assert root is not None, unavailable()
    programs, early = [], {}
    for q, (question, answers) in enumerate(batch):
        words = question.findtext("input/forbidwords", "")
        for a, answer in enumerate(answers):
            word = _forbidden(answer, words)
            if word is not None:
                early[q, a] = Outcome(answer, False, why=f"forbidden word {word}")
            else:
                programs.append(_program(question, answer, f"q{q}a{a}"))
    output = _maxima(SETUP.format(root=root) + "\n".join(programs), timeout) if programs else ""
    return [
        [early.get((q, a)) or _outcome(question, output, f"q{q}a{a}", answer)
         for a, answer in enumerate(answers)]
        for q, (question, answers) in enumerate(batch)
    ]  # fmt: skip


def _outcome(question: ET.Element, output: str, index: str, answer: str) -> Outcome:
    """One answer's outcome from the printed results."""
    check_type = question.findtext("input/checkanswertype") == "1"
    same = re.search(rf"^SAMETYPE {index} (\w+)", output, re.MULTILINE)
    if check_type and (same is None or same.group(1) != "true"):
        return Outcome(answer, False, why="not the same type as the teacher's answer")
    results = dict(re.findall(rf"^NODE {index} (\d+) (\w+)", output, re.MULTILINE))
    return _walk(question, results, answer)


def _maxima(program: str, timeout: float) -> str:
    """Run a Maxima batch program and return what it printed."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".mac", delete=False) as handle:
        handle.write(program)
    try:
        done = subprocess.run(["maxima", "--very-quiet", "-b", handle.name], capture_output=True,
                              text=True, timeout=timeout, check=False)  # fmt: skip
    finally:
        os.unlink(handle.name)
    return done.stdout


def question_tests(question: ET.Element) -> list[tuple[str, str, float, str]]:
    """The question's own tests: (description, answer, expected score, expected note)."""
    return [
        (t.findtext("description", ""), t.findtext("testinput/value", ""),
         float(t.findtext("expected/expectedscore", "0")),
         t.findtext("expected/expectedanswernote", ""))
        for t in question.findall("qtest")
    ]  # fmt: skip
