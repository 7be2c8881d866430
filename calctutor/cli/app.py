"""The calctutor command line: thin Typer commands over the library (heavy imports stay lazy)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from calctutor import __version__
from calctutor.cli import check, drill, grade, optimize, plot, quiz, sets, solve, stats
from calctutor.cli.exits import ExitStatus

app = typer.Typer(
    name="calctutor",
    help="A terminal calculus tutor: check answers, see worked steps, drill, and build quizzes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(sets.app, name="sets")
# answers and expressions may start with '-' ("-2x cos(x^2)"): let them through as arguments
MATH_ARGUMENTS = {"ignore_unknown_options": True}
app.command("check", context_settings=MATH_ARGUMENTS)(check.check)
app.command("solve", context_settings=MATH_ARGUMENTS)(solve.solve)
app.command("grade")(grade.grade)
app.command("quiz")(quiz.quiz)
app.command("plot", context_settings=MATH_ARGUMENTS)(plot.plot)
app.command("optimize", context_settings=MATH_ARGUMENTS)(optimize.optimize)
app.command("drill")(drill.drill)
app.command("stats")(stats.stats)
app.command("reset")(stats.reset)


def _show_version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        typer.echo(f"calctutor {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A terminal calculus tutor for the mathematics behind optimization and machine learning."""


def main() -> None:
    """Entry point of the ``calctutor`` console script: a bug is reported, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # the reader (e.g. `| head`) has gone: nothing more to say, and nowhere to say it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as error:  # the last line of defence: say what broke, briefly
        sys.stderr.write(f"calctutor: internal error: {type(error).__name__}: {error}\n")
        sys.stderr.write("Please report it with the command you ran.\n")
        sys.exit(int(ExitStatus.INTERNAL_ERROR))
