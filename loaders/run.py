"""Load one file: recognise its kind, validate it, store it in one transaction, report what changed.

The same function serves the command line (``python -m loaders``) and the app's Data page, so both give the same
messages. A refused file, a dry run and a file that changes nothing all leave the database exactly as it was. On
SQLite, a load that finds the database locked by another load waits (the engine's busy timeout), then its whole
transaction is tried again (``retry_when_locked``); a database that cannot be used raises SQLAlchemy's error, which
the command line and the app turn into one plain line (``improvement.db.unavailable``).

This is the loaders' public face: callers outside the loaders (the Data page, scripts, tests) import ``load_source``
and its ``Source``, ``LoadResult``, ``Problem``, ``FileRefused`` (and ``UnrecognisedFile``) and ``Changes`` from
here.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, select

from improvement import queries
from improvement.access import Access, Permission, council_label
from improvement.db import migrate, session_scope
from improvement.db.access import Action, record
from improvement.db.models import Load
from improvement.db.unavailable import retry_when_locked
from improvement.text import printable
from loaders.framework.base import Changes, FileRefused, LoaderKind, Problem, Source, shortened
from loaders.framework.readers import check_readable
from loaders.framework.recognition import UnrecognisedFile, unrecognised
from loaders.registry import KINDS, kind_named

__all__ = [
    "Changes",
    "FileRefused",
    "LoadResult",
    "Problem",
    "Source",
    "UnrecognisedFile",
    "load_source",
    "prepare",
    "recognise",
]

Progress = Callable[[float, str], None]


@dataclass
class LoadResult:
    source: str
    kind: str | None
    dry_run: bool
    changes: Changes | None = None
    problems: list[Problem] = field(default_factory=list)
    load_id: int | None = None
    already_loaded_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """What happened, in the words the command line prints and the Data page shows (no control characters)."""
        return printable(self._summary())

    def _summary(self) -> str:
        if self.problems:
            lines = [f"{self.source}: REFUSED ({len(self.problems)} problem(s)); nothing was stored."]
            lines += [f"  - {problem}" for problem in self.problems]
            return "\n".join(lines)
        if self.already_loaded_at is not None:
            return (
                f"{self.source} ({self.kind}): already loaded on {self.already_loaded_at:%d %B %Y at %H:%M}; "
                "nothing changed."
            )
        verb = "would change" if self.dry_run else "loaded"
        head = f"{self.source} ({self.kind}): {verb}" + (f" as load {self.load_id}" if self.load_id else "")
        if self.changes is None or self.changes.rows_written == 0:
            head = f"{self.source} ({self.kind}): nothing new; the database already holds all of it."
        lines = [head] + [f"  {change}" for change in (self.changes.tables.values() if self.changes else [])]
        lines += [f"  note: {note}" for note in (self.changes.notes if self.changes else [])]
        return "\n".join(lines)


def recognise(source: Source) -> LoaderKind:
    """The kind of file ``source`` is, from its content. Refused (``FileRefused``) if no kind could read it (empty,
    too big, not text, not a workbook, not separated by commas...), or (``UnrecognisedFile``) if it can be read but
    no kind recognises it, naming the closest kind and what the file lacks."""
    check_readable(source)
    for kind in KINDS:
        if kind.recognises(source):
            return kind
    raise unrecognised(source, KINDS)


def load_source(
    engine: Engine,
    source: Source,
    kind: str | None = None,
    *,
    dry_run: bool = False,
    loaded_by: str | None = None,
    progress: Progress | None = None,
    options: dict[str, str] | None = None,
    access: Access | None = None,
) -> LoadResult:
    """Validate and store ``source`` in one transaction (rolled back for a dry run or any problem).

    ``options`` reach the kind's ``read_with_options`` (e.g. Annex A's ``authority`` and ``extract_date``). With
    options the same file may mean different rows, so it is read again rather than called "already loaded"; if
    nothing differs, nothing is written.

    ``access`` is the signed-in person's (the app passes it; the command line, an operator on the server, does
    not): what they may not load is refused, before the file is read where the kind or the chosen council already
    says so, and otherwise once the rows are known, inside the transaction, so nothing is stored."""
    report = progress or (lambda _fraction, _message: None)
    result = LoadResult(source=source.name, kind=kind, dry_run=dry_run)
    try:
        _check_name(source)
        if kind:
            check_readable(source)  # what no kind could read is refused before the kind tries
        loader = kind_named(kind) if kind else recognise(source)
        result.kind = loader.kind
        if access is not None:
            check_may_load(access, loader, source, (options or {}).get("authority"))
            loaded_by = loaded_by or (access.principal if access.signed_in else None)
        earlier = _earlier_load_of_same_file(engine, source, loader.kind)
        if earlier is not None and not options:
            result.already_loaded_at = earlier
            return result
        report(0.1, f"Reading {source.name} as {loader.title}")
        parsed = loader.read_with_options(source, options)
        report(0.5, "Checking against the database and storing")
        result.changes, result.load_id = retry_when_locked(
            lambda: _store(engine, loader, parsed, source, dry_run, loaded_by, access)
        )
        report(1.0, "Done")
    except FileRefused as refused:
        result.problems = refused.problems
        result.changes, result.load_id = None, None
    return result


def _check_name(source: Source) -> None:
    """Refuse a file whose name the load history cannot hold (it is never cut short)."""
    limit = Load.__table__.c.source_name.type.length
    if len(source.name) > limit:
        raise FileRefused(
            [
                Problem(
                    shortened(source.name),
                    f"the file's name is {len(source.name)} characters long; at most "
                    f"{limit} fit in the load history: rename the file",
                )
            ]
        )


class _RollBack(Exception):  # noqa: N818 (control flow: leave the transaction without keeping anything)
    pass


def check_may_load(access: Access, loader: LoaderKind, source: Source, council: str | None) -> None:
    """Refuse, before the file is read, what ``access`` may not load whatever the file holds."""
    if loader.manages_access:
        allowed, why = access.may(Permission.MANAGE_ACCESS), "only an admin may load grants"
    elif loader.covers_every_council:
        allowed = access.every_council(Permission.LOAD)
        why = f"{loader.title} is about every council: only someone who may load files for all councils may load it"
    elif council is not None:
        allowed, why = access.may(Permission.LOAD, council), f"your access does not include loading for {council}"
    else:
        allowed, why = access.may(Permission.LOAD), "your access does not include loading files"
    if not allowed:
        raise FileRefused([Problem(source.name, why)])


def councils_written(connection: Connection, load_id: int) -> set[str]:
    """The councils whose rows the load ``load_id`` wrote (its own data, and the council rows themselves)."""
    return {council for _load, council in connection.execute(queries.councils_written(load_id, council_rows=True))}


def _check_councils_written(written: set[str], access: Access, source: Source) -> None:
    others = sorted(code for code in written if not access.may(Permission.LOAD, code))
    if others:
        raise FileRefused(
            [
                Problem(
                    source.name,
                    f"holds rows for {', '.join(map(council_label, others))}, which your access does not include "
                    "loading for: load only your councils' files, or ask an admin for access",
                )
            ]
        )


def _store(
    engine: Engine,
    loader: LoaderKind,
    parsed,
    source: Source,
    dry_run: bool,
    loaded_by: str | None,
    access: Access | None = None,
) -> tuple[Changes, int | None]:
    changes: Changes | None = None
    load_id: int | None = None
    try:
        with session_scope(engine) as session:
            load = Load(
                kind=loader.kind,
                source_name=source.name,
                file_hash=source.sha256,
                loaded_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                loaded_by=loaded_by or getpass.getuser(),
                row_count=0,
                outcome="loaded",
                is_synthetic=loader.is_synthetic,
            )
            session.add(load)
            session.flush()
            changes = loader.store(session, parsed, load, source)
            load.row_count = changes.rows_written
            session.flush()
            councils = sorted(councils_written(session.connection(), load.id))
            if access is not None:
                _check_councils_written(set(councils), access, source)
            if dry_run or changes.rows_written == 0:
                raise _RollBack
            record(
                session.connection(),
                load.loaded_by,
                Action.LOAD,
                f"{source.name} ({loader.kind}) as load {load.id}: {changes.rows_written} rows",
                councils[0] if len(councils) == 1 else None,
            )
            load_id = load.id
    except _RollBack:
        load_id = None
    return changes, load_id


def _earlier_load_of_same_file(engine: Engine, source: Source, kind: str) -> dt.datetime | None:
    with engine.connect() as connection:
        return connection.scalar(
            select(Load.loaded_at)
            .where(Load.file_hash == source.sha256, Load.kind == kind, Load.outcome == "loaded")
            .order_by(Load.loaded_at.desc())
            .limit(1)
        )


def prepare(engine: Engine) -> None:
    """Create or migrate the schema, as the app does on start."""
    migrate(engine)
