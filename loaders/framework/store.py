"""The one store: what a file's tables hold is checked against the database, then written, newest wins.

``store_file`` takes the tables read from one file (``loaders.framework.tables``) and, in the load's transaction:

1. **checks** every table, in the file's order, before anything is written: each row's authority (named by its new
   or old LA code, in this file or already stored), each code it uses to name another row (``Reference``: in this
   file or already stored), a ``catalogue`` row against the stored one, each figure of a measure against its
   unit's range (``loaders.framework.plausible``), the table's own database rules, and keys repeated once codes
   are resolved. Every problem is collected; any one refuses the whole file;
2. **writes** every table in order, each after the tables it refers to, so a code can name a row of the same file:
   codes become the ids of the newest rows they name, and each row is compared (``compare.same``) with the
   **newest stored row for its key**: a new key is *added*, a different value is *changed* (a new row: the old one
   stays as history), the same value is *unchanged* and nothing is written for it; a monthly figure far out of
   line with its series is noted (``plausible.jump_notes``). A ``catalogue`` row already
   stored is kept as it is; a ``version``ed row (a RAG report) and its parts (its ratings) are compared as one and
   stored as the key's next version when anything differs.

A ``snapshot`` (the demo seed's programme) goes through the same checks and comparisons and writes every row, so
the load holds the whole programme; only the kinds' own file rules are not applied to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, select

from improvement.db.models import Authority
from improvement.queries.sql import newest_per_key
from loaders.framework import plausible
from loaders.framework.authorities import authority_lookup
from loaders.framework.base import Changes, FileRefused, Problem
from loaders.framework.bulk import BATCH, insert_frame
from loaders.framework.compare import plain, plain_values, same, set_column
from loaders.framework.readers import ROW
from loaders.framework.tables import AUTHORITY, ReadFile, ReadTable, Reference, StoredTable, repeated_keys


@dataclass(frozen=True)
class Difference:
    """What a new version changes: a column of the record (``part`` None) or of one of its parts; ``column``
    None is a part the stored version does not have (``new`` holds its values)."""

    part: tuple | None
    column: str | None
    old: Any
    new: Any


@dataclass
class Version:
    """What became of one versioned record: the version it is now, the newest stored before, what differs."""

    record: dict
    number: int
    previous: int | None
    differences: list[Difference]

    @property
    def written(self) -> bool:
        return self.number != self.previous


@dataclass
class Stored:
    changes: Changes
    written: int = 0
    versions: list[Version] = field(default_factory=list)


def store_file(
    connection: Connection,
    parsed: ReadFile,
    load_id: int,
    *,
    snapshot: bool = False,
    changes: Changes | None = None,
) -> Stored:
    """Check and store ``parsed`` with ``load_id`` (see the module's text), counting what it did in ``changes``
    (new ones by default) after what is there; raise ``FileRefused`` listing every problem, having written
    nothing."""
    changes = changes or Changes()
    changes.notes += parsed.notes
    return _Store(connection, parsed, load_id, snapshot, changes).run()


class _Authorities:
    """The new LA code each authority code means (this file's authority table first, then the database), and the
    id of each, known once it is stored."""

    def __init__(self, connection: Connection, parsed: ReadFile) -> None:
        self.defined: dict[str, str] = {}
        codes: set = set()
        for read in parsed.tables:
            frame, table = read.frame, read.table
            if table.defines_authorities:
                old = frame["old_la_code"] if "old_la_code" in frame else [None] * len(frame)
                for code, old_code in zip(frame["code"], old, strict=True):
                    self.defined[code] = code
                    if old_code:
                        self.defined[old_code] = code
            elif table.authority in frame:
                codes.update(frame[table.authority].tolist())
        self.stored = authority_lookup(connection, codes | set(self.defined))
        self.ids = {new_code: authority_id for authority_id, new_code in self.stored.values()}

    def new_code(self, code: Any) -> str | None:
        if code in self.defined:
            return self.defined[code]
        found = self.stored.get(code)
        return None if found is None else found[1]

    def refresh(self, connection: Connection) -> None:
        codes = set(self.defined.values()) | set(self.ids)
        self.ids = dict(connection.execute(select(Authority.code, Authority.id).where(Authority.code.in_(codes))).all())


class _Store:
    def __init__(self, connection: Connection, parsed: ReadFile, load_id: int, snapshot: bool, changes: Changes):
        self.c, self.parsed, self.load_id, self.snapshot = connection, parsed, load_id, snapshot
        self.result = Stored(changes)
        self.authorities = _Authorities(connection, parsed)
        self.frames: dict[str, pd.DataFrame] = {}
        self.outcomes: dict[str, dict[tuple, tuple[int, str]]] = {}  # versioned table -> code key -> (number, how)
        self.parts_how: dict[str, list[str]] = {}  # part table -> each row's outcome, its record's

    def run(self) -> Stored:
        problems: list[Problem] = []
        for read in self.parsed.tables:
            problems += self._check(read)
        if problems:
            raise FileRefused(problems)
        for read in self.parsed.tables:
            self._write(read)
        return self.result

    # --- the keys, as codes (before anything is written) and as ids ---------------------------------------

    def key(self, table: StoredTable) -> list[str]:
        versioned = [table.version] if self.snapshot and table.version else []
        return [*table.key, *versioned]

    def code_key(self, table: StoredTable) -> list[str]:
        """The key with the authority and each referred row named by their codes, as the file gives them."""
        names: list[str] = []
        for name in self.key(table):
            reference = next((ref for ref in table.references if ref.id_column == name), None)
            if name == "authority_id":
                names.append(AUTHORITY)
            elif reference is not None:
                names += [AUTHORITY] * reference.per_authority + list(reference.columns)
            else:
                names.append(name)
        return list(dict.fromkeys(names))

    # --- checking ---------------------------------------------------------------------------------------------

    def _check(self, read: ReadTable) -> list[Problem]:
        table, frame, problems = read.table, read.frame.copy(deep=False), []  # its own columns (copy on write)
        if table.defines_authorities:
            set_column(frame, AUTHORITY, frame["code"].tolist())
        elif table.authority is not None:
            codes = frame[table.authority].tolist()
            meaning = {code: self.authorities.new_code(code) for code in set(codes)}
            new_codes = list(map(meaning.get, codes))
            set_column(frame, AUTHORITY, new_codes)
            if table.part_of is None:  # a part's authority is its record's, and said there
                unknown = [
                    read.problem(table.unknown_authority, row=row, column=table.authority, value=code)
                    for row, code, new_code in zip(frame[ROW], codes, new_codes, strict=True)
                    if new_code is None
                ]
                problems += dict.fromkeys(unknown)  # said once where a table places it for the whole file
        self.frames[table.spec.name] = frame
        known = frame[frame[AUTHORITY].notna()] if AUTHORITY in frame else frame
        if table.catalogue:
            problems += self._conflicts(read, known)
        for reference in table.references:
            problems += self._check_reference(read, known, reference)
        problems += plausible.measure_problems(self.c, read, known, self.frames)
        if not self.snapshot:
            problems += table.check_stored(self.c, read, known, self.authorities.ids)
        return problems + repeated_keys(read, known, self.code_key(table))

    def _conflicts(self, read: ReadTable, frame: pd.DataFrame) -> list[Problem]:
        table = read.table
        stored = self._stored(table, frame, list(table.key))
        problems = []
        for row in frame.to_dict("records"):
            kept = stored.get(tuple(plain(row[name]) for name in table.key))
            if kept is not None:
                problems += table.conflicts(read, row, dict(zip(table.compared, kept, strict=True)))
        return problems

    def _check_reference(self, read: ReadTable, frame: pd.DataFrame, ref: Reference) -> list[Problem]:
        authorities = frame[AUTHORITY].tolist() if ref.per_authority else [None] * len(frame)
        known = self._known(ref, set(authorities))
        problems = []
        for row, authority, cells in zip(frame[ROW], authorities, self._cells(frame, ref.columns), strict=True):
            if ref.optional and all(cell is None for cell in cells):
                continue
            if cells not in known.get(authority, {}):
                listed = ", ".join(" + ".join(str(part) for part in codes) for codes in known.get(authority, {}))
                message = ref.message.format(authority=authority, known=listed)
                problems.append(read.problem(message, row=row, column=ref.columns[-1], value=cells[-1]))
        return problems

    @staticmethod
    def _cells(
        frame: pd.DataFrame, columns: tuple[str, ...] | list[str], each: bool = False
    ) -> list[tuple] | Iterator[tuple]:
        """The values of ``columns``, row by row, as they compare (``each``: made one at a time, not kept)."""
        rows = zip(*(plain_values(frame[column].tolist()) for column in columns), strict=True)
        return rows if each else list(rows)

    def _known(self, ref: Reference, authorities: set) -> dict[Any, dict[tuple, None]]:
        """Authority (new LA code, or None) -> the codes ``ref`` may name for it: stored, then in this file."""
        known: dict[Any, dict[tuple, None]] = {}
        ids = [self.authorities.ids[code] for code in authorities if code in self.authorities.ids]
        new_code = {authority_id: code for code, authority_id in self.authorities.ids.items()}
        for authority_id, codes, _ in self._newest(ref, ids):
            known.setdefault(new_code.get(authority_id), {})[codes] = None
        defining = self.frames.get(ref.defined_by or "")
        if defining is not None:
            owners = defining[AUTHORITY].tolist() if ref.per_authority else [None] * len(defining)
            for authority, codes in zip(owners, self._cells(defining, ref.codes), strict=True):
                known.setdefault(authority, {})[codes] = None
        return known

    def _newest(self, ref: Reference, authority_ids: list[int]) -> list[tuple[int | None, tuple, int]]:
        """(authority id or None, codes, id) of the newest stored row for each code ``ref`` may name."""
        model = ref.model.__table__
        owner = [model.c.authority_id] if ref.per_authority else []
        codes = [model.c[name] for name in ref.codes]
        statement = select(*owner, *codes, model.c.id, *(model.c[name] for name in ref.order))
        if ref.per_authority:
            statement = statement.where(model.c.authority_id.in_(authority_ids))
        newest = newest_per_key(statement, owner + codes, [model.c.load_id, model.c.id])
        newest = newest.order_by(*(newest.selected_columns[name] for name in ref.order))
        width = len(codes)
        return [
            (
                row[0] if ref.per_authority else None,
                tuple(plain(v) for v in row[len(owner) : len(owner) + width]),
                row[len(owner) + width],
            )
            for row in self.c.execute(newest)
        ]

    # --- writing ----------------------------------------------------------------------------------------------

    def _write(self, read: ReadTable) -> None:
        table, frame = read.table, self.frames[read.table.spec.name]
        if AUTHORITY in frame and not table.defines_authorities:
            set_column(frame, "authority_id", list(map(self.authorities.ids.get, frame[AUTHORITY].tolist())))
        parent = self._parent(table)
        if parent is not None:
            self._take_versions(table, frame, parent)
        for reference in table.references:
            self._set_ids(read, frame, reference)
        if table.catalogue:
            self._write_catalogue(table, frame)
        elif table.version and not self.snapshot:
            self._write_versions(read, frame)
        elif parent is not None:
            self._write_parts(table, frame)
        else:
            self._write_newest(read, frame)
        if table.defines_authorities:
            self.authorities.refresh(self.c)

    def _set_ids(self, read: ReadTable, frame: pd.DataFrame, ref: Reference) -> None:
        owners = frame["authority_id"].tolist() if ref.per_authority else [None] * len(frame)
        ids = {(owner, codes): row_id for owner, codes, row_id in self._newest(ref, sorted(set(owners) - {None}))}
        cells = self._cells(frame, ref.columns)
        found = [ids.get(key) for key in zip(owners, cells, strict=True)]
        unresolved = [
            position
            for position, (row_id, codes) in enumerate(zip(found, cells, strict=True))
            if row_id is None and not (ref.optional and all(code is None for code in codes))
        ]
        if unresolved:  # every code was checked before anything was written: only a bug could get here
            raise FileRefused(
                [
                    read.problem(
                        ref.message.format(
                            authority=frame[AUTHORITY].iloc[position] if AUTHORITY in frame else None, known=""
                        ),
                        row=frame[ROW].iloc[position],
                        column=ref.columns[-1],
                        value=cells[position][-1],
                    )
                    for position in unresolved
                ]
            )
        set_column(frame, ref.id_column, found)

    def _insert(self, table: StoredTable, frame: pd.DataFrame) -> None:
        if len(frame):
            self.result.written += insert_frame(self.c, table.model, frame, self.load_id)

    def _write_catalogue(self, table: StoredTable, frame: pd.DataFrame) -> None:
        stored = self._stored(table, frame, list(table.key))
        new = [key not in stored for key in self._cells(frame, table.key)]
        change = self.result.changes.table(table.name)
        change.added += sum(new)
        change.unchanged += len(new) - sum(new)
        self._insert(table, frame[new])

    def _write_newest(self, read: ReadTable, frame: pd.DataFrame) -> None:
        table = read.table
        key = self.key(table)
        stored = self._stored(table, frame, key)
        vanishing = type(table).vanished is not StoredTable.vanished
        keys = self._cells(frame, key) if stored and vanishing else []
        how = ["added"] * len(frame)  # all of them, when nothing is stored for the file's scope
        if stored:
            rows = keys or self._cells(frame, key, each=True)
            values = self._cells(frame, table.compared, each=True) if table.compared else [()] * len(frame)
            for position, (row_key, row_values) in enumerate(zip(rows, values, strict=True)):
                earlier = stored.get(row_key)
                if earlier is not None:  # equal values are the same; others as ``same`` says
                    unchanged = row_values == earlier or all(map(same, row_values, earlier))
                    how[position] = "unchanged" if unchanged else "changed"
        if table.noted_jumps and not self.snapshot:
            self.result.changes.notes += plausible.jump_notes(read, frame, stored, key)
        counted = frame[table.counted_by].tolist() if table.counted_by else [None] * len(how)
        for (value, outcome), count in Counter(zip(counted, how, strict=True)).items():
            change = self.result.changes.table(table.name if table.counted_by is None else f"{table.name} {value}")
            setattr(change, outcome, getattr(change, outcome) + count)
        to_write = frame if self.snapshot or "unchanged" not in how else frame[[o != "unchanged" for o in how]]
        if vanishing:
            present = set(keys)
            gone = [
                row
                for row_key, earlier in stored.items()
                if row_key not in present
                and (
                    row := table.vanished(
                        dict(zip(key, row_key, strict=True)), dict(zip(table.compared, earlier, strict=True))
                    )
                )
                is not None
            ]
            self.result.changes.table(table.name).changed += len(gone)
            to_write = pd.concat([to_write, pd.DataFrame(gone)], ignore_index=True) if gone else to_write
        self._insert(table, to_write)

    def _stored(self, table: StoredTable, frame: pd.DataFrame, key: list[str]) -> dict[tuple, tuple]:
        """Key -> ``compared`` values of the newest stored row for each key, of the rows in the file's scope."""
        scope = list(table.key if table.catalogue else table.stored_scope)
        statement, column = self._statement(table, [*key, *table.compared], also=scope)
        for name in scope:
            values = list(dict.fromkeys(plain_values(frame[name].tolist())))
            statement = statement.where(column(name).in_(values))
        model = table.model.__table__
        newest = newest_per_key(statement, [column(name) for name in key], [model.c.load_id, model.c.id])
        result = self.c.execute(newest)
        columns: list[list] = [[] for _ in range(len(key) + len(table.compared))]
        for rows in result.partitions(BATCH):  # column by column, never a list of every row
            for values, more in zip(columns, zip(*rows, strict=True), strict=True):
                values.extend(more)
        if not columns[0]:
            return {}
        keys = zip(*(plain_values(values) for values in columns[: len(key)]), strict=True)
        compared = zip(*columns[len(key) :], strict=True) if table.compared else [()] * len(columns[0])
        return dict(zip(keys, compared, strict=True))

    @staticmethod
    def _statement(table: StoredTable, names: list[str], also: list[str] = ()) -> tuple[Select, Any]:
        """A select of ``names`` from ``table``'s model, and the column of each of ``names`` and ``also``: a code of
        a referred row through a join, the authority through a referred row when the model has none of its own."""
        model = table.model.__table__
        joined: dict[Reference, Any] = {}

        def resolve(name: str):
            if name in model.c:
                return model.c[name]
            ref = next((ref for ref in table.references if name in ref.columns), None)
            if ref is None and name == "authority_id":  # the authority of a referred row
                ref = next(ref for ref in table.references if ref.per_authority)
            if ref is None:
                raise KeyError(f"{table.name} has no column {name!r}")
            alias = joined.setdefault(ref, ref.model.__table__.alias())
            return alias.c.authority_id if name not in ref.columns else alias.c[ref.codes[ref.columns.index(name)]]

        columns = {name: resolve(name) for name in dict.fromkeys([*names, *also])}
        source = model
        for ref, alias in joined.items():
            source = source.outerjoin(alias, alias.c.id == model.c[ref.id_column])
        return select(*(columns[name].label(name) for name in names)).select_from(source), columns.__getitem__

    # --- versions: a record and its parts, compared and stored as one ------------------------------------------

    def _parent(self, table: StoredTable | None) -> tuple[StoredTable, Reference] | None:
        """For a part (in a file, not a snapshot): its versioned table and the reference naming its record."""
        if table is None or table.part_of is None or self.snapshot:
            return None
        parent = self.parsed.table(table.part_of).table
        return parent, next(ref for ref in table.references if ref.model is parent.model)

    @staticmethod
    def _owner(parent: tuple[StoredTable, Reference]) -> list[str]:
        """A part's columns naming its record (as codes, the version left out)."""
        table, ref = parent
        return [AUTHORITY, *(name for name in ref.columns if name != table.version)]

    def _write_versions(self, read: ReadTable, frame: pd.DataFrame) -> None:
        table = read.table
        part = next((r.table for r in self.parsed.tables if r.table.part_of == table.spec.name), None)
        code_key, numbers, written = self.code_key(table), [], []
        change = self.result.changes.table(table.name)
        outcomes = self.outcomes.setdefault(table.spec.name, {})
        model = table.model.__table__
        for record in frame.to_dict("records"):
            statement, column = self._statement(table, ["id", table.version, *table.compared], also=list(table.key))
            for name in table.key:
                statement = statement.where(column(name) == record[name])
            newest = newest_per_key(statement, [column(name) for name in table.key], [model.c[table.version]])
            stored = self.c.execute(newest).first()
            owner = tuple(record[name] for name in code_key)
            differences = [] if stored is None else self._differences(table, record, stored, part, owner)
            if stored is None:
                number, how = 1, "added"
            else:
                number, how = (stored[1] + 1, "changed") if differences else (stored[1], "unchanged")
            outcomes[owner] = (number, how)
            setattr(change, how, getattr(change, how) + 1)
            numbers.append(number)
            written.append(how != "unchanged")
            previous = None if stored is None else stored[1]
            self.result.versions.append(Version(record | {table.version: number}, number, previous, differences))
        set_column(frame, table.version, numbers)
        self._insert(table, frame[written])

    def _differences(self, table: StoredTable, record: dict, stored, part: StoredTable | None, owner: tuple):
        """How ``record`` and its parts in this file differ from the ``stored`` version (id, version, compared)."""
        differences = [
            Difference(None, name, old, record[name])
            for name, old in zip(table.compared, stored[2:], strict=True)
            if not same(record[name], old)
        ]
        if part is None:
            return differences
        parent = self._parent(part)
        frame = self.frames[part.spec.name]
        mine = frame[[tuple(row) == owner for row in zip(*(frame[c] for c in self._owner(parent)), strict=True)]]
        key = [
            name for name in self.code_key(part) if name not in self._owner(parent) and name not in parent[1].columns
        ]
        statement, _ = self._statement(part, [*key, *part.compared])
        rows = self.c.execute(statement.where(part.model.__table__.c[parent[1].id_column] == stored[0]))
        old = {tuple(row[: len(key)]): dict(zip(part.compared, row[len(key) :], strict=True)) for row in rows}
        new = {tuple(row[k] for k in key): {c: row[c] for c in part.compared} for row in mine.to_dict("records")}
        for part_key, values in new.items():
            earlier = old.get(part_key)
            if earlier is None:
                differences.append(Difference(part_key, None, None, values))
                continue
            differences += [
                Difference(part_key, name, earlier[name], value)
                for name, value in values.items()
                if not same(value, earlier[name])
            ]
        differences += [
            Difference(part_key, None, values, None) for part_key, values in old.items() if part_key not in new
        ]
        return differences

    def _take_versions(self, part: StoredTable, frame: pd.DataFrame, parent: tuple[StoredTable, Reference]) -> None:
        """Each part row gets its record's version (so its reference names the record), and its outcome."""
        outcomes = self.outcomes[parent[0].spec.name]
        found = [outcomes[tuple(row)] for row in zip(*(frame[c] for c in self._owner(parent)), strict=True)]
        set_column(frame, parent[0].version, [number for number, _ in found])
        self.parts_how[part.spec.name] = [how for _, how in found]

    def _write_parts(self, part: StoredTable, frame: pd.DataFrame) -> None:
        """Parts are written with their record, and counted as it is: added, changed (a new version) or unchanged."""
        how = self.parts_how[part.spec.name]
        change = self.result.changes.table(part.name)
        for outcome, count in Counter(how).items():
            setattr(change, outcome, getattr(change, outcome) + count)
        self._insert(part, frame[[outcome != "unchanged" for outcome in how]])
