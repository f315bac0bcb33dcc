"""What the Data page needs from the loaders, without Streamlit: load several files, and describe the results.

The page previews uploaded files with ``load_files(..., dry_run=True)``, shows ``results_table`` and each
refused file's ``LoadResult.summary()`` (the very text the command line prints), then loads them for real.
``kind_titles``, ``options_needed`` and ``template_files`` describe the registered kinds; nothing here lists the
kinds itself, so a kind registered in ``loaders.registry`` appears on the page with no change here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from improvement.access import Access
from improvement.db import get_engine
from loaders import run
from loaders.framework import limits
from loaders.framework.base import FileRefused, LoaderKind, Source
from loaders.registry import KINDS, kind_named
from loaders.run import LoadResult
from loaders.templates import TEMPLATES_DIR

Progress = Callable[[float, str], None]

# Loads that no loader kind writes, with the words the page uses for them.
OTHER_KINDS = {"demo_seed": "Synthetic demo programme (seed)", "benchmark": "Synthetic benchmark programme"}

RESULT_COLUMNS = ["File", "Kind", "Table", "Added", "Changed", "Unchanged", "Outcome"]


def size_limits(upload_limit_mb: float) -> str:
    """How big a file may be: the server's upload limit (``server.maxUploadSize`` in .streamlit/config.toml, which
    the page reads and passes here), then the loaders' own limits, checked before a file is read."""
    return f"Each file may be at most {upload_limit_mb:g} MB to upload. {limits.described()}"


def kinds_for_every_council() -> set[str]:
    """Kinds about every council at once (DfE's tables): only someone who may load for all councils loads them."""
    return {kind.kind for kind in KINDS if kind.covers_every_council}


def access_kinds() -> set[str]:
    """Kinds that change who may do what (the grants file): loaded on the Access page or the command line."""
    return {kind.kind for kind in KINDS if kind.manages_access}


def kind_titles() -> dict[str, str]:
    """Every registered kind -> its title (in registration order), then the loads no loader writes."""
    return {kind.kind: kind.title for kind in KINDS} | OTHER_KINDS


# The options ``load_source`` passes to a kind's ``read_with_options`` (the command line's --authority and
# --extract-date). A kind that overrides ``read_with_options`` without saying which it needs gets these.
KNOWN_OPTIONS = ("authority", "extract_date")


def kind_options(loader: LoaderKind) -> tuple[str, ...]:
    """The options one kind asks for: its ``options_needed`` attribute, else all known options if it reads any."""
    declared = getattr(loader, "options_needed", None)
    if declared is not None:
        return tuple(declared)
    takes_options = type(loader).read_with_options is not LoaderKind.read_with_options
    return KNOWN_OPTIONS if takes_options else ()


def options_needed(kind: str | None = None) -> tuple[str, ...]:
    """The options (``authority``, ``extract_date``) a kind asks for; for no kind, those any registered kind asks
    for."""
    kinds = [kind_named(kind)] if kind else KINDS
    return tuple(dict.fromkeys(option for loader in kinds for option in kind_options(loader)))


def kinds_needing(option: str) -> list[str]:
    """Titles of the registered kinds that ask for ``option``."""
    return [kind.title for kind in KINDS if option in kind_options(kind)]


def options_for(source: Source, kind: str | None, options: dict[str, str] | None) -> dict[str, str] | None:
    """Only a kind that asks for options gets them: ``load_source`` re-reads a file given options rather than
    calling it already loaded, so passing them to every file would hide that a file was loaded before."""
    if not options:
        return None
    try:
        loader = kind_named(kind) if kind else run.recognise(source)
    except (FileRefused, KeyError):
        return None  # load_source reports why
    wanted = {name: value for name, value in options.items() if name in kind_options(loader)}
    return wanted or None


# Kinds whose files other files depend on, loaded first and in this order: the improvement plan (its authority table
# and the measure catalogue), DfE statistics (they register the councils they name) and statistical neighbours (they
# register councils whose new LA codes the stored DfE statistics give). Every other kind follows.
LOAD_FIRST = ("improvement_plan", "dfe_statistics", "statistical_neighbours")


