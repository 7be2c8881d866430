"""Block formulas for the terminal: SymPy's two-dimensional pretty form with textbook names."""

from __future__ import annotations

from typing import Any

from sympy.printing.pretty.pretty import PrettyPrinter

from calctutor.notation.forms import FUNCTION_NAMES, with_log_bases
from calctutor.notation.order import ordered_terms


class TextbookPrettyPrinter(PrettyPrinter):  # type: ignore[misc]
    """SymPy's pretty printer writing ln, arctan, σ, ReLU, with the textbook's term order."""

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        return ordered_terms(list(super()._as_ordered_terms(expr, order=order)))

    def _print_Function(self, e: Any, sort: bool = False, func_name: str | None = None,
                        left: str = "(", right: str = ")") -> Any:  # fmt: skip
        name = func_name or FUNCTION_NAMES.get(type(e).__name__)
        return super()._print_Function(e, sort=sort, func_name=name, left=left, right=right)

    def _print_log_base(self, e: Any) -> Any:
        import sympy

        from calctutor.notation.symbols import subscript

        arg, base = e.args
        name = "log" + (subscript(str(base)) or f"_{base}")
        return super()._print_Function(sympy.Function("log_base")(arg), func_name=name)


def pretty(expr: Any, width: int | None = None) -> str:
    """A SymPy object pretty-printed in unicode, lines at most ``width`` wide when given."""
    settings: dict[str, Any] = {"use_unicode": True}
    if width is None:
        settings["wrap_line"] = False
    else:
        settings["num_columns"] = width
    return str(TextbookPrettyPrinter(settings).doprint(with_log_bases(expr)))
