"""``calctutor optimize``: tables, JSON, divergence said plainly, comparisons and paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app

runner = CliRunner()
F = "x^2 + 10y^2"


def run_json(*args: str) -> dict[str, object]:
    """The JSON of one run."""
    result = runner.invoke(app, ["optimize", F, "--start", "(1, 1)", "--json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_adam_three_steps_reach_the_reference_point() -> None:
    data = run_json("--method", "adam", "--lr", "0.1", "--steps", "3")
    assert set(data) >= {"method", "points", "values", "grad_norms", "diverged"}
    points = data["points"]
    assert isinstance(points, list) and len(points) == 4
    assert points[-1] == pytest.approx([0.701586, 0.701586], abs=1e-6)


def test_rmsprop_three_steps_reach_the_reference_point() -> None:
    data = run_json("--method", "rmsprop", "--lr", "0.01", "--steps", "3")
    assert data["points"][-1] == pytest.approx([0.779982, 0.779982], abs=1e-6)  # type: ignore[index]


@pytest.mark.parametrize(("lr", "diverges"), [("0.05", False), ("0.1", False), ("0.15", True)])
def test_gradient_descent_diverges_above_lr_0_1(lr: str, diverges: bool) -> None:
    assert run_json("--lr", lr, "--steps", "100")["diverged"] is diverges


def test_the_table_says_diverged_in_words() -> None:
    args = ["optimize", F, "--start", "(1, 1)", "--lr", "0.2", "--steps", "30"]
    result = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0
    assert "Diverged" in result.stdout
    assert "‖∇f‖" in result.stdout


def test_l1_loss_runs() -> None:
    result = runner.invoke(app, ["optimize", "|x| + y^2", "--start", "(1, 1)", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["points"][1] == pytest.approx([0.9, 0.8])


def test_compare_plots_every_method(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "paths.png"
    args = ["optimize", F, "--start", "(1, 1)", "--compare", "gd,momentum,adam", "--lr", "0.05",
            "--steps", "20", "--output", str(png)]  # fmt: skip
    result = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "loss by step" in result.stdout
    assert all(m in result.stdout for m in ("gd", "momentum", "adam"))
    assert png.read_bytes().startswith(b"\x89PNG")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "(1, 1)", "--method", "sgdd"], "sgdd"),
        (["--start", "(1, 1, 1)"], "coordinates"),
        (["--start", "(1, "], "missing"),
        (["--start", "(1, 1)", "--lr", "-1"], "learning rate"),
        (["--start", "(1, 1)", "--output", "paths.txt"], "ending in .png"),
    ],
)
def test_bad_settings_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["optimize", F, *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "adam", "--alpha", "0.9"], "alpha does not apply to adam"),
        (["--method", "gd", "--eps", "1e-6"], "its options are lr, momentum, dampening"),
        (["--method", "rmsprop", "--beta1", "0.8"], "beta1 does not apply to rmsprop"),
        (["--method", "rmsprop", "--betas", "0.8,0.9"], "betas does not apply to rmsprop"),
        (["--method", "adagrad", "--momentum", "0.5"], "momentum does not apply to adagrad"),
        (["--method", "sgd", "--amsgrad"], "amsgrad does not apply to sgd"),
        (["--method", "adam", "--nesterov"], "nesterov does not apply to adam"),
        (["--method", "adam", "--centered"], "centered does not apply to adam"),
        (["--method", "adam", "--lr-decay", "0.1"], "lr_decay does not apply to adam"),
        (["--method", "nesterov", "--momentum", "0"], "Nesterov momentum requires a momentum"),
        (["--method", "nesterov", "--dampening", "0.5"], "zero dampening"),
        (["--method", "sgd", "--momentum", "-0.5"], "Invalid momentum value: -0.5"),
        (["--method", "adam", "--betas", "1,0.999"], "Invalid beta parameter at index 0: 1.0"),
        (["--method", "adam", "--betas", "0.9"], "two numbers"),
        (["--method", "rmsprop", "--alpha", "-1"], "Invalid alpha value: -1.0"),
        (["--method", "adagrad", "--lr-decay", "-1"], "Invalid lr_decay value"),
        (["--method", "adamw", "--weight-decay", "-1"], "Invalid weight_decay value"),
        (["--method", "adam", "--eps", "-1"], "Invalid epsilon value"),
        (["--optimizer", "Adam(alpha=0.9)"], "alpha does not apply to adam"),
        (["--optimizer", "Adam(lr=__import__)"], "expected a number"),
        (["--optimizer", "Adam(lr=0.1", "--method", "adam"], "drop --method"),
        (["--optimizer", "Adam(0.1, (0.9, 0.99), 1e-8, 0, False, True)"], "at most 5"),
        (["--optimizer", "Adamm(lr=0.1)"], "unknown method 'Adamm'"),
        (["--schedule", "StepLR(gamma=0.5)"], "StepLR needs step_size"),
        (["--schedule", "StepLR(step_size=0)"], "must be positive"),
        (["--schedule", "StepLR(step_size=2, T_max=3)"], "T_max does not apply to StepLR"),
        (["--schedule", "OneCycleLR(max_lr=1)"], "unknown schedule"),
    ],
)
def test_options_that_do_not_apply_or_torch_refuses_are_refused(
    args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["optimize", F, "--start", "(1, 1)", *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--method", "sgd", "--momentum", "1.5"],  # torch accepts a momentum above 1
        ["--method", "sgd", "--lr", "0"],  # and lr = 0
        ["--method", "rmsprop", "--alpha", "1.5", "--steps", "2"],
        ["--method", "gd", "--momentum", "0.5", "--dampening", "0.1", "--weight-decay", "0.01"],
        ["--method", "rmsprop", "--momentum", "0.9", "--centered", "--maximize"],
        ["--method", "adamw", "--amsgrad", "--betas", "0.8,0.99"],
        ["--method", "adagrad", "--lr-decay", "0.1", "--initial-accumulator-value", "0.5"],
    ],
)
def test_values_torch_accepts_are_accepted(args: list[str]) -> None:
    result = runner.invoke(app, ["optimize", F, "--start", "(1, 1)", "--json", *args])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"]


def test_every_option_is_used_and_reported() -> None:
    # rmsprop momentum is no longer ignored: torch's value after 3 steps (the example)
    data = run_json("--method", "rmsprop", "--momentum", "0.9", "--lr", "0.01", "--steps", "3")
    assert data["points"][-1] == pytest.approx([0.552915, 0.552915], abs=1e-6)  # type: ignore[index]
    assert data["hyperparameters"] == {
        "lr": 0.01, "alpha": 0.99, "eps": 1e-08, "weight_decay": 0.0, "momentum": 0.9,
        "centered": False, "maximize": False,
    }  # fmt: skip
    assert data["status"] == "running"


def test_the_shorthands_and_their_hyperparameters() -> None:
    momentum = run_json("--method", "momentum", "--lr", "0.01", "--steps", "2")
    assert momentum["hyperparameters"]["momentum"] == 0.9  # type: ignore[index]
    assert momentum["hyperparameters"]["nesterov"] is False  # type: ignore[index]
    nesterov = run_json("--method", "nesterov", "--lr", "0.01", "--steps", "2")
    assert nesterov["torch"] == (
        "SGD(lr=0.01, momentum=0.9, dampening=0, weight_decay=0, nesterov=True, maximize=False)"
    )
    sgd = run_json("--method", "sgd", "--lr", "0.01")
    assert sgd["hyperparameters"]["momentum"] == 0  # type: ignore[index]


def test_a_pytorch_spec_gives_the_same_run_as_the_flags() -> None:
    spec = run_json("--optimizer", "Adam(lr=0.1, betas=(0.9, 0.99), amsgrad=True)", "--steps", "5")
    flags = run_json("--method", "adam", "--lr", "0.1", "--betas", "0.9,0.99", "--amsgrad",
                     "--steps", "5")  # fmt: skip
    assert spec["points"] == flags["points"]
    assert spec["hyperparameters"] == flags["hyperparameters"]


def test_a_spec_without_lr_takes_torchs_default() -> None:
    data = run_json("--optimizer", "torch.optim.RMSprop(alpha=0.9)", "--steps", "1")
    assert data["hyperparameters"]["lr"] == 0.01  # type: ignore[index]


def test_a_schedule_changes_the_rate_after_every_step() -> None:
    data = run_json("--lr", "0.01", "--steps", "5", "--schedule", "StepLR(step_size=2, gamma=0.5)")
    assert data["lrs"] == [0.01, 0.01, 0.005, 0.005, 0.0025]
    assert data["hyperparameters"]["schedule"] == "StepLR(step_size=2, gamma=0.5)"  # type: ignore[index]
    cosine = run_json("--lr", "0.01", "--steps", "3", "--schedule", "CosineAnnealingLR(2)")
    assert cosine["lrs"] == pytest.approx([0.01, 0.005, 0.0])


def test_help_states_true_defaults() -> None:
    result = runner.invoke(app, ["optimize", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    text = " ".join(result.stdout.split())
    assert "PyTorch's default" not in text
    assert "torch default 0" in text
    assert "the momentum and nesterov shorthands use 0.9" in text
    for flag in ("--dampening", "--nesterov", "--weight-decay", "--alpha", "--eps", "--centered",
                 "--betas", "--amsgrad", "--maximize", "--lr-decay",
                 "--initial-accumulator-value", "--optimizer", "--schedule"):  # fmt: skip
        assert flag in text
