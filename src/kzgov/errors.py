"""Domain exceptions of kzgov.

Every exception is a subclass of :class:`ValueError`, so callers that already catch
``ValueError`` keep working. Messages share one shape, after scikit-learn's parameter
validation: *what* (a file, column, row or parameter), *what it must be*, *what it got*,
e.g. ``data/raw/x.csv: column 'transfers', row 7: 'abc' is not a number``.

The CLI prints these messages in one or two lines, without a traceback, and exits 2, also
when one of them is raised inside a notebook from the user's data or parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "CodebookError",
    "DataError",
    "ElectionFormatError",
    "HashMismatchError",
    "InfeasibleError",
    "KzgovError",
    "MatrixError",
    "ParameterError",
    "RegionError",
    "ScopeError",
    "SurveyError",
    "UnitError",
    "location",
]


class KzgovError(ValueError):
    """Base class of every kzgov error."""


def location(
    path: str | Path | None = None,
    *,
    column: str | None = None,
    row: int | None = None,
) -> str:
    """Format ``path: column 'c', row r`` for messages (missing parts are left out).

    Paths inside the project are shown relative to the project root.
    """
    parts: list[str] = []
    if path is not None:
        from kzgov.paths import display_path

        parts.append(display_path(path))
    where = []
    if column is not None:
        where.append(f"column {column!r}")
    if row is not None:
        where.append(f"row {row}")
    text = ", ".join(where)
    if parts and text:
        return f"{parts[0]}: {text}"
    return parts[0] if parts else text


class DataError(KzgovError):
    """A data file (raw or user-supplied) does not match what is expected.

    Parameters
    ----------
    message
        What was expected and what arrived.
    path, column, row, value
        Where the problem is; ``row`` is the 1-based data row (the header is not counted),
        so the file line is ``row + 1``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        column: str | None = None,
        row: int | None = None,
        value: Any = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.column = column
        self.row = row
        self.value = value
        self.detail = message
        where = location(path, column=column, row=row)
        super().__init__(f"{where}: {message}" if where else message)


class HashMismatchError(DataError):
    """A raw file's sha256 differs from the one recorded in ``datapackage.json``."""


class UnitError(KzgovError):
    """A table has no unit, or a unit kzgov does not know how to convert."""


class RegionError(KzgovError):
    """A region name or code that the registry does not know."""


class ScopeError(DataError):
    """Budgets of two scopes put into one series, or a scope kzgov does not know.

    E.g. a region's consolidated local budget and its oblast-level budget.
    """


class ParameterError(KzgovError):
    """A parameter with an unknown name, a wrong type or a value outside its domain."""


class MatrixError(KzgovError):
    """A correlation matrix that is not square, not symmetric, out of range or unnamed."""


class SurveyError(KzgovError):
    """Survey responses that do not match the codebook."""


class CodebookError(SurveyError):
    """A codebook that is inconsistent, or a question/option it does not define."""


class InfeasibleError(KzgovError):
    """An optimisation problem whose constraints cannot all hold."""


class ElectionFormatError(DataError):
    """A malformed participatory-budgeting (Pabulib ``.pb``) file."""


def _input_error_names() -> frozenset[str]:
    """Class names of the errors that mean bad input: :class:`KzgovError` and its subclasses here.

    The runner matches them against the exception name papermill reports
    (``PapermillExecutionError.ename``) to tell an input error raised inside a notebook
    (exit status 2) from any other failure (exit status 1).
    """
    out = set()
    for name in __all__:
        obj = globals().get(name)
        if isinstance(obj, type) and issubclass(obj, KzgovError):
            out.add(name)
    return frozenset(out)
