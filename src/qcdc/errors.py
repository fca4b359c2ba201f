"""Every error qcdc raises.

All of them derive from :class:`QcdcError`, and each also derives from the
builtin exception people already catch (``ValueError`` for bad input,
``LookupError`` for a missing thing).  Context lives on attributes; messages
read "X must be Y, got Z" and say what to try when a fix exists.

>>> from qcdc.errors import InvalidUnitCode, QcdcError
>>> issubclass(InvalidUnitCode, ValueError) and issubclass(InvalidUnitCode, QcdcError)
True
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    _ExceptionGroup = ExceptionGroup  # noqa: F821 - a builtin from 3.11 on
else:  # pragma: no cover - depends on the interpreter
    from exceptiongroup import ExceptionGroup as _ExceptionGroup

if TYPE_CHECKING:
    from qcdc.findings import Finding

__all__ = [
    "AmbiguousDate",
    "AmbiguousUnit",
    "ChangeFileError",
    "IllegalTransition",
    "InputError",
    "InvalidDate",
    "InvalidDocumentNumber",
    "InvalidNumber",
    "InvalidUnitCode",
    "MissingDependency",
    "NoApplicableRule",
    "OutOfCoverage",
    "QcdcError",
    "RuleViolation",
    "SplitConversion",
    "UnknownUnit",
    "UnresolvedUnit",
    "ValidationFailed",
]


class QcdcError(Exception):
    """The root of every error raised by qcdc."""


# --- units and the gazetteer ---------------------------------------------------


class InvalidUnitCode(QcdcError, ValueError):
    """A unit code is malformed (not ASCII digits of the width of its level)."""

    def __init__(self, code: object, expected: str, *, hint: str | None = None) -> None:
        self.code = code
        self.expected = expected
        self.hint = hint
        msg = f"unit code must be {expected}, got {code!r}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)


class UnknownUnit(QcdcError, LookupError):
    """No unit has this code (or name) on the date asked."""

    def __init__(
        self,
        code: str,
        on: dt.date | None,
        *,
        suggestions: Sequence[str] = (),
        detail: str | None = None,
    ) -> None:
        self.code = code
        self.on = on
        self.suggestions = tuple(suggestions)
        when = f" on {on.isoformat()}" if on is not None else ""
        msg = f"no administrative unit {code!r}{when}"
        if detail:
            msg += f": {detail}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class AmbiguousUnit(QcdcError, LookupError):
    """A name or code matches several units and qcdc will not guess."""

    def __init__(self, query: str, on: dt.date | None, candidates: Sequence[str]) -> None:
        self.query = query
        self.on = on
        self.candidates = tuple(candidates)
        when = f" on {on.isoformat()}" if on is not None else ""
        super().__init__(
            f"{query!r} matches {len(self.candidates)} units{when}: "
            + ", ".join(self.candidates)
            + "; narrow it with within= (a province or district code) or use a code"
        )


class OutOfCoverage(QcdcError, LookupError):
    """A date lies outside the period the embedded data covers."""

    def __init__(self, on: dt.date, coverage: tuple[dt.date, dt.date | None]) -> None:
        self.on = on
        self.coverage = coverage
        start, end = coverage
        span = f"from {start.isoformat()}" + (f" to {end.isoformat()}" if end else " on")
        super().__init__(
            f"date must be within the covered period ({span}), got {on.isoformat()}; "
            "qcdc has no unit list for earlier dates"
        )


class SplitConversion(QcdcError, LookupError):
    """Conversion met units that were split and the caller asked not to choose."""

    def __init__(self, split: dict[str, tuple[str, ...]], *, direction: str = "forward") -> None:
        self.split = dict(split)
        self.direction = direction
        shown = "; ".join(f"{c} -> {', '.join(t)}" for c, t in list(self.split.items())[:10])
        more = f" (and {len(self.split) - 10} more)" if len(self.split) > 10 else ""
        super().__init__(
            f"{len(self.split)} code(s) were split and cannot be converted to one unit: "
            f"{shown}{more}; pass on_split='default' or on_split='all' to choose"
        )


class UnresolvedUnit(QcdcError, LookupError):
    """The lineage cannot follow a unit to the date asked; the data says why.

    ``unresolved`` maps each such code to its reason (the first ten are in the
    message); ``code`` and ``reason`` are those of the first.
    """

    def __init__(self, unresolved: Mapping[str, str], *, on: dt.date, to: dt.date) -> None:
        self.unresolved = dict(unresolved)
        self.code, self.reason = next(iter(self.unresolved.items()))
        self.on = on
        self.to = to
        shown = "; ".join(f"{c} ({r})" for c, r in list(self.unresolved.items())[:10])
        more = f" (and {len(self.unresolved) - 10} more)" if len(self.unresolved) > 10 else ""
        super().__init__(
            f"{len(self.unresolved)} code(s) of {on.isoformat()} cannot be followed to "
            f"{to.isoformat()}: {shown}{more}; pass on_unknown='none' to put None in their place"
        )


# --- parsing of text and files --------------------------------------------------


class InputError(QcdcError, ValueError):
    """Input (a file, a row, a field, a key path) is not what qcdc expected.

    ``source`` is the file or stream name, ``row``/``line`` are 1-based,
    ``field`` is a column name or a key path such as ``inspection.supervised``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.row = row
        self.line = line
        self.field = field
        self.hint = hint
        where = [
            part
            for part in (
                source,
                f"row {row}" if row is not None else None,
                f"line {line}" if line is not None else None,
                f"field {field!r}" if field is not None else None,
            )
            if part
        ]
        msg = (", ".join(where) + ": " if where else "") + message
        if hint:
            msg += f"; {hint}"
        self.reason = message
        super().__init__(msg)


