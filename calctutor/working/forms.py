"""Finding the working's own forms in a line of text, before the answer-box parser reads it.

A line of working may hold forms the answer box does not know: ``d/dx (…)``, ``(…)'``,
``dy/dx``, ``∫ … dx``, ``∫_a^b … dx``, ``[F]_a^b``, ``lim_{x→a} …`` and bare differentials
(``2x dx``). The scanner cuts each one out, leaves a placeholder name in its place, and keeps the
operands as segments of the original text (with their positions, for caret messages). Nothing is
evaluated here: this module only slices text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

PLACEHOLDER = "Wq"
VARIABLE = r"(?:\\theta|\\phi|\\alpha|\\beta|\\lambda|\\mu|[A-Za-zα-ωθ])"
LEIBNIZ = re.compile(rf"d\s*({VARIABLE})\s*/\s*d\s*({VARIABLE})(?![A-Za-z0-9_])")
FRAC_LEIBNIZ = re.compile(
    rf"\\[dt]?frac\s*\{{\s*d\s*({VARIABLE})?\s*\}}\s*\{{\s*d\s*({VARIABLE})\s*\}}"
)
DERIVATIVE = re.compile(rf"[d∂]\s*/\s*[d∂]\s*({VARIABLE})(?![A-Za-z0-9_])")
DIFFERENTIAL = re.compile(rf"d({VARIABLE})(?![A-Za-z0-9_])")
INTEGRAL = re.compile(r"∫|\\int(?![A-Za-z])|int(?=[\s_({])")
LIMIT = re.compile(r"\\lim(?![A-Za-z])|lim(?![A-Za-z])")
ARROW = re.compile(r"\s*(?:→|->|\\to(?![A-Za-z])|\\rightarrow)\s*")
GREEK_NAMES = {
    "\\theta": "theta", "θ": "theta", "\\phi": "phi", "φ": "phi", "\\alpha": "alpha",
    "α": "alpha", "\\beta": "beta", "β": "beta", "\\lambda": "lambda", "λ": "lambda",
    "\\mu": "mu", "μ": "mu", "τ": "tau", "ω": "omega", "ρ": "rho", "σ": "sigma",
}  # fmt: skip
OPEN, CLOSE = "([{", ")]}"
STOPS = "+-−=,"


class ScanError(ValueError):
    """A form that is started but cannot be read, with the position of the trouble."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True)
class Segment:
    """A piece of the line: its text and the position of its first character in the line."""

    text: str
    offset: int

    def cut(self, start: int, end: int) -> Segment:
        """The part text[start:end], with its position kept."""
        return Segment(self.text[start:end], self.offset + start)

    def stripped(self) -> Segment:
        """Without spaces at either end."""
        lead = len(self.text) - len(self.text.lstrip())
        return Segment(self.text.strip(), self.offset + lead)


@dataclass(frozen=True)
class Slot:
    """One form cut out of the text: what it is, its operands, and its placeholder."""

    name: str
    kind: str  # derivative, integral, bracket, limit, differential, leibniz
    var: str
    position: int
    body: Segment | None = None
    lower: Segment | None = None
    upper: Segment | None = None
    function: str = ""
    direction: str = "+-"
    order: int = 1


@dataclass
class Scan:
    """The text with every form replaced by a placeholder, and the forms."""

    residual: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)

    def put(self, text: str, position: int) -> None:
        """Append text that stands at ``position`` of the line."""
        self.residual.extend(text)
        self.origin.extend([position] * len(text))

    def place(self, slot: Slot) -> None:
        """Append a placeholder for a form."""
        self.slots.append(slot)
        self.put(f" ({slot.name}) ", slot.position)

    @property
    def text(self) -> str:
        """The residual text the answer-box parser reads."""
        return "".join(self.residual)


def variable_name(text: str) -> str:
    """A differential's variable as the parser names it (θ and \\theta are theta)."""
    return GREEK_NAMES.get(text, text)


