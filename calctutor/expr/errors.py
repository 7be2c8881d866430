"""ParseError: what went wrong in a typed answer, and where."""

from __future__ import annotations


class ParseError(ValueError):
    """An answer that cannot be read, with the position of the offending character."""

    def __init__(self, message: str, position: int | None = None, text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.text = text

    def display(self) -> str:
        """The message, the text, and a caret under the offending character."""
        if self.position is None or not self.text:
            return self.message
        caret = " " * min(self.position, len(self.text)) + "^"
        return f"{self.message}\n  {self.text}\n  {caret}"

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, int | None, str]]:
        """Pickle with all three fields (checks run in worker processes)."""
        return (ParseError, (self.message, self.position, self.text))
