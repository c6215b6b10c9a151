"""The one exception family of the library.

Every error the library raises on purpose is a :class:`ChildLabourMetricsError`,
so that a caller can catch them all in one ``except``; each subclass also
derives from the built-in it replaced (``ValueError``), so that older
``except ValueError`` code keeps working.  An exception carries its data
(``file``, ``line``, ``target``, ``field``, ``code``) as attributes, not only
in its message, so that an output can name them in its own language.

Messages are vocabulary entries, never English text written where the error
is raised: an exception carries a key of :mod:`childlabour_metrics.language.words`
and the values the message names, and renders them in the language asked
(:meth:`ChildLabourMetricsError.message`); ``str(exc)`` is the Vietnamese
message, as every other output of the library defaults to Vietnamese.

Examples
--------
>>> exc = PlanError("err_plan_missing_field", file="plan.toml", at="plan.toml", field="label")
>>> isinstance(exc, ChildLabourMetricsError), exc.file, exc.field, exc.key
(True, 'plan.toml', 'label', 'err_plan_missing_field')
>>> exc.message("en")
'plan.toml: the field "label" is missing; add it and run again.'
>>> str(exc)
'plan.toml: thiếu trường "label"; hãy bổ sung rồi chạy lại.'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .vocabulary import LANGS, WORDS, text

__all__ = [
    "ChildLabourMetricsError",
    "CliError",
    "CrosswalkError",
    "ExportError",
    "GridError",
    "InputError",
    "InputKeyError",
    "InputPathError",
    "InputTypeError",
    "LibraryWarning",
    "PeriodError",
    "PlanError",
    "UnitMatchWarning",
    "UnitRegistryError",
    "UnknownUnitError",
    "choices",
]


def choices(values: Iterable[Any]) -> str:
    """The allowed values a message lists, each in double quotes, as a user types them.

    Codes such as ``commune`` or ``decrease`` are what a user writes in either
    language, so they are quoted, never translated.

    Examples
    --------
    >>> choices(("sdg", "trajectory"))
    '"sdg", "trajectory"'
    """
    return ", ".join(f'"{value}"' for value in values)


class ChildLabourMetricsError(Exception):
    """Base of every error the library raises on purpose.

    Parameters
    ----------
    key : str
        The message's key in the vocabulary (:data:`childlabour_metrics.language.words.WORDS`,
        section ``_ERRORS`` for the library's own messages).  A text that is not
        a key is kept as it is: a caller's own message, shown in every language.
    file : str, optional
        The file concerned.
    line : int, optional
        Its line (or row) concerned, counted from 1.
    target : str, optional
        The plan target concerned (its ``ref`` or label).
    field : str, optional
        The field (key, column) concerned.
    code : str, optional
        A stable code (a problem code, a value) for programs.
    **values
        Further values the message names (codes, a list of units, a limit);
        they are shown as given, the same in both languages.

    Examples
    --------
    >>> exc = PeriodError("err_period_not_a_period", value="'2024H3'")
    >>> exc.values
    {'value': "'2024H3'"}
    >>> exc.message("en")
    "'2024H3' is not a reporting period: write e.g. 2024H1, 2024H2 or 2024."
    """

    def __init__(
        self,
        key: str = "",
        *,
        file: Any = None,
        line: int | None = None,
        target: str | None = None,
        field: str | None = None,
        code: str | None = None,
        **values: Any,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.file = None if file is None else str(file)
        self.line = line
        self.target = target
        self.field = field
        self.code = code
        self.values = values

    def fields(self) -> dict[str, Any]:
        """Every value the message may name: the attributes, then the further values."""
        return {"file": self.file, "line": self.line, "target": self.target,
                "field": self.field, "code": self.code, **self.values}

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``), its values filled in."""
        if lang not in LANGS:
            raise InputError("err_input_bad_lang", value=repr(lang))
        if self.key in WORDS:
            return text(self.key, lang, **self.fields())
        return self.key

    def __str__(self) -> str:
        return self.message("vi")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword arguments are lost by Exception's pickling; a worker process
        # must hand its error back whole.
        return (_rebuild, (type(self), self.key, self.fields()))


def _rebuild(cls: type[ChildLabourMetricsError], key: str,
             fields: dict[str, Any]) -> ChildLabourMetricsError:
    exc = cls.__new__(cls)
    ChildLabourMetricsError.__init__(exc, key, **fields)
    return exc


class PlanError(ChildLabourMetricsError, ValueError):
    """A plan file that cannot be used; names the file, the target and the field."""


class PeriodError(ChildLabourMetricsError, ValueError):
    """A text that cannot be read as a reporting period."""


class UnitRegistryError(ChildLabourMetricsError, ValueError):
    """A unit registry that cannot be used; names the file, rows and fix."""


