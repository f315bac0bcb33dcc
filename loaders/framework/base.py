"""What every loader shares: the file being loaded, the problems found in it, and what a load changed.

A loader is one ``LoaderKind``: it recognises its files from their content, reads and validates them without
touching the database (``read``), and stores what it read inside the transaction it is given (``store``).
``loaders.run`` wraps that in one transaction per file, records the ``load``, and rolls everything back on any
problem or for a dry run, so a refused file leaves the database exactly as it was. Most kinds are a
``loaders.framework.tables.TableKind``: they declare their tables and the framework reads, checks and stores them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from improvement.db.models import Load
from improvement.text import printable

ZIP_SIGNATURE = b"PK\x03\x04"
"""How a zip file, and so an .xlsx workbook, begins."""


@dataclass(frozen=True)
class Source:
    """A file to load: its name (for messages) and its bytes (from disk, or uploaded in the app)."""

    name: str
    content: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        path = Path(path)
        return cls(name=path.name, content=path.read_bytes())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def is_workbook(self) -> bool:
        return self.content[:4] == ZIP_SIGNATURE  # an .xlsx is a zip file, whatever its name says


class Described(str):
    """Words standing in for a value a message must not show (``<withheld: a date>``): shown as they are."""

    __slots__ = ()


def as_written(value: Any) -> str:
    """A value as a message shows it, the one place that does: text quoted, a date as a UK spreadsheet shows it
    (``'13/07/2023'``, never ``datetime.date(2023, 7, 13)``), a number as Python writes it, ``Described`` words
    as they are."""
    if isinstance(value, Described):
        return str(value)
    if isinstance(value, np.generic):  # numpy 2 writes np.float64(3.0)
        value = value.item()
    if isinstance(value, dt.datetime):
        return repr(f"{value:%d/%m/%Y}" if value.time() == dt.time(0) else f"{value:%d/%m/%Y %H:%M}")
    if isinstance(value, dt.date):
        return repr(f"{value:%d/%m/%Y}")
    return repr(value)


def as_text(value: Any) -> str:
    """A value inside a message's own words (a repeated key's parts): ``as_written`` without the quotes."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.date):
        return as_written(value)[1:-1]
    return str(value)


def shortened(text: str, width: int = 60) -> str:
    """Long text as a message quotes it (the stored value is never cut): its first characters and '...'."""
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, precise enough to find and fix: where, what was there, what was expected."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # as the spreadsheet numbers it: the header is row 1
    column: str | None = None
    value: Any = None

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet:
            place.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column '{self.column}'")
        found = f" (found {as_written(self.value)})" if self.value is not None else ""
        return printable(f"{', '.join(place)}: {self.message}{found}")  # no control characters from loaded text


class FileRefused(Exception):  # noqa: N818 (a refusal, not a programming error)
    """A file that cannot be loaded, with every problem found in it. Nothing has been stored."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"- {problem}" for problem in problems[:50])
        more = f"\n- ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def refuse(file: str, message: str, **where: Any) -> FileRefused:
    """A refusal with a single problem, for ``raise refuse(...)``."""
    return FileRefused([Problem(file=file, message=message, **where)])


@dataclass
class TableChange:
    """What a load did to one table: rows added, rows that replace an earlier value, rows already there."""

    table: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.table}: {self.added} added, {self.changed} changed, {self.unchanged} unchanged"


@dataclass
class Changes:
    """The per-table summary a loader's ``store`` returns (printed by the CLI, previewed by the Data page)."""

    tables: dict[str, TableChange] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> TableChange:
        return self.tables.setdefault(name, TableChange(name))

    @property
    def rows_written(self) -> int:
        return sum(change.added + change.changed for change in self.tables.values())


@dataclass(frozen=True)
class Layout:
    """What a kind's files look like, to tell someone whose file no kind recognises which kind it comes closest to
    (``loaders.framework.recognition``): a CSV file's header (``columns`` it must name, ``optional`` ones it may, and
    any others when ``other_columns``), with ``sheet`` the name a workbook sheet holding such a table must have; or
    a workbook's ``sheets``."""

    columns: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    other_columns: bool = False
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


class LoaderKind:
    """One kind of file. Subclasses set ``kind`` and ``title`` and implement the three methods."""

    kind: str = ""
    title: str = ""
    is_synthetic: bool = False
    covers_every_council: bool = False  # DfE's tables and the like: only someone with every council may load it
    manages_access: bool = False  # the grants file: only an admin may load it
    layouts: tuple[Layout, ...] = ()
    """What this kind's files look like (headers, sheets), to name the closest kind when none recognises a file."""

    def templates(self) -> dict[str, bytes]:
        """Blank templates for this kind: file name in data/templates/ -> content (see ``loaders.templates``)."""
        return {}

    def recognises(self, source: Source) -> bool:
        """Whether ``source`` looks like this kind of file, from its content (columns, sheet names)."""
        raise NotImplementedError

    def read(self, source: Source) -> Any:
        """Parse and validate ``source`` without the database; raise ``FileRefused`` listing every problem."""
        raise NotImplementedError

    def read_with_options(self, source: Source, options: dict[str, str] | None) -> Any:
        """``read`` with the options given on the command line (e.g. Annex A's authority and extract date).
        Kinds that take no options need not override it."""
        return self.read(source)

    def loading_rank(self, source: Source) -> int:
        """Where ``source`` comes among the files of this kind loaded together (lowest first): e.g. the plan's
        workbook, then its CSV tables in the order they refer to each other. Most kinds keep the order given."""
        return 0

    def store(self, session: Session, parsed: Any, load: Load, source: Source) -> Changes:
        """Write ``parsed`` in the open transaction, every row with ``load.id``; raise ``FileRefused`` for
        problems only the database can reveal (an unknown measure or priority area)."""
        raise NotImplementedError
