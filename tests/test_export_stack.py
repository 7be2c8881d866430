"""STACK questions grade as calctutor grades: the response trees, inputs and question tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from export_sample import sample_quiz, stack_quiz

from calctutor.export import moodle
from calctutor.export.stack import FORBIDDEN


def stack_questions() -> dict[str, ET.Element]:
    """The STACK questions of both sample quizzes, by problem id."""
    found = {}
    for quiz in (sample_quiz(), stack_quiz()):
        for question in ET.fromstring(moodle.render(quiz)):
            if question.get("type") == "stack":
                found[question.findtext("idnumber", "").split("/")[1].split("#")[0]] = question
    return found


QUESTIONS = stack_questions()


def question_tests(question: ET.Element) -> dict[str, tuple[str, str]]:
    """Each question test's typed answer: (expected score, expected answer note)."""
    return {
        t.findtext("testinput/value", ""): (
            t.findtext("expected/expectedscore", ""),
            t.findtext("expected/expectedanswernote", ""),
        )
        for t in question.findall("qtest")
    }


def feedback(question: ET.Element, note: str) -> str:
    """The feedback of the branch with this answer note."""
    for node in question.findall("prt/node"):
        for branch in ("true", "false"):
            if node.findtext(f"{branch}answernote") == note:
                return node.findtext(f"{branch}feedback/text", "")
    raise AssertionError(note)


def test_every_command_that_does_the_work_is_forbidden() -> None:
    needed = {"diff", "int", "integrate", "hessian", "jacobian", "taylor", "ode2", "desolve",
              "limit", "solve"}  # fmt: skip
    assert needed <= set(FORBIDDEN)
    for question in QUESTIONS.values():
        words = {w.strip() for w in question.findtext("input/forbidwords", "").split(",")}
        assert needed <= words


def test_a_wrong_shape_is_a_validation_message() -> None:
    for ident in ("first", "g1", "crit", "s1", "d1"):
        assert QUESTIONS[ident].findtext("input/checkanswertype") == "1"
    assert QUESTIONS["hess"].findtext("input/type") == "matrix"
    assert QUESTIONS["hess"].findtext("input/checkanswertype") == "0"


def test_syntax_hints_show_the_shape() -> None:
    hints = {i: QUESTIONS[i].findtext("input/syntaxhint") for i in ("first", "g1", "crit2", "s1")}
    assert hints == {"first": "y = ?", "g1": "[?, ?]", "crit2": "{[?, ?, kind], …}",
                     "s1": "[?, ?]"}  # fmt: skip
    assert QUESTIONS["first"].findtext("input/syntaxattribute") == "1"  # a placeholder


def test_no_constant_is_needed_unless_the_problem_requires_one() -> None:
    assert QUESTIONS["i1"].findtext("prt/node/testoptions") == "[x, NOCONST]"
    assert question_tests(QUESTIONS["i1"])["ta"] == ("1.0000000", "prt1-1-T")
    assert QUESTIONS["const"].findtext("prt/node/testoptions") == "x"
    assert question_tests(QUESTIONS["const"])["ta"][0] == "0.0000000"


def test_an_ode_is_checked_by_substitution_with_the_variables_fixed() -> None:
    question = QUESTIONS["first"]
    variables = question.findtext("questionvariables/text", "")
    assert "odelhs: 'diff(y, x, 1) - 2*y;" in variables
    assert "residual: ev(odelhs, y = sol, nouns);" in question.findtext(
        "prt/feedbackvariables/text", ""
    )
    assert not any(n.findtext("answertest") == "SubstEquiv" for n in question.iter("node"))
    tests = question_tests(question)
    assert tests["ta"] == ("1.0000000", "prt1-4-T")
    assert tests["x = C1*exp(2*y)"] == ("0.0000000", "prt1-1-F")
    assert tests["y = C*exp(2*t)"] == ("0.0000000", "prt1-2-F")
    assert "particular solution" in feedback(question, "prt1-4-F")
    assert "{@unknown@}" in feedback(question, "prt1-2-F")


def test_a_second_order_general_solution_needs_two_independent_constants() -> None:
    question = QUESTIONS["second"]
    assert "rank(" in question.findtext("prt/feedbackvariables/text", "")
    assert question_tests(question)["y = C1*exp(x)"] == ("0.0000000", "prt1-4-F")


def test_initial_conditions_are_checked() -> None:
    question = QUESTIONS["ivp"]
    text = question.findtext("prt/feedbackvariables/text", "")
    assert "icgot: [subst(x = 0, sol), subst(x = 0, diff(sol, x, 1))];" in text
    assert "icwant: [1, 0];" in text
    assert question_tests(question)["y = 2*cos(x)"] == ("0.0000000", "prt1-5-F")


def test_critical_points_are_a_set_with_their_kinds_checked() -> None:
    question = QUESTIONS["crit2"]
    assert question.findtext("questionvariables/text", "").startswith(
        "ta: {[0, 0, saddle], [1, 1, minimum]};"
    )
    assert [n.findtext("answertest") for n in question.iter("node")] == ["Sets", "Sets"]
    tests = question_tests(question)
    assert tests["{[1, 1, minimum], [0, 0, saddle]}"] == ("1.0000000", "prt1-2-T")
    assert tests["{[0, 0, minimum], [1, 1, minimum]}"] == ("0.0000000", "prt1-2-F")
    assert question_tests(QUESTIONS["crit"])["{[1, minimum], [-1, maximum]}"][0] == "1.0000000"


def test_every_tree_has_feedback_that_names_the_mistake() -> None:
    for question in QUESTIONS.values():
        nodes = question.findall("prt/node")
        for node in nodes:
            for branch in ("true", "false"):
                ends = node.findtext(f"{branch}nextnode") == "-1"
                text = node.findtext(f"{branch}feedback/text", "")
                assert not ends or text or node.findtext("quiet") == "0", question.findtext(
                    "name/text"
                )
    assert "sign" in feedback(QUESTIONS["d1"], "prt1-2-T")
    assert "symmetric" in feedback(QUESTIONS["hess"], "prt1-2-F")


def test_question_tests_cover_the_key_and_common_wrong_answers() -> None:
    for question in QUESTIONS.values():
        tests = question.findall("qtest")
        scores = [t.findtext("expected/expectedscore") for t in tests]
        assert scores[0] == "1.0000000" and "0.0000000" in scores
        notes = {
            n.findtext(f"{b}answernote") for n in question.iter("node") for b in ("true", "false")
        }
        assert {t.findtext("expected/expectedanswernote") for t in tests} <= notes


def test_ln_of_an_absolute_value_is_written_without_it_so_both_forms_pass() -> None:
    import sympy
    from export_sample import key_for

    from calctutor.export.stack_grading import grading
    from calctutor.quiz.build import QuizItem
    from calctutor.sets.model import Problem

    x = sympy.Symbol("x")
    problem = Problem(id="ln", kind="integral", expr="1/x + 2*x/(x^2 + 1)", var="x")
    result = sympy.log(sympy.Abs(x)) + sympy.log(x**2 + 1)
    item = QuizItem(1, "s", "t", problem, "", "", key_for(problem, result))
    graded = grading(item)
    assert dict(graded.variables)["ta"] == "log(x) + log(x^2 + 1)"
    assert "abs" not in " ".join(case.answer for case in graded.cases)
