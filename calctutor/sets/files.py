"""Problem-set files: finding them, loading YAML with line numbers, and reporting every error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from calctutor.paths import bundled_sets_dir, user_sets_dir
from calctutor.sets.fields import ALL_KEYS
from calctutor.sets.loader import ProblemError, build_problem, structure_errors
from calctutor.sets.model import Problem, ProblemSet
from calctutor.sets.spelling import suggest

FORMAT_VERSION = 1
# libyaml's safe loader where it is installed (the same safety, several times faster)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SET_KEYS = ("format_version", "title", "topic", "description", "problems")


@dataclass(frozen=True)
class SetError:
    """One error in a problem-set file, with its line and problem id where known."""

    path: str
    line: int | None
    problem_id: str | None
    message: str

    def __str__(self) -> str:
        """``file:line: [id] message``"""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" [{self.problem_id}]" if self.problem_id else ""
        return f"{where}:{who} {self.message}"


@dataclass(frozen=True)
class Loaded:
    """The result of loading one file: the set (when it is usable) and every error found."""

    path: Path
    problem_set: ProblemSet | None
    errors: tuple[SetError, ...]


def discover(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """Every set file: bundled first, then the user's own, sorted by name within each."""
    found: list[Path] = []
    for folder in (bundled_sets_dir(), user_sets_dir(), *extra_dirs):
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return found


def load_file(path: Path, *, check_math: bool = True) -> Loaded:
    """Load and validate one set file, collecting every error rather than stopping at the first."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _failed(path, None, f"cannot read the file: {error}")
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        return _failed(path, line, f"YAML syntax error: {getattr(error, 'problem', error)}")
    return _load_data(path, root, data, check_math)


def _failed(path: Path, line: int | None, message: str) -> Loaded:
    """A load that produced no set."""
    return Loaded(path, None, (SetError(str(path), line, None, message),))


def _load_data(path: Path, root: Any, data: Any, check_math: bool) -> Loaded:
    """Validate the parsed document: header, then each problem."""
    if not isinstance(data, Mapping):
        return _failed(path, 1, "a problem set must be a mapping with a 'problems' list")
    errors = _header_errors(path, root, data)
    if errors and any("format_version" in e.message for e in errors):
        return Loaded(path, None, tuple(errors))
    problems, problem_errors = _load_problems(path, root, data.get("problems"), check_math)
    errors += problem_errors
    problem_set = ProblemSet(
        name=path.stem,
        title=str(data.get("title", path.stem)),
        topic=str(data.get("topic", "general")),
        path=str(path),
        problems=tuple(problems),
    )
    return Loaded(path, problem_set, tuple(errors))


def _header_errors(path: Path, root: Any, data: Mapping[str, Any]) -> list[SetError]:
    """Errors in the set's own keys and its format_version."""
    errors = []
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        errors.append(
            SetError(
                str(path),
                _key_line(root, "format_version"),
                None,
                f"format_version {version!r} is not one this version reads (it reads 1)",
            )
        )
    for key in data:
        if key not in SET_KEYS:
            message = f"unknown key '{key}'{suggest(str(key), SET_KEYS)}"
            errors.append(SetError(str(path), _key_line(root, key), None, message))
    return errors


def _key_line(node: Any, key: str) -> int | None:
    """The line of a key in a mapping node."""
    for key_node, _ in getattr(node, "value", []) or []:
        if getattr(key_node, "value", None) == key:
            return int(key_node.start_mark.line) + 1
    return None


def _value_node(node: Any, key: str) -> Any:
    """The value node of a key in a mapping node."""
    for key_node, value_node in getattr(node, "value", []) or []:
        if getattr(key_node, "value", None) == key:
            return value_node
    return None


