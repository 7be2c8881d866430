"""Quiz keys carry the worked solution's own steps (Prose), never a placeholder sentence."""

from __future__ import annotations

import pytest

from calctutor.notation import to_html, to_unicode
from calctutor.quiz.build import make_key
from calctutor.sets.model import Problem

LIMIT = Problem(id="lim", kind="expression", expr="(tan(x) - sin(x))/x^3", var="x",
                limit="x -> 0", expected="1/2", prompt="Find the limit.")  # fmt: skip
TAYLOR = Problem(id="tay", kind="expression", expr="log(1 + x)", vars=("x",), about="0",
                 degree=3, expected="x - x^2/2 + x^3/3", prompt="Find it.")  # fmt: skip


@pytest.mark.parametrize("problem", [LIMIT, TAYLOR], ids=["limit", "taylor"])
def test_limit_and_taylor_keys_have_their_steps(problem: Problem) -> None:
    key = make_key(problem)
    sentences = [to_unicode(line.text) for line in key.steps]
    assert len(sentences) >= 2
    assert not any("expected expression" in s for s in sentences)
    assert all("**" not in to_html(line.text) for line in key.steps)


def test_a_bare_expression_has_no_placeholder_step() -> None:
    key = make_key(Problem(id="e", kind="expression", expected="1/2", prompt="Say a half."))
    assert key.steps == ()
