"""Showing a picture: in the terminal, or written as a PNG image or a GIF animation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calctutor.cli.common import console, error_console, fail

IMAGE_SUFFIXES = (".png", ".gif")


def check_output(output: Path | None, animated: bool) -> None:
    """Refuse an output file that is neither a PNG nor (for animations) a GIF, before any work."""
    if output is None:
        return
    suffix = output.suffix.lower()
    if suffix == ".gif" and not animated:
        fail("a GIF animation is drawn for optimizer runs: use a file name ending in .png")
    if suffix not in IMAGE_SUFFIXES:
        wanted = "ending in .png or .gif" if animated else "ending in .png"
        fail(f"--output writes an image: give a file name {wanted}, not '{output.name}'")


def show_picture(picture: Any, output: Path | None) -> None:
    """The picture in the terminal, or in the image file named by ``output``."""
    if output is None:
        from calctutor.render.pictures import picture_view

        console().print(picture_view(picture, min(console().width, 100)))
        return
    try:
        if output.suffix.lower() == ".gif":
            from calctutor.render.figures import write_gif

            frames = write_gif(picture, output)
            error_console().print(f"wrote {output} ({frames} frames)", markup=False)
            return
        from calctutor.render.figures import write_png

        write_png(picture, output)
    except ImportError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {output}: {error}")
    error_console().print(f"wrote {output}", markup=False, highlight=False)


def read_point(text: str, what: str = "--at") -> tuple[float, ...]:
    """A point such as '1' or '(1, 2)', read by the safe parser; numbers only."""
    from calctutor.expr import ParseContext, ParseError, parse_answer

    try:
        value = parse_answer(text, ParseContext(variables=(), expect="vector"))
        return tuple(float(v) for v in value)
    except ParseError as error:
        if "is not a variable" in error.message:
            fail(f"{what} must be a point of numbers such as '(1, 2)', not '{text}'")
        fail(f"{what}: {error.display()}")
    except (TypeError, ValueError):
        fail(f"{what} must be a point of numbers such as '(1, 2)', not '{text}'")


@dataclass(frozen=True)
class PictureRequest:
    """``--plot`` and its options, on a command whose main output is something else."""

    plot: bool
    at: str | None
    riemann: str | None
    n: int
    output: Path | None

    def refuse_misuse(self, other_format: bool, many: bool) -> None:
        """Options that would be ignored, refused by name before any work."""
        if not self.plot:
            for name, value in (("--at", self.at), ("--riemann", self.riemann),
                                ("--output", self.output)):  # fmt: skip
                if value is not None:
                    fail(f"{name} goes with --plot")
            return
        if many:
            fail("--plot draws one problem: not with --input")
        if other_format and self.output is None:
            fail("--plot with --json, --markdown or --latex needs --output FILE.png")
        check_output(self.output, animated=False)

    def draw(self, problem: Any, result: Any, timeout: float) -> None:
        """Compute the picture under the time limit, then show it or write it."""
        from calctutor.limits import TimedOut, run_limited
        from calctutor.optimization.problem_pictures import Options

        point = None if self.at is None else read_point(self.at)
        options = Options(at=point, riemann=self.riemann, n=self.n)
        picture = run_limited(picture_in_worker, problem, options, result, timeout=timeout)
        if isinstance(picture, TimedOut):
            fail(f"no picture within {timeout:g} s")
        if isinstance(picture, str):
            fail(picture)
        show_picture(picture, self.output)


def picture_in_worker(problem: Any, options: Any, result: Any) -> Any:
    """The worker's task: the picture, or the reason there is none (a picklable value)."""
    from calctutor.expr import ParseError
    from calctutor.optimization.pictures import PictureError
    from calctutor.optimization.problem_pictures import picture_for

    try:
        return picture_for(problem, options, result)
    except (PictureError, ParseError) as error:
        return str(error)
