"""Exit statuses of every calctutor command."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a command's exit code means."""

    OK = 0
    INCORRECT = 1  # a wrong answer, or a problem set with errors
    BAD_INPUT = 2  # unreadable input or a usage error
    UNKNOWN = 3  # the answer could not be decided in time
    INTERNAL_ERROR = 4  # a bug in calctutor: reported in one line, never as a traceback
