"""What every command shares: the consoles, JSON output, and error exits."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from calctutor.cli.exits import ExitStatus

if TYPE_CHECKING:
    from rich.console import Console


def console() -> Console:
    """The console for results (stdout); colours off when NO_COLOR is set."""
    from rich.console import Console

    return Console(no_color="NO_COLOR" in os.environ, highlight=False)


def error_console() -> Console:
    """The console for messages (stderr)."""
    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)


def print_json(data: Any) -> None:
    """Write JSON to stdout, one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> NoReturn:
    """Print a message on stderr and exit with the status."""
    error_console().print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(int(status))


def refuse_unknown_options(*arguments: str | None) -> None:
    """Fail on an argument that is a mistyped option (``--kid``), not math such as ``-x``."""
    for argument in arguments:
        if argument is not None and argument.startswith("--"):
            fail(f"no such option: {argument.split('=')[0]}")
