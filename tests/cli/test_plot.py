"""``calctutor plot``: terminal plots that fit, PNGs that are PNGs, clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from calctutor.cli.app import app
from calctutor.optimization.sampling import PlotError, parse_range, read_function, sample_curve

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_curve_samples_skip_undefined_points() -> None:
    f, (x,) = read_function("ln(x)")
    curve = sample_curve(f, x, (-1.0, 1.0), 5, "f")
    assert curve.ys[0] is None and curve.ys[2] is None
    assert curve.ys[4] == pytest.approx(0.0)


@pytest.mark.parametrize("text", ["3:1", "a:b", "1", "1:inf"])
def test_bad_ranges_are_refused(text: str) -> None:
    with pytest.raises(PlotError):
        parse_range(text)


@pytest.mark.parametrize("args", [["x^3 - 3x", "--derivative"], ["x^2 + 10y^2"], ["|x| + y"]])
def test_terminal_plot_fits_80_columns(args: list[str]) -> None:
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    result = runner.invoke(app, ["plot", *args], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    assert max(len(line) for line in lines) <= 80


def test_one_variable_plot_shows_both_curves() -> None:
    result = runner.invoke(app, ["plot", "x^2", "--derivative"], env={"COLUMNS": "80"})
    assert "f′" in result.stdout


@pytest.mark.parametrize("expr", ["sin(x)/x", "x^2 + 10y^2"])
def test_png_output(expr: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "plot.png"
    result = runner.invoke(app, ["plot", expr, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x*y*z"], "one or two variables"),
        (["x^2", "--range", "5:1"], "smaller to a larger"),
        (["x^(2"], "missing ')'"),
        (["__import__('os')"], "unexpected character"),
        (["log(x)", "--range=-5:-1"], "not defined"),
        (["x^2", "--output", "f.txt"], "ending in .png"),
        (["x^2", "--output", "f.gif"], "optimizer runs"),
        (["x^2", "--riemann", "middle"], "unknown Riemann rule"),
        (["x^2", "--riemann", "left", "--n", "0"], "--n must be"),
        (["x^2 + y^2", "--riemann", "left"], "one variable"),
        (["x^2", "--at", "(1, 2)"], "1 coordinate"),
        (["x^2", "--at", "9"], "outside --range"),
        (["x^2", "--at", "t"], "point of numbers"),
        (["x^2", "--at", "1", "--riemann", "mid"], "not both"),
        (["x^2 + y^2", "--at", "(0, 0)"], "critical point"),
        (["ln(x)", "--at", "-1"], "not defined"),
        (["x^2 + y^2", "--derivative"], "one variable"),
        (["x^2", "--yrange", "0:1"], "two variables"),
    ],
)
def test_refusals_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["plot", *args])
    assert result.exit_code == 2
    assert message in result.stderr


PICTURE_ARGS = [
    ["x^3 - 3x", "--at", "2"],
    ["sin(x)", "--riemann", "trapezoid", "--n", "6", "--range", "0:3"],
    ["x^2 + 10y^2", "--at", "(1, 0.5)", "--range", "-2:2"],
]


@pytest.mark.parametrize("args", PICTURE_ARGS)
def test_pictures_in_the_terminal_fit_80_columns(args: list[str]) -> None:
    result = runner.invoke(app, ["plot", *args], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize("args", PICTURE_ARGS)
def test_pictures_as_png(args: list[str], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "picture.png"
    result = runner.invoke(app, ["plot", *args, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)


def test_riemann_sum_is_shown_beside_the_area() -> None:
    args = ["plot", "x^2", "--riemann", "left", "--n", "4", "--range", "0:1"]
    result = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert "left Riemann sum, n = 4: 0.21875" in result.stdout
    assert "signed area = 0.333333" in result.stdout
