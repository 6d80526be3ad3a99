"""Declared parameter constraints, read by the library, the notebooks, the runner and the CLI.

Modelled on scikit-learn's private ``sklearn.utils._param_validation``: a parameter is
declared once as a list of constraints, any one of which it must satisfy (``None`` in the
list makes it nullable). The same declaration serves

* a library function, through the :func:`validate_params` decorator;
* a notebook, through a :class:`Parameters` object in its :mod:`kzgov.study` module, which
  the notebook's metadata names (``kzgov: parameters: kzgov.study.<module>:PARAMETERS``)
  and which the runner (``kzgov run -p``), ``kzgov params``, ``kzgov batch --values all``
  and the notebook's own first cell read.

Messages keep one shape::

    The 'confidence' parameter of tabulate must be a float in (0, 1). Got 95 instead.

Examples
--------
>>> from kzgov.constraints import Interval, validate_params
>>> @validate_params({"confidence": [Interval(float, 0, 1, closed="neither")]})
... def level(*, confidence: float = 0.95) -> float:
...     return confidence
>>> level(confidence=0.975)
0.975
>>> level(confidence=95)
Traceback (most recent call last):
...
kzgov.errors.ParameterError: The 'confidence' parameter of level must be a float in (0, 1). Got 95 instead.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from kzgov.errors import ParameterError

__all__ = [
    "FilePath",
    "Interval",
    "ListOf",
    "Options",
    "Parameter",
    "Parameters",
    "Region",
    "validate_params",
]

F = TypeVar("F", bound=Callable[..., Any])
Closed = Literal["left", "right", "both", "neither"]


def _shown(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text):,} characters)"


class _Constraint:
    """A condition a value may satisfy; :meth:`__str__` is the phrase used in messages."""

    #: the runner's type for values given as text (``int``, ``float``, ``str``, ``bool``, ``path``)
    kind: str = "str"

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        raise NotImplementedError

    def domain(self) -> dict[str, Any]:
        """Return the constraint in the runner's domain vocabulary (``type``, ``values``, ``min`` …)."""
        return {"type": self.kind}


class Interval(_Constraint):
    """A real or integral number in an interval.

    Parameters
    ----------
    type
        ``int`` (any :class:`numbers.Integral` except ``bool``) or ``float`` (any real
        number, integers included, except ``bool`` and NaN).
    left, right
        Bounds; ``None`` is unbounded.
    closed
        Which ends are included: ``"both"`` (default), ``"left"``, ``"right"``, ``"neither"``.

    Examples
    --------
    >>> str(Interval(float, 0, 1, closed="neither"))
    'a float in (0, 1)'
    >>> Interval(int, 1, None, closed="left").is_satisfied_by(3)
    True
    """

    def __init__(
        self,
        type: type,  # noqa: A002 - the name sklearn uses
        left: float | None,
        right: float | None,
        *,
        closed: Closed = "both",
    ) -> None:
        if type not in (int, float):
            raise TypeError(f"Interval type must be int or float; got {type!r}")
        if closed not in ("left", "right", "both", "neither"):
            raise ValueError(f"closed must be 'left', 'right', 'both' or 'neither'; got {closed!r}")
        if left is not None and right is not None and right < left:
            raise ValueError(f"right bound {right} is below left bound {left}")
        if type is float:
            left = None if left is None else float(left)
            right = None if right is None else float(right)
        self.type, self.left, self.right, self.closed = type, left, right, closed
        self.kind = "int" if type is int else "float"

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        if isinstance(value, bool):
            return False
        if self.type is int:
            if not isinstance(value, numbers.Integral):
                return False
        elif not isinstance(value, numbers.Real) or math.isnan(float(value)):
            return False
        left_ok = self.left is None or (
            value >= self.left if self.closed in ("left", "both") else value > self.left
        )
        right_ok = self.right is None or (
            value <= self.right if self.closed in ("right", "both") else value < self.right
        )
        return bool(left_ok and right_ok)

    def __str__(self) -> str:
        noun = "an int" if self.type is int else "a float"
        lo = "-inf" if self.left is None else _num(self.left)
        hi = "inf" if self.right is None else _num(self.right)
        lb = "[" if self.closed in ("left", "both") and self.left is not None else "("
        rb = "]" if self.closed in ("right", "both") and self.right is not None else ")"
        return f"{noun} in {lb}{lo}, {hi}{rb}"

    def domain(self) -> dict[str, Any]:
        """Return the constraint in the runner's domain vocabulary."""
        return {
            "type": self.kind,
            "min": self.left,
            "max": self.right,
            "min_exclusive": self.left is not None and self.closed in ("right", "neither"),
            "max_exclusive": self.right is not None and self.closed in ("left", "neither"),
        }


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


