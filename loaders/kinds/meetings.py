"""Meetings: the reporting rhythm's dates, six-weekly reports, six-monthly DfE reviews and board meetings
(``meeting``), one row per authority + kind + date; a re-loaded meeting with a new title or notes is a change.
"""

from __future__ import annotations

from improvement.db.models import Meeting, MeetingKind
from loaders.framework.kind import TableKind
from loaders.framework.schema import Column, TableSpec
from loaders.framework.tables import AUTHORITY_CODE, StoredTable, authority_column


class _Meetings(StoredTable):
    spec = TableSpec(
        "meetings",
        (
            authority_column(),
            Column(
                "kind",
                "choice",
                choices=tuple(kind.value for kind in MeetingKind),
                description="six_weekly_report (adviser's report), dfe_review (six-monthly), board_meeting",
                example="board_meeting",
            ),
            Column("meeting_date", "date", description="The date it happens or is due", example="2023-07-20"),
            Column("title", example="Improvement board, July 2023"),
            Column("notes", required=False),
        ),
        key=(AUTHORITY_CODE, "kind", "meeting_date"),
        description="The reporting rhythm: reports, DfE reviews and board meetings",
    )
    model = Meeting
    key = ("authority_id", "kind", "meeting_date")
    compared = ("title", "notes")


class Meetings(TableKind):
    kind = "meetings"
    title = "Meetings (six-weekly reports, DfE reviews, board meetings)"
    tables = (_Meetings(),)