def _load_problems(
    path: Path, root: Any, items: Any, check_math: bool
) -> tuple[list[Problem], list[SetError]]:
    """Every valid problem, and the errors of the invalid ones (duplicate ids included)."""
    if not isinstance(items, list) or not items:
        return [], [SetError(str(path), _key_line(root, "problems"), None, "no problems")]
    nodes = getattr(_value_node(root, "problems"), "value", [])
    problems: list[Problem] = []
    errors: list[SetError] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        node = nodes[index] if index < len(nodes) else None
        line = None if node is None else int(node.start_mark.line) + 1
        problem, found = _one_problem(path, node, item, (index, line), check_math)
        errors += found
        if problem is None:
            continue
        if problem.id in seen:
            message = f"duplicate id '{problem.id}' (first used on line {seen[problem.id]})"
            errors.append(SetError(str(path), line, problem.id, message))
            continue
        seen[problem.id] = line or 0
        problems.append(problem)
    return problems, errors


def _one_problem(
    path: Path, node: Any, item: Any, place: tuple[int, int | None], check_math: bool
) -> tuple[Problem | None, list[SetError]]:
    """One problem from its mapping, or the errors that stop it being one.

    Without ``check_math`` only the structure is checked: reading every expression of several
    hundred problems takes seconds, and a drill reads a problem's math when it picks it.
    """
    index, line = place
    problem_id = str(item.get("id")) if isinstance(item, Mapping) and "id" in item else None
    label = problem_id or f"problem {index + 1}"
    messages = structure_errors(item)
    if isinstance(item, Mapping) and "id" not in item:
        messages.insert(0, "missing key 'id'")
    if isinstance(item, Mapping) and item.get("kind") == "expression" and not item.get("prompt"):
        messages.append("missing key 'prompt': an expression problem must say what to find")
    if messages:
        return None, [_error_at(path, node, line, label, m) for m in messages]
    problem = build_problem(item, label)
    if not check_math:
        return problem, []
    if problem.params or problem.where:
        return _template_result(path, node, line, label, problem)
    from calctutor.sets.reading import expression_errors

    messages = expression_errors(problem)
    if messages:
        return None, [_error_at(path, node, line, label, m) for m in messages]
    return problem, []


# --- templates (problems with params): checked by calctutor.sets.templates ---------------------


def _template_result(
    path: Path, node: Any, line: int | None, label: str, problem: Problem
) -> tuple[Problem | None, list[SetError]]:
    """A template problem, or its errors each on the line of the parameter or condition."""
    from calctutor.sets.templates import template_errors

    errors = template_errors(problem)
    if not errors:
        return problem, []
    found = []
    for error in errors:
        field_node = _value_node(node, error.field)
        where = _key_line(node, error.field) or line
        if isinstance(error.item, str):
            where = _key_line(field_node, error.item) or where
        elif isinstance(error.item, int) and error.item < len(getattr(field_node, "value", [])):
            where = int(field_node.value[error.item].start_mark.line) + 1
        found.append(SetError(str(path), where, label, str(error)))
    return None, found


def _error_at(path: Path, node: Any, line: int | None, label: str, message: str) -> SetError:
    """An error placed on the line of the key it is about (the problem's line when missing)."""
    key = _key_of(message)
    where = None if key is None else _key_line(node, key)
    return SetError(str(path), where or line, label, message)


def _key_of(message: str) -> str | None:
    """The key an error message is about: ``expr: …``, ``unknown kind …``, ``unknown key 'k'``."""
    if message.startswith("missing key"):
        return None
    words = message.replace(":", " ").split()
    if words and words[0] in ALL_KEYS:
        return words[0]
    if len(words) > 1 and words[0] == "unknown" and words[1] in ALL_KEYS:
        return words[1]
    quoted = message.split("'")
    return quoted[1] if len(quoted) > 2 else None


def load_all(paths: Iterable[Path]) -> list[Loaded]:
    """Load many files."""
    return [load_file(p) for p in paths]


def find_set(name: str, loaded: Iterable[Loaded]) -> ProblemSet | None:
    """The set with this name among loaded files."""
    for item in loaded:
        if item.problem_set is not None and item.problem_set.name == name:
            return item.problem_set
    return None


__all__ = ["Loaded", "ProblemError", "SetError", "discover", "find_set", "load_all", "load_file"]