class ChangeFileError(InputError):
    """A change file (acts in TOML, :mod:`qcdc.units.changes`) breaks the format or a rule.

    ``source`` is the file, ``act`` the 1-based position of the act in it (``number`` its
    document number), ``change`` the 1-based position of the change in the act (``code``
    the unit it names), ``field`` the key; the message says how to fix it.  ``others``
    holds the further errors found in the same file, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str,
        act: int | None = None,
        number: str | None = None,
        change: int | None = None,
        code: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = [source]
        if act is not None:
            where.append(f"act {act}" + (f" ({number})" if number else ""))
        if change is not None:
            where.append(f"change {change}" + (f" (code {code})" if code else ""))
        super().__init__(message, source=", ".join(where), field=field, hint=hint)
        self.source = source
        self.act = act
        self.number = number
        self.change = change
        self.code = code
        self.others: tuple[ChangeFileError, ...] = ()


class InvalidDocumentNumber(QcdcError, ValueError):
    """A document number (số, ký hiệu văn bản) cannot be parsed."""

    def __init__(self, text: str, position: int, expected: str) -> None:
        self.text = text
        self.position = position
        self.expected = expected
        super().__init__(f"document number {text!r}: expected {expected} at position {position}")


class InvalidDate(QcdcError, ValueError):
    """A Vietnamese date or period cannot be parsed or does not exist."""

    def __init__(self, text: str, reason: str, *, position: int | None = None) -> None:
        self.text = text
        self.reason = reason
        self.position = position
        at = f" at position {position}" if position is not None else ""
        super().__init__(f"date {text!r}{at}: {reason}")


class AmbiguousDate(InvalidDate):
    """A date could be read in more than one way and qcdc will not guess."""


class InvalidNumber(QcdcError, ValueError):
    """A Vietnamese number, percentage or ratio cannot be parsed."""

    def __init__(self, text: str, reason: str, *, position: int | None = None) -> None:
        self.text = text
        self.reason = reason
        self.position = position
        at = f" at position {position}" if position is not None else ""
        super().__init__(f"number {text!r}{at}: {reason}")


# --- rules, lifecycles, validation ----------------------------------------------


class NoApplicableRule(QcdcError, LookupError):
    """A rulebook has no rule in force for the case and date asked."""

    def __init__(self, what: str, on: dt.date, *, detail: str | None = None) -> None:
        self.what = what
        self.on = on
        msg = f"no rule for {what} in force on {on.isoformat()}"
        if detail:
            msg += f": {detail}"
        super().__init__(msg)


class IllegalTransition(QcdcError, ValueError):
    """A lifecycle transition is not allowed from the current state (or goes back in time)."""

    def __init__(self, from_state: object, to_state: object, *, reason: str | None = None) -> None:
        self.from_state = from_state
        self.to_state = to_state
        msg = f"cannot go from {from_state} to {to_state}"
        if reason:
            msg += f": {reason}"
        super().__init__(msg)


class RuleViolation(QcdcError, ValueError):
    """One broken rule, carrying its :class:`~qcdc.findings.Finding`."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(f"[{finding.rule}] {finding.path}: {finding.message}")


class ValidationFailed(QcdcError, _ExceptionGroup):
    """Several rules were broken; holds one :class:`RuleViolation` for each.

    It is an ``ExceptionGroup``, so ``except* RuleViolation`` works, and a
    :class:`QcdcError`, so ``except QcdcError`` does too.
    """

    def __new__(cls, message: str, errors: Sequence[Exception]) -> ValidationFailed:
        self: ValidationFailed = super().__new__(cls, message, errors)
        return self

    @classmethod
    def from_findings(cls, what: str, findings: Sequence[Finding]) -> ValidationFailed:
        errors = [RuleViolation(f) for f in findings]
        noun = "problem" if len(errors) == 1 else "problems"
        return cls(f"{what}: {len(errors)} {noun}", errors)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(e.finding for e in self.exceptions if isinstance(e, RuleViolation))


class MissingDependency(QcdcError, ImportError):
    """An optional dependency (an extra) is needed for this part of qcdc."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"this part of qcdc needs {package}; install it with "
            f'`python -m pip install "qcdc[{extra}]"`'
        )
