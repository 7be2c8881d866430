"""Optimizer problems under torch's names: problem sets, grade lines, prompts and mistakes.

No option is silently ignored: an option the method does not have is refused in a problem set,
in a grade line and in a problem mapping, with the method's own options listed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from calctutor.check import check_now
from calctutor.check.batch import grade_lines
from calctutor.check.verdict import Verdict
from calctutor.sets.files import load_file
from calctutor.sets.loader import ProblemError, problem_from_mapping
from calctutor.sets.prompts import default_prompt
from calctutor.steps.solve import solve_problem as solve

BASE: dict[str, Any] = {
    "kind": "optimizer_step", "expr": "x^2 + 10y^2", "vars": ["x", "y"], "start": [1, 1],
}  # fmt: skip


def check_answer(p: Any, answer: str) -> Verdict:
    """The verdict on an answer to the problem."""
    return check_now(p, answer, random.Random(0))


def problem(**fields: Any) -> Any:
    """An optimizer_step problem on the issue's example."""
    return problem_from_mapping({"id": "p", **BASE, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"method": "adam", "lr": 0.1, "alpha": 0.9}, "alpha does not apply to adam"),
        ({"method": "gd", "lr": 0.1, "eps": 1e-6}, "eps does not apply to gd"),
        ({"method": "rmsprop", "lr": 0.1, "beta1": 0.8}, "beta1 does not apply to rmsprop"),
        ({"method": "adagrad", "lr": 0.1, "amsgrad": True}, "amsgrad does not apply to adagrad"),
        ({"method": "nesterov", "lr": 0.1, "momentum": 0}, "Nesterov momentum requires"),
        ({"method": "adam", "lr": 0.1, "betas": [1.2, 0.999]}, "Invalid beta parameter"),
        ({"method": "adam", "lr": 0.1, "betas": [0.9]}, "betas must be two numbers"),
        ({"method": "sgd", "lr": -1}, "Invalid learning rate"),
        ({"method": "sgd", "lr": 0.1, "nesterov": "yes"}, "nesterov must be"),
        ({"method": "sgd", "lr": 0.1, "schedule": "StepLR(gamma=2)"}, "StepLR needs step_size"),
        ({"method": "adam", "lr": 0.1, "momentum": "1/10"}, "momentum does not apply to adam"),
    ],
)
def test_problem_fields_that_do_not_apply_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ProblemError) as raised:
        problem(**fields)
    assert message in str(raised.value)


def test_a_problem_set_refuses_an_option_of_another_method(tmp_path: Path) -> None:
    path = tmp_path / "opt.yaml"
    path.write_text(
        "format_version: 1\ntitle: T\ntopic: optimization\nproblems:\n"
        "  - id: a1\n    kind: optimizer_step\n    expr: x^2\n    vars: [x]\n"
        "    method: adam\n    lr: 0.1\n    start: [1]\n    alpha: 0.9\n"
    )
    loaded = load_file(path)
    assert any("alpha does not apply to adam" in str(e) for e in loaded.errors)


def test_a_grade_line_refuses_an_option_of_another_method() -> None:
    lines = [
        json.dumps({**BASE, "id": "g1", "method": "adam", "lr": 0.1, "alpha": 0.9,
                    "answer": "(0.9, 0.9)"}),
        json.dumps({**BASE, "id": "g2", "method": "rmsprop", "lr": 0.01, "momentum": 0.9,
                    "steps": 3, "answer": "(0.552915, 0.552915)"}),
        json.dumps({**BASE, "id": "g3", "method": "rmsprop", "lr": 0.01, "steps": 3,
                    "answer": "(0.779982, 0.779982)", "momentum": 0.9}),
    ]  # fmt: skip
    results = list(grade_lines(lines, jobs=1))
    assert results[0]["verdict"] == "error"
    assert "alpha does not apply to adam" in results[0]["message"]
    assert results[1]["verdict"] == "correct"
    # the momentum-free answer to a momentum problem is a plain RMSprop step: named, not accepted
    assert results[2]["verdict"] == "incorrect"


def test_fields_under_torchs_names_and_the_old_aliases_agree() -> None:
    betas = problem(method="adam", lr=0.1, steps=2, betas=[0.8, 0.99])
    aliases = problem(method="adam", lr=0.1, steps=2, beta1=0.8, beta2="99/100")
    assert solve(betas).result == pytest.approx(solve(aliases).result, rel=1e-12)


@pytest.mark.parametrize(
    ("fields", "answer"),
    [
        ({"method": "sgd", "lr": 0.01, "momentum": 0.9, "dampening": 0.5, "steps": 2},
         "(0.9522, 0.54)"),
        ({"method": "sgd", "lr": 0.01, "weight_decay": 0.1, "steps": 1}, "(0.979, 0.799)"),
        ({"method": "gd", "lr": 0.1, "maximize": True}, "(1.2, 3)"),
        ({"method": "gd", "lr": 0.01, "steps": 3, "schedule": "StepLR(step_size=1, gamma=0.5)"},
         "(0.965349, 0.684)"),
    ],
)  # fmt: skip
def test_options_change_the_answer(fields: dict[str, Any], answer: str) -> None:
    assert check_answer(problem(**fields), answer).verdict == "correct"


def test_prompts_state_every_hyperparameter() -> None:
    momentum = default_prompt(problem(method="momentum", lr=0.01, steps=2))
    assert "torch.optim.SGD(lr=0.01, momentum=0.9, dampening=0" in momentum
    adam = default_prompt(problem(method="adam", lr=0.1, betas=[0.8, 0.99]))
    assert "betas=(0.8, 0.99), eps=1e-08" in adam
    alias = default_prompt(problem(method="adam", lr=0.1, beta2=0.99))
    assert "betas=(0.9, 0.99)" in alias
    scheduled = default_prompt(problem(method="gd", lr=0.1, schedule="ExponentialLR(0.5)"))
    assert "ExponentialLR(0.5)" in scheduled and "after every update" in scheduled


def test_mistake_messages_use_the_problems_numbers() -> None:
    # Adam with betas (0.8, 0.99) and no bias correction: m times 5, v times 100 at t = 1
    verdict = check_answer(problem(method="adam", lr=0.1, betas=[0.8, 0.99]), "(0.8000, 0.8000)")
    assert verdict.notes[0] == "no_bias_correction"
    assert "betas = (0.8, 0.99)" in verdict.message
    assert "multiplies m by 5 and v by 100" in verdict.message


def test_mistakes_of_the_new_options_are_named() -> None:
    decay = problem(method="sgd", lr=0.01, weight_decay=0.1)
    assert check_answer(decay, "(0.98, 0.8)").notes[0] == "no_weight_decay"
    damp = problem(method="sgd", lr=0.01, momentum=0.9, dampening=0.5, steps=2)
    assert check_answer(damp, "(0.9424, 0.46)").notes[0] == "no_dampening"
    scheduled = problem(method="gd", lr=0.01, steps=3, schedule="StepLR(step_size=1, gamma=0.5)")
    verdict = check_answer(scheduled, "(0.941192, 0.512)")
    assert verdict.notes[0] == "no_schedule"
    assert "0.01, 0.005, 0.0025" in verdict.message
