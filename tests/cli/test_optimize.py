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