class Options(_Constraint):
    """One of a finite set of values of one type.

    ``options`` may be a callable returning them (resolved when first needed), for sets read
    from data, e.g. the elections in ``data/raw``.

    Examples
    --------
    >>> str(Options(str, ["pearson", "spearman"]))
    "one of 'pearson', 'spearman'"
    """

    def __init__(self, type: type, options: Iterable[Any] | Callable[[], Iterable[Any]]) -> None:  # noqa: A002
        self.type = type
        self._options = options
        self.kind = {bool: "bool", int: "int", float: "float"}.get(type, "str")

    @property
    def options(self) -> tuple[Any, ...]:
        """The allowed values (read from the callable on first use)."""
        if callable(self._options):
            self._options = tuple(self._options())
        return tuple(self._options)

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        if self.type is not bool and isinstance(value, bool):
            return False
        return isinstance(value, self.type) and value in self.options

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(v) for v in self.options)

    def domain(self) -> dict[str, Any]:
        """Return the constraint in the runner's domain vocabulary."""
        return {"type": self.kind, "values": list(self.options)}


class Region(Options):
    """A region of :mod:`kzgov.regions`, by its English name (codes and other names resolve)."""

    def __init__(self) -> None:
        def names() -> list[str]:
            from kzgov import regions

            return [regions.get(c).name_en for c in regions.codes()]

        super().__init__(str, names)

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        from kzgov import regions
        from kzgov.errors import RegionError

        if not isinstance(value, str):
            return False
        try:
            regions.resolve(value)
        except RegionError:
            return False
        return True

    def __str__(self) -> str:
        return "a region of kzgov.regions (code or name)"


class FilePath(_Constraint):
    """The path of an existing file (``str`` or :class:`os.PathLike`)."""

    kind = "path"

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        return isinstance(value, (str, os.PathLike)) and Path(value).expanduser().is_file()

    def __str__(self) -> str:
        return "the path of an existing file"


class ListOf(_Constraint):
    """A non-empty list (or tuple) whose every item satisfies ``item``."""

    def __init__(self, item: _Constraint) -> None:
        self.item = item
        self.kind = f"list[{item.kind}]"

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        return (
            isinstance(value, (list, tuple))
            and len(value) > 0
            and all(self.item.is_satisfied_by(v) for v in value)
        )

    def __str__(self) -> str:
        return f"a non-empty list of items each {self.item}"

    def domain(self) -> dict[str, Any]:
        """Return the constraint in the runner's domain vocabulary."""
        return {**self.item.domain(), "type": self.kind}


class _InstanceOf(_Constraint):
    def __init__(self, type: type) -> None:  # noqa: A002
        self.type = type
        self.kind = {bool: "bool", str: "str"}.get(type, "str")

    def is_satisfied_by(self, value: Any) -> bool:
        """Whether ``value`` satisfies the constraint."""
        return isinstance(value, self.type)

    def __str__(self) -> str:
        name = self.type.__qualname__
        return {"bool": "a boolean", "str": "a string"}.get(
            name, f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"
        )


def _make(constraint: Any) -> _Constraint | None:
    if constraint is None or isinstance(constraint, _Constraint):
        return constraint
    if isinstance(constraint, type):
        return _InstanceOf(constraint)
    raise TypeError(f"not a constraint: {constraint!r}")


def _phrase(constraints: Sequence[_Constraint | None]) -> str:
    parts = [str(c) for c in constraints if c is not None]
    if None in constraints:
        parts.append("None")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _check(value: Any, constraints: Sequence[_Constraint | None], *, name: str, caller: str) -> None:
    for c in constraints:
        if (c is None and value is None) or (c is not None and c.is_satisfied_by(value)):
            return
    raise ParameterError(
        f"The {name!r} parameter of {caller} must be {_phrase(constraints)}. "
        f"Got {_shown(value)} instead."
    )


