"""Every kind of file the dashboard loads. A new kind is a ``LoaderKind`` in its own module plus one line here.

Order matters only for recognising a file by its content: the first kind that recognises it wins, so more
specific kinds come first.
"""

from __future__ import annotations

from loaders.annex_a import AnnexAKind
from loaders.base import LoaderKind
from loaders.contract import AdviserContractKind
from loaders.dfe_statistics import DFE_STATISTICS
from loaders.neighbours import STATISTICAL_NEIGHBOURS
from loaders.operational import KINDS as OPERATIONAL_KINDS
from loaders.plan import ImprovementPlan
from loaders.rag_report import RagReportKind

KINDS: list[LoaderKind] = []
KINDS.append(ImprovementPlan())  # workbooks with specific sheets: first
KINDS.append(RagReportKind())
KINDS.append(AnnexAKind())  # workbooks with 'List 7' and other 'List N' sheets
KINDS.append(DFE_STATISTICS)
KINDS.append(STATISTICAL_NEIGHBOURS)
KINDS.extend(OPERATIONAL_KINDS)  # actuals, caseloads, risks, meetings, adviser days: keep after plan/report
KINDS.append(AdviserContractKind())  # the adviser's contract terms


def kind_named(name: str) -> LoaderKind:
    for kind in KINDS:
        if kind.kind == name:
            return kind
    raise KeyError(f"unknown kind {name!r}: expected one of {', '.join(k.kind for k in KINDS)}")