def load_order(sources: Iterable[Source], kind: str | None = None) -> list[Source]:
    """``sources`` in the order to load them: the ``LOAD_FIRST`` kinds first, then every other file as given,
    unrecognised ones included; the files of one kind in the order the kind ranks them (a workbook, then its CSV
    tables in the order they refer to each other: a plan's authority first, risks before their reviews), in the
    places its files take. ``kind`` (one kind for every file) keeps them as given. The command line and
    ``load_files`` both use it."""
    if kind:
        return list(sources)
    recognised = [(source, recognised_kind(source)) for source in sources]

    def group(item: tuple[int, tuple[Source, str | None]]) -> tuple[int, int]:
        position, (_source, name) = item
        return (LOAD_FIRST.index(name) if name in LOAD_FIRST else len(LOAD_FIRST)), position

    ordered = [pair for _position, pair in sorted(enumerate(recognised), key=group)]
    for name in {name for _source, name in ordered if name is not None}:
        places = [index for index, (_source, found) in enumerate(ordered) if found == name]
        ranked = sorted((ordered[index] for index in places), key=lambda pair: kind_named(name).loading_rank(pair[0]))
        for index, pair in zip(places, ranked, strict=True):
            ordered[index] = pair
    return [source for source, _name in ordered]


def recognised_kind(source: Source, kind: str | None = None) -> str | None:
    """The kind ``source`` will be loaded as: ``kind`` if given, else the one recognising it, else None."""
    if kind:
        return kind
    try:
        return run.recognise(source).kind
    except FileRefused:
        return None


def load_files(
    sources: Iterable[Source],
    kind: str | None = None,
    *,
    dry_run: bool,
    loaded_by: str,
    progress: Progress | None = None,
    options: dict[str, str] | None = None,
    access: Access | None = None,
) -> list[LoadResult]:
    """Load (or, with ``dry_run``, check) each file in turn into ``DATABASE_URL``, each in its own transaction, in
    ``load_order`` (so a plan loads before the reports that refer to it); the results come in that order.

    ``progress(fraction, message)`` is told how far through all the files it is (0 to 1). ``options`` (text, as
    the command line gives them) go only to files of a kind that asks for them. ``access``: the signed-in person's,
    checked by ``run.load_source``."""
    sources = load_order(sources, kind)
    engine = get_engine()  # migrated already: by the app on start (dashboard.py)
    report = progress or (lambda _fraction, _message: None)
    results = []
    for index, source in enumerate(sources):

        def within(fraction: float, message: str, index: int = index, name: str = source.name) -> None:
            report((index + fraction) / len(sources), f"{name}: {message}")

        wanted = options_for(source, kind, options)
        results.append(
            run.load_source(
                engine,
                source,
                kind,
                dry_run=dry_run,
                loaded_by=loaded_by,
                progress=within,
                options=wanted,
                access=access,
            )
        )
    report(1.0, "Done")
    return results


def outcome(result: LoadResult) -> str:
    """One or two words for what happened (or, in a dry run, would happen) to the file."""
    if not result.ok:
        return "refused"
    if result.already_loaded_at is not None:
        return "already loaded"
    if result.changes is None or result.changes.rows_written == 0:
        return "nothing new"
    if result.dry_run:
        return "would load"
    return "loaded"


def results_table(results: Iterable[LoadResult]) -> pd.DataFrame:
    """One row per file and table: rows added, changed and unchanged, and the file's outcome. A file with no
    table changes (refused, already loaded) gets one row with empty counts."""
    rows = []
    titles = kind_titles()
    for result in results:
        kind = titles.get(result.kind, result.kind) if result.kind else "—"
        tables = list(result.changes.tables.values()) if result.changes else []
        if not tables:
            rows.append([result.source, kind, "—", None, None, None, outcome(result)])
        for change in tables:
            rows.append(
                [result.source, kind, change.table, change.added, change.changed, change.unchanged, outcome(result)]
            )
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    for column in ("Added", "Changed", "Unchanged"):
        frame[column] = frame[column].astype("Int64")
    return frame


@dataclass(frozen=True)
class TemplateFile:
    path: Path
    kind: str | None  # None: no registered kind writes a file of this name
    title: str

    @property
    def mime(self) -> str:
        if self.path.suffix == ".csv":
            return "text/csv"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_files(directory: Path = TEMPLATES_DIR) -> list[TemplateFile]:
    """Every file in ``directory`` (data/templates/), with the kind whose ``templates()`` writes it."""
    owners = _template_owners(tuple(KINDS))
    files = sorted(path for path in directory.glob("*") if path.is_file() and not path.name.startswith("."))
    return [TemplateFile(path, *owners.get(path.name, (None, "no loader uses this file"))) for path in files]


@functools.lru_cache(maxsize=4)
def _template_owners(kinds: tuple[LoaderKind, ...]) -> dict[str, tuple[str, str]]:
    """Template file name -> (kind, title) of the first kind writing it (building templates takes a moment)."""
    owners: dict[str, tuple[str, str]] = {}
    for kind in kinds:
        for name in kind.templates():
            owners.setdefault(name, (kind.kind, kind.title))
    return owners
