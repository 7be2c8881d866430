"""A recursive-descent parser for typed math that builds SymPy objects from vetted tokens only."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import sympy

from calctutor.expr import build
from calctutor.expr.context import ParseContext
from calctutor.expr.errors import ParseError
from calctutor.expr.names import COMMANDS, CONSTANTS, FUNCTIONS, INVERSES, display_name
from calctutor.expr.runs import (
    Piece,
    classify,
    display_run,
    is_single_name,
    loose_split,
    split_run,
)
from calctutor.expr.tokens import Token

MAX_DEPTH = 60
OPENERS = {"(": ")", "[": "]", "{": "}"}
PRIME_MESSAGE = "a prime (') only follows the unknown function of an ODE, as in y'"


class Parser:
    """Reads one token list; all state is local to one call of ``parse``."""

    def __init__(self, text: str, tokens: list[Token], context: ParseContext) -> None:
        self.text = text
        self.tokens = tokens
        self.context = context
        self.index = 0
        self.depth = 0
        self.abs_depth = 0
        self.symbols = context.symbol_names()

    # -- token helpers -------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        """The token ``ahead`` places from the current one (the end token past the end)."""
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        """Consume and return the current token."""
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def at(self, *ops: str) -> bool:
        """True when the current token is one of these operators."""
        token = self.peek()
        return token.kind == "op" and token.text in ops

    def fail(self, message: str, token: Token | None = None) -> ParseError:
        """A ParseError pointing at a token (the current one by default)."""
        return ParseError(message, (token or self.peek()).pos, self.text)

    def guard(self, make: Callable[[], Any], token: Token) -> Any:
        """Run a builder, turning its ValueError into a ParseError at this token."""
        try:
            return make()
        except ParseError:
            raise
        except (ValueError, TypeError, ArithmeticError) as error:
            raise self.fail(str(error) or "that cannot be computed", token) from None

    def enter(self) -> None:
        """Count one level of nesting, refusing input nested too deeply."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("the answer is nested too deeply")

    # -- grammar ------------------------------------------------------------------
    def expression(self) -> Any:
        """sum := term (('+' | '-') term)*"""
        self.enter()
        value = self.term()
        while self.at("+", "-"):
            op = self.advance()
            right = self.term()
            value = value + right if op.text == "+" else value - right
        self.depth -= 1
        return value

    def term(self) -> Any:
        """term := unary (('*' | '/') unary | implicit factor)*"""
        value = self.unary()
        while True:
            token = self.peek()
            if self.at("*", "/"):
                self.advance()
                right = self.unary()
                value = self.combine(value, right, token)
            elif self.starts_factor():
                right = self.power()
                value = self.guard(partial(build.product, value, right), token)
            else:
                return value

    def combine(self, left: Any, right: Any, op: Token) -> Any:
        """left * right or left / right."""
        if op.text == "*":
            return self.guard(lambda: build.product(left, right), op)
        return self.guard(lambda: build.divide(left, right), op)

    def starts_factor(self) -> bool:
        """True when the current token can begin an implicitly multiplied factor."""
        token = self.peek()
        if token.kind in ("num", "name", "frac"):
            return True
        if token.kind != "op":
            return False
        if token.text == "|":
            return self.abs_depth == 0
        return token.text in ("(", "{")

    def unary(self) -> Any:
        """unary := ('-' | '+') unary | power"""
        if self.at("-", "+"):
            op = self.advance()
            self.enter()
            value = self.unary()
            self.depth -= 1
            return -value if op.text == "-" else value
        return self.power()

    def power(self) -> Any:
        """power := postfix ('^' unary | superscript)?  (right-associative)"""
        return self.raise_to(self.postfix())

    def raise_to(self, base: Any) -> Any:
        """base, raised to the exponent that follows it, if one does."""
        token = self.peek()
        if self.at("^"):
            self.advance()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return self.guard(lambda: build.power(base, exponent), token)
        if token.kind == "sup":
            self.advance()
            exponent = self.superscript(token)
            return self.guard(lambda: build.power(base, exponent), token)
        return base

    def superscript(self, token: Token) -> Any:
        """The integer a run of superscript characters stands for."""
        try:
            return sympy.Integer(int(token.text))
        except ValueError:
            raise self.fail("that superscript is not a whole number", token) from None

    def postfix(self) -> Any:
        """postfix := atom '!'*"""
        value = self.atom()
        while self.at("!"):
            token = self.advance()
            value = self.guard(partial(build.factorial, value), token)
        return value

    def atom(self) -> Any:
        """atom := number | name | function call | group | |x| | \\frac{a}{b}"""
        token = self.peek()
        if token.kind == "num":
            self.advance()
            return self.guard(lambda: build.number(token.text), token)
        if token.kind == "name":
            self.advance()
            return self.word(token)
        if token.kind == "frac":
            self.advance()
            numerator, denominator = self.atom(), self.atom()
            return self.guard(lambda: build.divide(numerator, denominator), token)
        if token.kind == "op" and token.text in OPENERS:
            return self.group()
        if token.kind == "op" and token.text == "|":
            return self.absolute()
        raise self.missing(token)

    def missing(self, token: Token) -> ParseError:
        """The error for a place where a value was expected but something else came."""
        if token.kind == "end":
            if self.index == 0:
                return ParseError("the answer is empty", None, self.text)
            last = self.tokens[self.index - 1]
            return self.fail(
                f"the answer ends too early: something is missing after '{last.text}'", last
            )
        if token.kind == "sup":
            return self.fail("a superscript needs something before it", token)
        if token.text in (")", "]", "}"):
            return self.fail(f"unexpected '{token.text}': something is missing before it", token)
        if token.text == "'":
            return self.fail(PRIME_MESSAGE, token)
        return self.fail(f"'{token.text}' cannot come here: something is missing before it", token)

    def group(self) -> Any:
        """A bracketed expression: ( … ), [ … ] or { … }."""
        opener = self.advance()
        self.enter()
        saved_abs, self.abs_depth = self.abs_depth, 0
        value = self.expression()
        self.abs_depth = saved_abs
        self.close(opener)
        self.depth -= 1
        return value

    def close(self, opener: Token) -> None:
        """Consume the bracket that closes ``opener`` or explain what is wrong."""
        closer = OPENERS.get(opener.text, ">")
        token = self.peek()
        if token.kind == "op" and token.text == closer:
            self.advance()
            return
        if token.kind == "end":
            raise self.fail(
                f"missing '{closer}': the '{opener.text}' opened here is never closed", opener
            )
        if token.kind == "op" and token.text == ",":
            raise self.fail("a list is not expected here: give a single expression", token)
        if token.kind == "op" and token.text in (")", "]", "}", ">"):
            raise self.fail(f"'{opener.text}' is closed by '{token.text}'", token)
        raise self.fail(f"expected '{closer}' here", token)

    def absolute(self) -> Any:
        """|x| — the absolute value."""
        opener = self.advance()
        self.enter()
        self.abs_depth += 1
        value = self.expression()
        self.abs_depth -= 1
        if not self.at("|"):
            raise self.fail("missing '|': the absolute value opened here is never closed", opener)
        self.advance()
        self.depth -= 1
        return sympy.Abs(value)

    # -- names ---------------------------------------------------------------------
    def word(self, token: Token) -> Any:
        """A run of letters: a symbol, constant, function, or several of them multiplied."""
        text = token.text
        if text in self.context.functions:
            return self.unknown_function(token)
        kind = classify(text, self.symbols)
        if kind is not None:
            return self.piece(Piece(kind, text, 0), token)
        self.refuse_command(token)
        pieces = split_run(text, self.symbols)
        if pieces is None:
            raise self.unknown_name(token)
        if len(pieces) > 1 and pieces[-1].kind != "function" and self.exponent_follows():
            # xe^x is x·e^x: an exponent binds to the last letter only, as on paper
            last = self.raise_to(self.piece(pieces[-1], token))
            return self.pieces(pieces[:-1], token) * last
        return self.pieces(pieces, token)

    def exponent_follows(self) -> bool:
        """True when the next token is ^ or a superscript."""
        return self.at("^") or self.peek().kind == "sup"

    def pieces(self, pieces: list[Piece], token: Token) -> Any:
        """Multiply the pieces of a split word; a function takes the pieces after it."""
        value: Any = sympy.Integer(1)
        for i, piece in enumerate(pieces):
            if piece.kind == "function" and i < len(pieces) - 1:
                argument = self.pieces(self.until_function(pieces[i + 1 :]), token)
                value = value * self.call(piece.name, [argument], token)
                rest = pieces[i + 1 + len(self.until_function(pieces[i + 1 :])) :]
                return value * self.pieces(rest, token) if rest else value
            value = value * self.piece(piece, token)
        return value

    @staticmethod
    def until_function(pieces: list[Piece]) -> list[Piece]:
        """The leading pieces before the next function name."""
        out: list[Piece] = []
        for piece in pieces:
            if piece.kind == "function":
                break
            out.append(piece)
        return out or pieces[:1]

    def piece(self, piece: Piece, token: Token) -> Any:
        """The SymPy value of one known piece."""
        if piece.kind == "number":
            return sympy.Integer(int(piece.name))
        if piece.kind == "symbol":
            return sympy.Symbol(piece.name)
        if piece.kind == "constant":
            return build.constant(CONSTANTS[piece.name])
        return self.function(piece.name, token)

    def refuse_command(self, token: Token) -> None:
        """Refuse CAS commands and code by name."""
        if token.text in COMMANDS and len(token.text) > 1:
            raise self.fail(
                f"the answer must be an expression, not a command ('{token.text}' is not allowed)",
                token,
            )

    def unknown_name(self, token: Token) -> ParseError:
        """Say which name is unknown: a lone name, a function, or a run that reads as a product."""
        text, where = token.text, token.pos
        if self.at("(") and is_single_name(text) and not text[-1].isdigit():
            return ParseError(f"{display_name(text)} is not a known function", where, self.text)
        known = f"({self.context.describe()})"
        loose = loose_split(text) or []
        if len(loose) > 1:
            product = "·".join(_shown(p) for p in loose)
            message = f"{display_run(text)} is not a variable: did you mean {product}? {known}"
        elif is_single_name(text):
            message = f"{display_name(text)} is not a variable in this problem {known}"
            message += _index_hint(text, self.symbols) if token.exact else ""
        else:
            message = f"{text} is not a known name {known}"
        return ParseError(message, where, self.text)

    # -- functions -----------------------------------------------------------------
    def function(self, name: str, token: Token) -> Any:
        """A function name: read an optional power (sin^2, sin^-1) and then its argument."""
        if name == "sqrt" and self.at("["):
            index = self.bracketed_index()
            radicand = self.atom()
            return self.guard(lambda: build.power(radicand, 1 / index), token)
        exponent = self.function_power()
        sympy_name = FUNCTIONS[name]
        if exponent is not None and exponent == -1 and sympy_name in INVERSES:
            return self.call(INVERSES[sympy_name], self.arguments(token), token)
        value = self.call(sympy_name, self.arguments(token), token)
        if exponent is None:
            return value
        return self.guard(lambda: build.power(value, exponent), token)

    def function_power(self) -> Any:
        """The exponent written between a function's name and its argument, if any."""
        token = self.peek()
        if token.kind == "sup":
            self.advance()
            return self.superscript(token)
        if self.at("^") and self.peek(1).kind != "end":
            self.advance()
            return self.unary()
        return None

    def call(self, name: str, args: list[Any], token: Token) -> Any:
        """Apply a function by its SymPy name."""
        sympy_name = FUNCTIONS.get(name, name)
        return self.guard(lambda: build.apply(sympy_name, args, token.pos, self.text), token)

    def arguments(self, token: Token) -> list[Any]:
        """A function's arguments: (a, b) in brackets, or one factor without them (sin x)."""
        if self.at("(", "{"):
            # \log{\left(x\right)}^{3} (SymPy's LaTeX): the power applies to the function
            return self.bracketed_arguments()
        if self.at("-"):
            return [self.unary()]
        if self.starts_factor():
            return [self.loose_argument(token)]
        raise self.fail(f"{token.text} needs an argument, for example {token.text}(x)")

    def bracketed_index(self) -> Any:
        """The n of LaTeX's \\sqrt[n]{x}."""
        opener = self.advance()
        value = self.expression()
        self.close(opener)
        return value

    def bracketed_arguments(self) -> list[Any]:
        """(a) or (a, b)."""
        opener = self.advance()
        self.enter()
        args = [self.expression()]
        while self.at(","):
            self.advance()
            args.append(self.expression())
        self.close(opener)
        self.depth -= 1
        return args

    def loose_argument(self, token: Token) -> Any:
        """The argument of a function written without brackets: sin 2x, ln x, √x."""
        if self.text[token.pos] == "√":
            return self.power()
        value = self.power()
        while self.starts_factor() and not self.next_is_function():
            value = value * self.power()
        return value

    def next_is_function(self) -> bool:
        """True when the next token is a word that begins with a function name."""
        token = self.peek()
        if token.kind != "name" or token.text in self.symbols:
            return token.kind == "op" and token.text == "|"
        pieces = split_run(token.text, self.symbols)
        return pieces is not None and bool(pieces) and pieces[0].kind == "function"

    def unknown_function(self, token: Token) -> Any:
        """y, y', y'' and y(0), y'(0) for the unknown function of an ODE."""
        primes = 0
        while self.at("'"):
            self.advance()
            primes += 1
        variable = sympy.Symbol(self.context.variables[0]) if self.context.variables else None
        if variable is None:
            raise self.fail(f"{token.text} needs a variable", token)
        function = sympy.Function(token.text)
        point = self.bracketed_arguments()[0] if self.at("(") else variable
        value: Any = function(variable)
        if primes:
            value = sympy.Derivative(value, (variable, primes))
        if point != variable:
            at_point = sympy.Subs(value, variable, point)
            value = at_point if primes else value.subs(variable, point)
        return value


def _shown(piece: Piece) -> str:
    """A piece of a run as a message shows it: x, θ₀, sin."""
    return display_name(piece.name) if piece.kind == "symbol" else piece.name


def _index_hint(name: str, symbols: frozenset[str]) -> str:
    """For x2 when x is a variable: a digit after a letter is an index, 2·x is written 2x."""
    letters = name.rstrip("0123456789")
    digits = name[len(letters) :]
    if digits and letters in symbols:
        shown, typed = display_name(name), f"{digits}{letters}"
        return f": a digit after a letter is an index ({shown}); {digits}·{letters} is {typed}"
    return ""
