"""Every kind of file the dashboard loads. A new kind is a module in ``loaders/kinds/`` plus one line here.

Order matters only for recognising a file by its content: the first kind that recognises it wins, so more
specific kinds come first.
"""

from __future__ import annotations

from loaders.framework.base import LoaderKind
from loaders.kinds.adviser_contract import AdviserContractKind
from loaders.kinds.adviser_days import AdviserDays
from loaders.kinds.annex_a import AnnexAKind
from loaders.kinds.caseloads import Caseloads
from loaders.kinds.dfe_statistics import DFE_STATISTICS
from loaders.kinds.improvement_plan import ImprovementPlan
from loaders.kinds.interventions import Interventions
from loaders.kinds.measure_actuals import MeasureActuals
from loaders.kinds.meetings import Meetings
from loaders.kinds.ofsted_judgements import OfstedJudgements
from loaders.kinds.rag_report import RagReportKind
from loaders.kinds.risks import Risks
from loaders.kinds.statistical_neighbours import STATISTICAL_NEIGHBOURS
from loaders.kinds.user_grants import UserGrants

KINDS: list[LoaderKind] = [
    ImprovementPlan(),  # workbooks with specific sheets: first
    RagReportKind(),
    AnnexAKind(),  # workbooks with 'List 7' and other 'List N' sheets
    DFE_STATISTICS,
    STATISTICAL_NEIGHBOURS,
    MeasureActuals(),  # the plain tables: keep after the plan and the report
    Caseloads(),
    Risks(),
    Meetings(),
    AdviserDays(),
    AdviserContractKind(),  # the adviser's contract terms
    Interventions(),  # DfE's interventions in the council
    OfstedJudgements(),  # Ofsted's inspections and visits, with their grades
    UserGrants(),  # who may see and do what (an admin's file)
]


def kind_named(name: str) -> LoaderKind:
    for kind in KINDS:
        if kind.kind == name:
            return kind
    raise KeyError(f"unknown kind {name!r}: expected one of {', '.join(k.kind for k in KINDS)}")