def validate_params(constraints: Mapping[str, Sequence[Any]]) -> Callable[[F], F]:
    """Decorate a function so that its arguments are checked against ``constraints``.

    Parameters
    ----------
    constraints
        Parameter name -> list of constraints (:class:`Interval`, :class:`Options`,
        :class:`FilePath`, :class:`ListOf`, :class:`Region`, a type, or ``None`` for
        nullable); the value must satisfy at least one.

    Raises
    ------
    ParameterError
        From the decorated function, before it runs, naming the parameter, the function,
        what was expected and what was given.
    """
    made = {k: [_make(c) for c in v] for k, v in constraints.items()}

    def deco(func: F) -> F:
        sig = inspect.signature(func)
        unknown = set(made) - set(sig.parameters)
        if unknown:
            raise TypeError(f"{func.__qualname__} has no parameter(s) {sorted(unknown)}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            for pname, cons in made.items():
                _check(bound.arguments[pname], cons, name=pname, caller=func.__name__)
            return func(*args, **kwargs)

        wrapper.__kzgov_constraints__ = made  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return deco


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a notebook.

    Parameters
    ----------
    name
        The variable of the notebook's ``parameters`` cell.
    constraints
        As for :func:`validate_params`; ``None`` in the list makes it nullable.
    help
        One line for ``kzgov params``.
    sweep
        The values ``kzgov batch --values all`` runs (default: the options of an
        :class:`Options` constraint); may be a callable returning them.
    less_than
        The name of another parameter this one must be below.
    """

    name: str
    constraints: tuple[Any, ...]
    help: str = ""
    sweep: tuple[Any, ...] | Callable[[], Iterable[Any]] | None = None
    less_than: str | None = None
    _made: tuple[_Constraint | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "constraints", tuple(self.constraints))
        object.__setattr__(self, "_made", tuple(_make(c) for c in self.constraints))
        if not [c for c in self._made if c is not None]:
            raise ValueError(f"parameter {self.name!r} needs at least one constraint besides None")

    def check(self, value: Any, *, caller: str) -> None:
        """Raise :class:`ParameterError` unless ``value`` satisfies a constraint."""
        _check(value, self._made, name=self.name, caller=caller)

    def domain(self) -> dict[str, Any]:
        """The runner's domain: the first constraint's, plus nullability, sweep, order."""
        first = next(c for c in self._made if c is not None)
        out = {k: v for k, v in first.domain().items() if v is not None}
        out["nullable"] = None in self._made
        sweep = self.sweep() if callable(self.sweep) else self.sweep
        if sweep is not None:
            out["sweep"] = list(sweep)
        if self.less_than is not None:
            out["less_than"] = self.less_than
        if isinstance(first, Region) or (isinstance(first, ListOf) and isinstance(first.item, Region)):
            out["region"] = True
        out["help"] = self.help
        return out


class Parameters(Mapping[str, Parameter]):
    """The declared parameters of one notebook (a read-only mapping by name).

    Examples
    --------
    >>> P = Parameters("02_survey_tabulation",
    ...     Parameter("confidence", [Interval(float, 0, 1, closed="neither")]))
    >>> P.validate({"confidence": 0.975, "other": 1})
    {'confidence': 0.975}
    """

    def __init__(self, notebook: str, *params: Parameter) -> None:
        self.notebook = notebook
        self._params = {p.name: p for p in params}
        if len(self._params) != len(params):
            raise ValueError(f"{notebook}: a parameter is declared twice")

    def __getitem__(self, name: str) -> Parameter:
        return self._params[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def __repr__(self) -> str:
        return f"Parameters({self.notebook!r}, {', '.join(self._params)})"

    def validate(self, namespace: Mapping[str, Any]) -> dict[str, Any]:
        """Check the declared parameters found in ``namespace`` (e.g. a notebook's ``globals()``).

        Returns
        -------
        dict
            The declared parameters and their values, by name.

        Raises
        ------
        ParameterError
            For the first value outside its declared constraints, or a ``less_than`` order
            that does not hold.
        """
        out = {}
        for name, p in self._params.items():
            if name in namespace:
                p.check(namespace[name], caller=self.notebook)
                out[name] = namespace[name]
        for name, p in self._params.items():
            if p.less_than and name in out and p.less_than in out:
                low, high = out[name], out[p.less_than]
                if low is not None and high is not None and not low < high:
                    raise ParameterError(
                        f"The {name!r} parameter of {self.notebook} must be less than "
                        f"{p.less_than!r} ({_shown(high)}). Got {_shown(low)} instead."
                    )
        return out

    def domains(self) -> dict[str, dict[str, Any]]:
        """Every parameter's domain, as the runner reads it."""
        return {name: p.domain() for name, p in self._params.items()}
