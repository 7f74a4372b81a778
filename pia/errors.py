"""Errors of pia: values with structure (file, line, field, reason) before they are messages.

The library raises; it never prints or exits. The CLI turns :class:`ModelError` into the listed
messages and exit code 2.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PiaError", "Problem", "ModelError", "PipelineError"]


class PiaError(Exception):
    """Root of every error pia raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    ``file`` is the path as given by the user (never made absolute); ``line`` and ``column`` are
    1-based and 0 when unknown; ``field`` is the dotted path inside the model (``flows[3].to``).
    """

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    accepted: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.accepted:
            text += f" (accepted: {self.accepted})"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "accepted": self.accepted,
        }


@dataclass
class ModelError(PiaError):
    """A model (or another input file) is invalid. Holds every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = sorted(set(self.problems), key=lambda p: (p.file, p.line, p.column, p.field, p.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class PipelineError(PiaError):
    """A step of report generation failed; ``step`` names it in words a reviewer understands."""

    def __init__(self, step: str, reason: str) -> None:
        self.step = step
        self.reason = reason
        super().__init__(f"{step} failed: {reason}")
