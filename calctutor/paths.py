"""Where calctutor keeps user data: ``$CALCTUTOR_HOME`` or the platform's user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def home(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for progress and user sets (``CALCTUTOR_HOME`` overrides the default)."""
    env = os.environ if environ is None else environ
    override = env.get("CALCTUTOR_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("calctutor", appauthor=False))


def user_sets_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder where a user keeps their own problem sets."""
    return home(environ) / "sets"


def bundled_sets_dir() -> Path:
    """The bundled problem sets: inside an installed package, or ``problems/`` beside a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "problems"
    return installed if installed.is_dir() else package.parent / "problems"