def matching(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start`` (ScanError when it is missing)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in OPEN:
            depth += 1
        elif text[i] in CLOSE:
            depth -= 1
            if depth == 0:
                return i
    raise ScanError(f"missing closing bracket for '{text[start]}'", start)


def boundary(text: str, i: int) -> bool:
    """True when position i does not continue a word (so 'd' there can start a form)."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_\\")


class Scanner:
    """Scans one segment; placeholders are numbered from ``counter`` (shared by nested scans)."""

    def __init__(
        self,
        segment: Segment,
        differentials: frozenset[str],
        base: str,
        last_limit: str = "",
        defined: frozenset[str] = frozenset(),
    ) -> None:
        self.segment = segment
        self.text = segment.text
        self.differentials = differentials
        self.base = base
        self.last_limit = last_limit
        self.defined = defined
        self.primes = frozenset(n for n in differentials if len(n) == 1 and n != base)
        self.out = Scan()

    def new_name(self) -> str:
        """A fresh placeholder name, unique within this line."""
        return f"{PLACEHOLDER}{self.segment.offset}x{len(self.out.slots)}"

    def at(self, i: int) -> int:
        """The line position of text index i."""
        return self.segment.offset + i

    def run(self) -> Scan:
        """Scan the whole segment."""
        i = 0
        while i < len(self.text):
            i = self.step(i)
        return self.out

    def step(self, i: int) -> int:
        """Read a form starting at i, or copy one character; return the next index."""
        text = self.text
        readers = (self.leibniz, self.derivative, self.integral, self.limit, self.call, self.primed)
        for reader in readers:
            end = reader(i)
            if end is not None:
                return end
        if text[i] == "[" or text.startswith("\\left[", i):
            end = self.bracket(i)
            if end is not None:
                return end
        if text[i] == "(":
            end = self.prime(i)
            if end is not None:
                return end
        end = self.differential(i)
        if end is not None:
            return end
        self.out.put(text[i], self.at(i))
        return i + 1

    # -- derivatives -------------------------------------------------------------------
    def leibniz(self, i: int) -> int | None:
        """dy/dx, du/dx, \\frac{dy}{dx}: a derivative of a named quantity."""
        if not boundary(self.text, i):
            return None
        match = LEIBNIZ.match(self.text, i) or FRAC_LEIBNIZ.match(self.text, i)
        if match is None or match.group(1) is None:
            return None
        name, var = variable_name(match.group(1)), variable_name(match.group(2))
        self.out.place(Slot(self.new_name(), "leibniz", var, self.at(i), function=name))
        return match.end()

    def derivative(self, i: int) -> int | None:
        """d/dx (…), d/dx f, \\frac{d}{dx} (…)."""
        if not boundary(self.text, i):
            return None
        match = DERIVATIVE.match(self.text, i) or FRAC_LEIBNIZ.match(self.text, i)
        if match is None or (match.re is FRAC_LEIBNIZ and match.group(1) is not None):
            return None
        var = variable_name(match.group(match.lastindex or 1))
        body, end = self.operand(match.end(), derivative=True)
        if not body.text.strip():
            raise ScanError(f"nothing to differentiate after d/d{var}", self.at(i))
        self.out.place(Slot(self.new_name(), "derivative", var, self.at(i), body=body))
        return end

    def operand(self, start: int, derivative: bool) -> tuple[Segment, int]:
        """A bracketed group, or the rest of the text (up to the next d/dx after + or -)."""
        j = start
        while j < len(self.text) and self.text[j].isspace():
            j += 1
        if self.text.startswith("\\left", j):
            j += len("\\left")
        if j < len(self.text) and self.text[j] in OPEN:
            close = matching(self.text, j)
            after = close + 1
            if not self.continues_after_group(after):
                return self.segment.cut(j + 1, close), after
        end = self.operand_end(j) if derivative else len(self.text)
        return self.segment.cut(j, end), end

    def continues_after_group(self, after: int) -> bool:
        """True when the group is followed by more of the same factor ((…)/x, (…)^2, (…)x)."""
        rest = self.text[after:].lstrip()
        return bool(rest) and rest[0] not in "+-−=,)]}"

    def operand_end(self, start: int) -> int:
        """Where an unbracketed operand of d/dx ends: at + or - before another d/d, or the end."""
        depth = 0
        for j in range(start, len(self.text)):
            ch = self.text[j]
            depth += ch in OPEN
            depth -= ch in CLOSE
            if depth == 0 and j > start and ch in "+-−" and self.next_is_derivative(j + 1):
                return j
        return len(self.text)

    def next_is_derivative(self, j: int) -> bool:
        """True when the text after j (and a constant factor) starts another derivative form."""
        rest = self.text[j:]
        return bool(re.match(r"\s*[\d./]*\s*(d\s*/\s*d|\\frac\s*\{\s*d\s*\})", rest))

    def prime(self, i: int) -> int | None:
        """(…)' — the derivative of a bracketed expression with respect to the variable."""
        try:
            close = matching(self.text, i)
        except ScanError:
            return None
        order = 0
        while close + 1 + order < len(self.text) and self.text[close + 1 + order] == "'":
            order += 1
        if order == 0:
            return None
        body = self.segment.cut(i + 1, close)
        self.out.place(
            Slot(self.new_name(), "derivative", self.base, self.at(i), body, order=order)
        )
        return close + 1 + order

    # -- integrals ---------------------------------------------------------------------
    def integral(self, i: int) -> int | None:
        """∫ f dx, ∫_a^b f dx, \\int, int_0^1 f dx."""
        if not boundary(self.text, i) and self.text[i] != "∫":
            return None
        match = INTEGRAL.match(self.text, i)
        if match is None or self.text.startswith("\\infty", i):
            return None
        j = match.end()
        lower = upper = None
        if self.text[j : j + 1] == "_":
            lower, j = self.bound(j + 1)
            j = self.skip_spaces(j)
            if self.text[j : j + 1] != "^":
                raise ScanError("a definite integral needs both limits: ∫_a^b", self.at(i))
            upper, j = self.bound(j + 1)
        body, var, end = self.integrand(j, i)
        self.out.place(Slot(self.new_name(), "integral", var, self.at(i), body, lower, upper))
        return end

    def skip_spaces(self, j: int) -> int:
        """The first index at or after j that is not a space."""
        while j < len(self.text) and self.text[j].isspace():
            j += 1
        return j

    def bound(self, j: int) -> tuple[Segment, int]:
        """A limit after _ or ^: {…}, (…), or a number, a name, ∞, with an optional sign."""
        j = self.skip_spaces(j)
        if j < len(self.text) and self.text[j] in "{(":
            close = matching(self.text, j)
            return self.segment.cut(j + 1, close), close + 1
        match = re.compile(r"[-−]?(\\infty|∞|\\pi|π|[0-9]+(\.[0-9]+)?|[A-Za-z]+)").match(
            self.text, j
        )
        if match is None:
            raise ScanError("expected a limit of integration here", self.at(j))
        return self.segment.cut(j, match.end()), match.end()

    def integrand(self, j: int, start: int) -> tuple[Segment, str, int]:
        """The integrand up to its differential, the differential's variable, and the end."""
        depth, nested, k = 0, 0, j
        while k < len(self.text):
            ch = self.text[k]
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE:
                depth -= 1
            elif depth == 0 and boundary(self.text, k) and INTEGRAL.match(self.text, k):
                nested += not self.text.startswith("\\infty", k)
            elif depth == 0 and ch == "d" and boundary(self.text, k):
                match = DIFFERENTIAL.match(self.text, k)
                if match is not None and nested == 0:
                    return self.finish_integrand(j, k, match.group(1), match.end())
                nested -= match is not None and nested > 0
            k += 1
        tail = re.search(rf"d({VARIABLE})\s*$", self.text[j:])
        if tail is not None:
            return self.finish_integrand(j, j + tail.start(), tail.group(1), j + tail.end())
        raise ScanError("an integral needs its differential, as in ∫ f(x) dx", self.at(start))

    def finish_integrand(self, j: int, k: int, name: str, end: int) -> tuple[Segment, str, int]:
        """The integrand, also for ∫ dx/(1 + x²) and ∫ dy/y (the differential over something)."""
        var = variable_name(name)
        body = self.segment.cut(j, k)
        rest = self.skip_spaces(end)
        if self.text[rest : rest + 1] == "/":
            denominator, end = self.factor(rest + 1)
            numerator = body.text.strip() or "1"
            text = f"({numerator})/({denominator.text})"
            body = Segment(text, body.offset)
        elif not body.text.strip():
            body = Segment("1", body.offset)
        return body, var, end

    def factor(self, j: int) -> tuple[Segment, int]:
        """A factor after '/': a bracketed group, or a run of letters, digits and powers."""
        j = self.skip_spaces(j)
        if j < len(self.text) and self.text[j] in OPEN:
            close = matching(self.text, j)
            return self.segment.cut(j, close + 1), close + 1
        match = re.compile(r"[A-Za-z0-9.]+(\^(\{[^{}]*\}|[A-Za-z0-9.]+)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?").match(
            self.text, j
        )
        if match is None:
            raise ScanError("expected something to divide by here", self.at(j))
        return self.segment.cut(j, match.end()), match.end()

    # -- evaluation and limits -----------------------------------------------------------
    def bracket(self, i: int) -> int | None:
        """[F]_a^b (also \\left[ F \\right]_a^b): F(b) - F(a)."""
        opener = i + len("\\left") if self.text.startswith("\\left[", i) else i
        try:
            close = matching(self.text, opener)
        except ScanError:
            return None
        j = self.skip_spaces(close + 1)
        if self.text[j : j + 1] != "_":
            return None
        lower, j = self.bound(j + 1)
        j = self.skip_spaces(j)
        if self.text[j : j + 1] != "^":
            raise ScanError("an evaluation [F]_a^b needs both limits", self.at(i))
        upper, j = self.bound(j + 1)
        inner = self.segment.cut(opener + 1, close)
        inner = Segment(re.sub(r"\\right\s*$", "", inner.text), inner.offset)
        self.out.place(Slot(self.new_name(), "bracket", "", self.at(i), inner, lower, upper))
        return j

    def limit(self, i: int) -> int | None:
        """lim_{x→a} f, lim_(x->a) f, lim x→a f; a one-sided limit as a^+ or a+."""
        if not boundary(self.text, i):
            return None
        match = LIMIT.match(self.text, i)
        if match is None:
            return None
        j = self.skip_spaces(match.end())
        if self.text[j : j + 1] == "_":
            j = self.skip_spaces(j + 1)
        found = re.compile(r"[A-Za-zθ]+" + ARROW.pattern + r"[-−]?[\w.∞π]+(\^?[+-])?").match(
            self.text, j
        )
        if j < len(self.text) and self.text[j] in "{(" and ARROW.search(self.group_text(j)):
            close = matching(self.text, j)
            under, end = self.segment.cut(j + 1, close), close + 1
        elif found is not None:
            under, end = self.segment.cut(j, found.end()), found.end()
        elif self.last_limit:  # lim (x + 1) after lim_{x→1} …: the same variable and point
            under, end = Segment(self.last_limit, self.at(i)), j
        else:
            raise ScanError("write a limit as lim_{x→a} f(x)", self.at(i))
        var, point, direction = self.approach(under, i)
        body = self.segment.cut(end, len(self.text)).stripped()
        if not body.text:
            raise ScanError("nothing after the limit", self.at(i))
        slot = Slot(self.new_name(), "limit", var, self.at(i), body, point, None, "", direction)
        self.out.place(slot)
        return len(self.text)

    def primed(self, i: int) -> int | None:
        """u' and v' for names the working introduced (u = x², v = sin x), also in uv'."""
        after_name = i > 0 and self.text[i - 1] in self.primes | {self.base}
        if not (boundary(self.text, i) or after_name):
            return None
        match = re.compile(r"([A-Za-z])('+)").match(self.text, i)
        if match is None or match.group(1) not in self.primes:
            return None
        slot = Slot(self.new_name(), "leibniz", self.base, self.at(i), function=match.group(1))
        self.out.place(replace(slot, order=len(match.group(2))))
        return match.end()

    def group_text(self, j: int) -> str:
        """The text inside the bracket at j ('' when it is never closed)."""
        try:
            return self.text[j + 1 : matching(self.text, j)]
        except ScanError:
            return ""

    def call(self, i: int) -> int | None:
        """F(1) for a function the working defined (F(x) = x^3/3)."""
        if not self.defined or not boundary(self.text, i):
            return None
        match = re.compile(r"([A-Za-z])\s*\(").match(self.text, i)
        if match is None or match.group(1) not in self.defined:
            return None
        opener = match.end() - 1
        close = matching(self.text, opener)
        body = self.segment.cut(opener + 1, close)
        slot = Slot(self.new_name(), "call", "", self.at(i), body, function=match.group(1))
        self.out.place(slot)
        return close + 1

    def approach(self, under: Segment, start: int) -> tuple[str, Segment, str]:
        """x → a (and its side) from the text under lim."""
        parts = ARROW.split(under.text, maxsplit=1)
        if len(parts) != 2:
            raise ScanError("write a limit as lim_{x→a} f(x)", self.at(start))
        var = variable_name(parts[0].strip())
        point_text = parts[1].strip()
        direction = "+-"
        side = re.search(r"\^?\{?([+-])\}?$", point_text)
        if side is not None and len(point_text) > len(side.group(0)):
            direction = side.group(1)
            point_text = point_text[: side.start()]
        offset = under.offset + under.text.find(parts[1].strip()[:1]) if parts[1].strip() else 0
        return var, Segment(point_text, offset), direction

    def differential(self, i: int) -> int | None:
        """A bare differential such as the dx of du = 2x dx."""
        if self.text[i] != "d" or not boundary(self.text, i):
            return None
        match = DIFFERENTIAL.match(self.text, i)
        if match is None:
            return None
        var = variable_name(match.group(1))
        if var not in self.differentials:
            return None
        before = "".join(self.out.residual).rstrip()
        if before and before[-1] not in "+-−*/([{=^,":
            self.out.put(" * ", self.at(i))  # a differential is a factor of its own: cos x dx
        self.out.place(Slot(self.new_name(), "differential", var, self.at(i)))
        return match.end()


def scan(
    segment: Segment,
    differentials: frozenset[str],
    base: str,
    last_limit: str = "",
    defined: frozenset[str] = frozenset(),
) -> Scan:
    """Cut the working's forms out of a segment (see the module docstring)."""
    return Scanner(segment, differentials, base, last_limit, defined).run()


def top_level_split(text: str, separators: str) -> list[tuple[int, int]]:
    """The (start, end) spans of text between separators that stand outside brackets."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            if ch == "=" and (text[i + 1 : i + 2] == ">" or text[i - 1 : i] in "<>!"):
                continue
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans
