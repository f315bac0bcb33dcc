"""A kind of file made of declared tables: read by their specs, stored by the framework's one store.

Most kinds are a ``TableKind``: they list their ``StoredTable``s (``loaders.framework.tables``) and override a hook
or two, e.g. how a workbook's sheets are checked (``raw_tables``) or which table a CSV file holds (``csv_table``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from improvement.db.models import Load
from loaders.framework.base import Changes, FileRefused, Layout, LoaderKind, Problem, Source
from loaders.framework.readers import RawTable, csv_header, read_csv, read_workbook, sheet_names
from loaders.framework.schema import validate
from loaders.framework.store import store_file
from loaders.framework.tables import ReadFile, StoredTable, read_table
from loaders.framework.templates import workbook_template


class TableKind(LoaderKind):
    """A kind of file made of ``tables`` (stored in that order). A CSV file holds one of them, recognised by its
    header holding every required column; a workbook holds any of them as sheets named like the tables."""

    tables: tuple[StoredTable, ...] = ()
    read_order: tuple[str, ...] = ()  # spec names, if problems are reported in another order than tables are stored
    workbook_template_name: str | None = None  # e.g. "risks.xlsx" for a multi-table kind

    # --- recognising ---------------------------------------------------------------------------------

    def recognises(self, source: Source) -> bool:
        if source.is_workbook:
            sheets = set(sheet_names(source))
            return any(table.spec.name in sheets for table in self.tables)
        return self.csv_table(csv_header(source)) is not None

    @property
    def layouts(self) -> tuple[Layout, ...]:
        """Each table's header (as a CSV file, or a sheet named like the table), and the workbook's sheets."""
        headers = tuple(
            Layout(
                columns=tuple(table.header_columns),
                optional=tuple(name for name in table.spec.column_names if name not in table.header_columns),
                other_columns=table.spec.extra_columns_allowed,
                sheet=table.spec.name,
            )
            for table in self.tables
        )
        return (*headers, Layout(sheets=tuple(table.spec.name for table in self.tables)))

    def loading_rank(self, source: Source) -> int:
        """A workbook first, then a CSV file by its table's place in ``tables`` (risks before their reviews)."""
        if source.is_workbook:
            return -1
        table = self.csv_table(csv_header(source))
        return self.tables.index(table) if table is not None else len(self.tables)

    def csv_table(self, header: list[str]) -> StoredTable | None:
        """The table a CSV file with this header holds, or None."""
        present = set(header)
        return next((table for table in self.tables if set(table.header_columns) <= present), None)

    # --- reading (no database) -----------------------------------------------------------------------

    def read(self, source: Source) -> ReadFile:
        raws = self.raw_tables(source)
        problems: list[Problem] = []
        result = ReadFile([])
        for table in sorted(self.tables, key=self._read_position):
            raw = raws.get(table.spec.name)
            if raw is None:
                continue
            passed_over = self.empty_sheet_problems(source, raws, raw, table) if raw.frame.empty else None
            if passed_over is not None:
                problems += passed_over
                continue
            read, table_problems, notes = read_table(table, raw)
            problems += table_problems
            result.tables.append(read)
            result.notes += notes
        if not result.tables and not problems:
            problems.append(self.no_rows(source, raws))
        if problems:
            raise FileRefused(problems)
        result.tables.sort(key=lambda read: self.tables.index(read.table))
        return result

    def _read_position(self, table: StoredTable) -> int:
        order = self.read_order or tuple(t.spec.name for t in self.tables)
        return order.index(table.spec.name)

    def raw_tables(self, source: Source) -> dict[str, RawTable]:
        """The file's tables as read, by spec name."""
        names = [table.spec.name for table in self.tables]
        if source.is_workbook:
            found = read_workbook(source, sheets=names)
            if not found:
                raise FileRefused(
                    [
                        Problem(
                            source.name,
                            f"has no sheet named {' or '.join(repr(name) for name in names)} "
                            f"(its sheets: {', '.join(sheet_names(source))}); start from the template",
                        )
                    ]
                )
            return found
        raw = read_csv(source)
        table = self.csv_table(raw.columns) or max(
            self.tables, key=lambda t: len(set(t.spec.column_names) & set(raw.columns))
        )
        return {table.spec.name: raw}

    def empty_sheet_problems(
        self, source: Source, raws: dict[str, RawTable], raw: RawTable, table: StoredTable
    ) -> list[Problem] | None:
        """For ``raw``, which has no rows: None to read it all the same (and be told it has none), or the problems
        of a sheet passed over (a header-only sheet beside others: only its header is checked)."""
        return header_problems(raw, table) if len(raws) > 1 else None

    def no_rows(self, source: Source, raws: dict[str, RawTable]) -> Problem:
        names = " and ".join(f"'{name}'" for name in raws)
        return Problem(source.name, f"the {names} sheets have a header but no rows of data")

    # --- storing (inside the load's transaction) ----------------------------------------------------

    def store(self, session: Session, parsed: ReadFile, load: Load, source: Source) -> Changes:
        return store_file(session.connection(), parsed, load.id).changes

    def templates(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        if self.workbook_template_name:
            files[self.workbook_template_name] = workbook_template([t.spec for t in self.tables], self.title)
        for table in self.tables:
            files.update(table.templates())
        return files


def header_problems(raw: RawTable, table: StoredTable) -> list[Problem]:
    """What is wrong with ``raw``'s header row alone."""
    return [problem for problem in validate(raw, table.spec).problems if problem.row == 1]
