"""The rules for writing the report, on hand-made frames: the next report and its period, the prefilled draft,
what stops a submission, repeated narratives, and which saves are refused (someone saved meanwhile, a correction
without its reason, nothing changed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from improvement.topics.reporting import rules
from improvement.topics.reporting.rules import AreaEntry, ReportDraft, ReportRefused, StoredVersion

AREAS = {"PA1": "Pre-proceedings", "PA2": "CP planning"}


def submitted(*reports: tuple) -> pd.DataFrame:
    """``queries.rag_ratings`` rows: (report date, area, rating, narrative, overall)."""
    rows = [
        {
            "report_date": pd.Timestamp(day),
            "period_start": pd.Timestamp(day) - pd.Timedelta(days=41),
            "period_end": pd.Timestamp(day),
            "author": "Dr A Adviser",
            "overall_narrative": overall,
            "priority_area_code": area,
            "rating": rating,
            "narrative": narrative,
            "evidence": None,
        }
        for day, area, rating, narrative, overall in reports
    ]
    return pd.DataFrame(rows)


def draft(**changes) -> ReportDraft:
    base = ReportDraft(
        "E08000014",
        dt.date(2023, 7, 7),
        dt.date(2023, 5, 27),
        dt.date(2023, 7, 7),
        "Dr A Adviser",
        "Steady progress.",
        (AreaEntry("PA1", "Amber", "Gateway panel meets weekly."), AreaEntry("PA2", "Red", "Plans drift.")),
    )
    return replace(base, **changes)


def stored(*versions: tuple[int, str, ReportDraft]) -> list[StoredVersion]:
    return [
        StoredVersion(number, status, "someone@council.example", dt.datetime(2023, 7, 1, 9, 30), content)
        for number, status, content in versions
    ]


def test_the_next_report_is_due_on_the_rhythms_date_and_covers_the_days_since_the_last_report():
    ratings = submitted(("2023-05-26", "PA1", "Amber", "n", "o"), ("2023-04-14", "PA1", "Red", "n", "o"))
    upcoming = rules.next_report(ratings, dt.date(2023, 7, 7), as_at=dt.date(2023, 6, 30))
    assert (upcoming.report_date, upcoming.period_start, upcoming.period_end) == (
        dt.date(2023, 7, 7),
        dt.date(2023, 5, 27),
        dt.date(2023, 7, 7),
    )
    assert not upcoming.overdue
    assert rules.next_report(ratings, dt.date(2023, 7, 7), as_at=dt.date(2023, 7, 20)).overdue


def test_the_first_report_covers_six_weeks_and_without_a_due_date_is_dated_as_at():
    upcoming = rules.next_report(submitted(), None, as_at=dt.date(2023, 6, 30))
    assert (upcoming.report_date, upcoming.period_start) == (dt.date(2023, 6, 30), dt.date(2023, 5, 19))


def test_a_new_report_starts_from_each_areas_last_rating_and_narrative_and_a_new_area_unrated():
    ratings = submitted(
        ("2023-04-14", "PA1", "Red", "Old PA1.", "o"),
        ("2023-05-26", "PA1", "Amber", "Newer PA1.", "o"),
    )
    upcoming = rules.next_report(ratings, dt.date(2023, 7, 7), dt.date(2023, 6, 30))
    started = rules.prefilled("E08000014", ["PA1", "PA2"], ratings, upcoming)
    assert started.areas == (AreaEntry("PA1", "Amber", "Newer PA1.", ""), AreaEntry("PA2", None))
    assert (started.author, started.overall_narrative) == ("Dr A Adviser", "")


def test_a_submission_needs_every_area_rated_and_written_the_overall_narrative_and_a_sound_period():
    assert rules.submission_problems(draft(), AREAS) == []
    incomplete = draft(
        areas=(AreaEntry("PA1", None, "text"), AreaEntry("PA2", "Red", "  ")),
        overall_narrative="",
        period_start=dt.date(2023, 8, 1),
    )
    assert rules.submission_problems(incomplete, AREAS) == [
        "PA1 Pre-proceedings: choose a rating",
        "PA2 CP planning: write a narrative",
        "write the overall narrative",
        "the period starts (1 August 2023) after it ends (7 July 2023)",
    ]
    missing_area = draft(areas=(AreaEntry("PA1", "Amber", "text"),))
    assert rules.submission_problems(missing_area, AREAS) == [
        "PA2 CP planning: choose a rating",
        "PA2 CP planning: write a narrative",
    ]


def test_a_narrative_copied_from_the_previous_report_is_pointed_out_and_a_rewritten_one_is_not():
    previous = "Gateway panel meets weekly and letters before proceedings are now quality assured."
    ratings = submitted(
        ("2023-05-26", "PA1", "Amber", previous, "Steady progress."),
        ("2023-05-26", "PA2", "Red", "Plans drift.", "Steady progress."),
    )
    copied = draft(
        areas=(
            AreaEntry("PA1", "Amber", previous.upper() + "  "),  # case and spacing do not hide a copy
            AreaEntry("PA2", "Red", "Three plans escalated; two now reviewed within timescale after the audit."),
        )
    )
    repeated = rules.repeated_narratives(copied, ratings)
    assert set(repeated) == {"PA1", "overall"}
    assert repeated["PA1"] == pytest.approx(1.0)
    nearly = previous.replace("weekly", "fortnightly")  # one word of twelve changed: still a copy
    assert "PA1" in rules.repeated_narratives(draft(areas=(AreaEntry("PA1", "Amber", nearly),)), ratings)
    # The report being corrected is not "the previous report": only reports before its date count.
    assert rules.repeated_narratives(draft(report_date=dt.date(2023, 5, 26)), ratings) == {}


def test_a_save_based_on_an_older_version_is_refused_saying_who_changed_what():
    first = draft()
    theirs = draft(areas=(AreaEntry("PA1", "Red", "Gateway panel meets weekly."), first.areas[1]))
    with pytest.raises(ReportRefused) as refused:
        rules.check_save(
            draft(overall_narrative="Mine."), stored((1, "draft", first), (2, "draft", theirs)), 1, False, AREAS
        )
    assert str(refused.value) == (
        "Not saved: someone@council.example saved version 2 of the report of 7 July 2023 at 1 July 2023, 09:30, "
        "after the version you started from (1). They changed: PA1 rating ▲ Amber → ✖ Red. Open version 2 and "
        "make your changes again."
    )
    with pytest.raises(ReportRefused, match="after the version you started from \\(none\\)"):
        rules.check_save(first, stored((1, "draft", first)), None, False, AREAS)


def test_a_submitted_report_is_locked_a_correction_needs_a_reason_and_may_be_drafted_first():
    versions = stored((1, "submitted", draft()))
    changed = draft(areas=(AreaEntry("PA1", "Green", "Panel working."), draft().areas[1]))
    rules.check_save(changed, versions, 1, False, AREAS)  # a draft of the correction: allowed
    with pytest.raises(ReportRefused, match="give the reason for the correction"):
        rules.check_save(changed, versions, 1, True, AREAS)
    rules.check_save(replace(changed, reason="PA1 misread"), versions, 1, True, AREAS)
    assert rules.is_correction(versions) and not rules.is_correction(stored((1, "draft", draft())))


def test_a_save_that_changes_nothing_stores_nothing_but_submitting_an_unchanged_draft_is_a_change():
    versions = stored((1, "draft", draft()))
    with pytest.raises(ReportRefused, match="Nothing changed since version 1"):
        rules.check_save(draft(), versions, 1, False, AREAS)
    rules.check_save(draft(), versions, 1, True, AREAS)


def test_what_changed_names_fields_and_each_areas_rating_narrative_and_evidence():
    before = draft()
    after = draft(
        author="Dr B Adviser",
        areas=(AreaEntry("PA1", "Green", "Gateway panel meets weekly.", "Audit"), AreaEntry("PA2", "Red", "New.")),
    )
    assert rules.what_changed(before, after) == [
        "author",
        "PA1 rating ▲ Amber → ● Green",
        "PA1 evidence",
        "PA2 narrative",
    ]
    assert rules.what_changed(None, after) == ["the first version"]
    assert rules.what_changed(before, before) == ["nothing"]
