"""The catalogue of problem sets a user can reach: bundled, their own, and files they name."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from calctutor.sets.files import SAFE_LOADER, discover, load_file
from calctutor.sets.model import Problem, ProblemSet


class SetNotFound(LookupError):
    """A set name or path that does not lead to a usable set."""


def summaries() -> list[dict[str, Any]]:
    """name, title, topic, problem count and path of every set, without parsing any math.

    Only the YAML node tree is built (in C with libyaml), never the Python objects: fast.
    """
    return [_summary(path) for path in discover()]


def _summary(path: Path) -> dict[str, Any]:
    """One set's row of ``sets list``."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None
    fields = {}
    if isinstance(root, yaml.MappingNode):
        fields = {key.value: value for key, value in root.value if isinstance(key.value, str)}
    problems = fields.get("problems")
    return {
        "name": path.stem,
        "title": _scalar(fields.get("title"), path.stem),
        "topic": _scalar(fields.get("topic"), "general"),
        "problems": len(problems.value) if isinstance(problems, yaml.SequenceNode) else 0,
        "path": str(path),
    }


def _scalar(node: Any, default: str) -> str:
    """A scalar node's text, or the default."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else default


def open_set(name: str) -> ProblemSet:
    """A set by name (bundled or user) or by path, or SetNotFound saying why."""
    path = Path(name)
    if not (path.suffix in (".yaml", ".yml") and path.is_file()):
        matches = [p for p in discover() if p.stem == name]
        if not matches:
            known = ", ".join(sorted(p.stem for p in discover()))
            raise SetNotFound(f"no problem set named '{name}' (sets: {known})")
        path = matches[0]
    loaded = load_file(path)
    if loaded.problem_set is None or not loaded.problem_set.problems:
        reason = "; ".join(str(e) for e in loaded.errors) or "it has no problems"
        raise SetNotFound(f"the set '{name}' cannot be used: {reason}")
    return loaded.problem_set


def open_problem(reference: str, seed: int = 0) -> tuple[ProblemSet, Problem]:
    """The problem named ``SET/ID`` (SET may be a path), or SetNotFound.

    A template gives its variant for ``seed`` (the same seed, the same variant).
    """
    set_name, _, problem_id = reference.rpartition("/")
    if not set_name or not problem_id:
        example = "for example chain-rule/chain-1"
        raise SetNotFound(f"'{reference}' is not of the form SET/ID ({example})")
    problem_set = open_set(set_name)
    problem = problem_set.find(problem_id)
    if problem is None:
        broken = [
            str(e) for e in load_file(Path(problem_set.path)).errors if e.problem_id == problem_id
        ]
        if broken:
            raise SetNotFound(f"the problem '{problem_id}' has errors: " + "; ".join(broken))
        ids = ", ".join(p.id for p in problem_set.problems)
        raise SetNotFound(f"no problem '{problem_id}' in {problem_set.name} (ids: {ids})")
    return problem_set, _concrete(problem_set, problem, seed)


def _concrete(problem_set: ProblemSet, problem: Problem, seed: int) -> Problem:
    """The problem itself, or a template's variant for this seed."""
    from calctutor.sets.templates import (
        TemplateInvalid,
        draw_variant,
        is_template,
        problem_rng,
        read_template,
    )

    if not is_template(problem):
        return problem
    try:
        rng = problem_rng(seed, problem_set.name, problem.id)
        variant = draw_variant(read_template(problem), rng)
    except TemplateInvalid as error:
        raise SetNotFound(f"the template {problem.id} is invalid: {error}") from None
    if variant is None:
        raise SetNotFound(f"the template {problem.id} gave no well-formed variant")
    return variant.problem


def problem_as_json(problem: Problem) -> dict[str, Any]:
    """A problem's fields, without the empty ones, in the problem-set names."""
    defaults = asdict(Problem(id="", kind=""))
    data = {k: v for k, v in asdict(problem).items() if k in ("id", "kind") or v != defaults[k]}
    for key in ("ics", "params"):
        if key in data:
            data[key] = dict(data[key])
    return data


def set_as_json(problem_set: ProblemSet) -> dict[str, Any]:
    """A set as JSON: its header and problems."""
    return {
        "name": problem_set.name,
        "title": problem_set.title,
        "topic": problem_set.topic,
        "path": problem_set.path,
        "problems": [problem_as_json(p) for p in problem_set.problems],
    }
