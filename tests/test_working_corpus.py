"""The tuning corpus of worked derivations: right ones accepted, first wrong lines found.

The held-out part is only scored by ``benchmarks/bench_working.py`` (it is not tuned against).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calctutor.working.corpus import Derivation, load, run

CORPUS = Path(__file__).parent / "fixtures" / "working"
TUNING = [d for path in sorted((CORPUS / "tuning").glob("*.yaml")) for d in load(path)]


def test_the_corpus_is_large_and_varied() -> None:
    everything = [d for path in sorted(CORPUS.glob("*/*.yaml")) for d in load(path)]
    assert len(everything) >= 100
    kinds = {d.problem.kind for d in everything}
    assert kinds == {"derivative", "integral", "definite_integral", "ode", "expression"}
    assert sum(d.first_wrong is None for d in everything) >= 40
    assert sum(d.first_wrong is not None for d in everything) >= 40
    for d in everything:
        assert d.first_wrong is None or 1 <= d.first_wrong <= len(d.lines), d.id


@pytest.mark.parametrize("derivation", TUNING, ids=[d.id for d in TUNING])
def test_each_tuning_derivation(derivation: Derivation) -> None:
    outcome = run(derivation)
    lines = [(line.n, line.status, line.message) for line in outcome.verdict.lines]
    assert outcome.passed, (outcome.verdict.verdict, outcome.verdict.first_error, lines)