class CrosswalkError(ChildLabourMetricsError, ValueError):
    """A crosswalk that cannot be applied: ambiguous, cyclic or malformed."""


class CliError(ChildLabourMetricsError):
    """A usage problem on the command line: the message is shown, the exit code is 2."""


class ExportError(ChildLabourMetricsError, ValueError):
    """A table that cannot be exported, or a missing optional package; the message says why."""


class GridError(ChildLabourMetricsError, ValueError):
    """A sheet whose grid cannot be sized safely (not well-formed, unreadable references).

    Its text is a technical detail (an XML element, a reference), never shown
    alone: the reader turns it into the detail of a ``FILE_UNREADABLE`` problem,
    whose message is the registry's.
    """


class InputError(ChildLabourMetricsError, ValueError):
    """A wrong argument or table given to a function: a value not allowed, a missing column.

    The message names what was wrong, the allowed values and what to do.  The
    two subclasses keep the built-in a caller caught before (``KeyError`` for
    an unknown code or a missing column, ``TypeError`` for a value of the wrong
    type); ``except InputError`` catches all three.

    Examples
    --------
    >>> exc = InputError("err_input_bad_method", value="'bogus'",
    ...                  allowed=choices(("sdg", "trajectory")))
    >>> isinstance(exc, ValueError)
    True
    >>> print(exc.message("en"))
    the method 'bogus' is not one of "sdg", "trajectory"; use one of them.
    """


class InputKeyError(InputError, KeyError):
    """An :class:`InputError` that is also a ``KeyError``: an unknown code, a missing column."""


class InputTypeError(InputError, TypeError):
    """An :class:`InputError` that is also a ``TypeError``: a value of the wrong type."""


class InputPathError(InputError, FileNotFoundError):
    """An :class:`InputError` that is also a ``FileNotFoundError``: a path that is not there.

    Examples
    --------
    >>> exc = InputPathError("err_input_no_such_path", paths="round/2025")
    >>> isinstance(exc, FileNotFoundError), exc.message("en")
    (True, 'no such file or folder: round/2025; check the path.')
    """


class UnknownUnitError(InputError, UnitRegistryError):
    """A unit given by code or name that a registry does not resolve to one unit of the period.

    An :class:`InputError` (the argument is wrong, not the registry), and a
    :class:`UnitRegistryError`, the error callers caught for it before.

    Examples
    --------
    >>> exc = UnknownUnitError("err_units_unknown_unit", file="units.csv", field="unit_code",
    ...                        code="99999")
    >>> isinstance(exc, InputError), isinstance(exc, UnitRegistryError), exc.field
    (True, True, 'unit_code')
    """


class LibraryWarning(UserWarning):
    """Base of the library's own warnings: a vocabulary key and its values, like the errors.

    The warning's text is the message in the language of the call that warned;
    :meth:`message` renders it in another.

    Parameters
    ----------
    key : str
        The message's key in the vocabulary.
    lang : {"vi", "en"}
        The language of ``str(warning)``.
    **values
        The values the message names; also attributes of the warning.
    """

    def __init__(self, key: str, *, lang: str = "vi", **values: Any) -> None:
        # A text that is not a key is kept as it is: a warning rebuilt from its
        # text alone (as pytest-xdist and the warnings filters do) stays whole.
        super().__init__(text(key, lang, **values) if key in WORDS else key)
        self.key = key
        self.values = values

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``), its values filled in."""
        if lang not in LANGS:
            raise InputError("err_input_bad_lang", value=repr(lang))
        return text(self.key, lang, **self.values) if self.key in WORDS else self.key

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_warning, (type(self), self.key, str(self), self.values))


class UnitMatchWarning(LibraryWarning):
    """A unit typed by name matched a registry unit only loosely (case, accents, prefix).

    Says what it matched, ``"Xã Cẩm Thượng" → Phường Cẩm Thượng (10507)``, so
    that the user can check the unit; ``typed``, ``code`` and ``name`` are
    attributes.

    Examples
    --------
    >>> w = UnitMatchWarning("template_unit_matched", lang="en", typed="Xã Cẩm Thượng",
    ...                      code="10507", name="Phường Cẩm Thượng", file="units.csv")
    >>> w.code, str(w).split(":")[0]
    ('10507', '"Xã Cẩm Thượng" → Phường Cẩm Thượng (10507)')
    """

    def __init__(self, key: str, *, lang: str = "vi", **values: Any) -> None:
        super().__init__(key, lang=lang, **values)
        self.typed = values.get("typed")
        self.code = values.get("code")
        self.name = values.get("name")


def _rebuild_warning(cls: type[LibraryWarning], key: str, shown: str,
                     values: dict[str, Any]) -> LibraryWarning:
    warning = cls(key, **values)
    warning.args = (shown,)  # the text in the language it was given in
    return warning
