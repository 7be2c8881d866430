"""The calctutor command line: thin Typer commands over the library (heavy imports stay lazy)."""

from __future__ import annotations

from typing import Annotated

import typer

from calctutor import __version__
from calctutor.cli import sets

app = typer.Typer(
    name="calctutor",
    help="A terminal calculus tutor: check answers, see worked steps, drill, and build quizzes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(sets.app, name="sets")


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
    """Entry point of the ``calctutor`` console script."""
    app()
