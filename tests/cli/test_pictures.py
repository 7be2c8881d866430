"""Pictures through the commands: solve --plot, optimize --output run.gif, the drill's plot."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}
BUNDLED = [
    "chain-rule/chain-1",
    "basic-antiderivatives/anti-1",
    "definite-improper-integrals/def-1",
    "optimization/logreg-1",
    "optimization/critical-1",
    "first-order-odes/first-3",
    "second-order-odes/second-1",
    "optimization/adam-1",
    "limits/lim-11",
    "taylor-polynomials/taylor-1",
]


@pytest.mark.parametrize("reference", BUNDLED)
def test_solve_plot_in_the_terminal(reference: str) -> None:
    result = runner.invoke(app, ["solve", reference, "--plot"], env=ENV)
    assert result.exit_code == 0, result.output
    assert max(_width(line) for line in result.stdout.splitlines()) <= 80


def _width(line: str) -> int:
    """Columns a line takes (combining accents, as in m̂, take none)."""
    return sum(1 for ch in line if not unicodedata.combining(ch))


@pytest.mark.parametrize("reference", BUNDLED)
def test_solve_plot_writes_a_png(reference: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "picture.png"
    result = runner.invoke(app, ["solve", reference, "--plot", "--output", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert out.stat().st_size > 10_000


def test_solve_plot_of_a_definite_integral_with_a_riemann_sum() -> None:
    args = ["solve", "int_0^1 x^2 dx", "--plot", "--riemann", "right", "--n", "4"]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    assert "right Riemann sum, n = 4: 0.46875" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chain-rule/chain-1", "--at", "1"], "--at goes with --plot"),
        (["chain-rule/chain-1", "--output", "f.png"], "--output goes with --plot"),
        (["chain-rule/chain-1", "--plot", "--json"], "needs --output"),
        (["chain-rule/chain-1", "--plot", "--output", "f.gif"], "optimizer runs"),
        (["taylor-polynomials/taylor-14", "--plot"], "one variable"),
        (["ml-gradients/mse-3", "--plot"], "depends on x, y as well"),
        (["chain-rule/chain-1", "--plot", "--at", "(1, 2)"], "1 coordinate"),
    ],
)
def test_solve_plot_refusals(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["solve", *args], env=ENV)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_optimize_writes_an_animation_with_one_frame_per_iterate(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from PIL import Image

    out = tmp_path / "run.gif"
    args = ["optimize", "x^2 + 10y^2", "--method", "adam", "--lr", "0.1", "--start", "(1, 1)",
            "--steps", "7", "--output", str(out)]  # fmt: skip
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.format == "GIF"
        assert image.n_frames == 8


def test_optimize_png_of_one_variable_run(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "run.png"
    args = ["optimize", "x^4 - 3x^2 + x", "--start", "(2)", "--lr", "0.01", "--steps", "30",
            "--output", str(out)]  # fmt: skip
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_optimize_compare_loss_curves_are_on_a_log_scale_without_float_noise() -> None:
    args = ["optimize", "x^2 + 10y^2", "--compare", "gd,adam", "--lr", "0.05",
            "--start", "(1, 1)", "--steps", "40"]  # fmt: skip
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    assert "e-16" not in result.stdout


def test_drill_plot_shows_the_problem_picture() -> None:
    args = ["drill", "chain-rule", "--count", "1", "--seed", "1"]
    result = runner.invoke(app, args, input="plot\nquit\n", env=ENV)
    assert result.exit_code == 0, result.output
    assert "tangent" in result.stdout
