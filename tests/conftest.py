"""Shared fixtures: no test ever touches a real home directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI draws the same examples every run, so a red build can always be reproduced
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.fixture(autouse=True)
def calctutor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CALCTUTOR_HOME at a fresh temporary folder for every test."""
    home = tmp_path / "calctutor-home"
    home.mkdir()
    monkeypatch.setenv("CALCTUTOR_HOME", str(home))
    return home


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test where it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is only beside the developers' checkout")
    return path
