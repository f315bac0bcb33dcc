"""DfE's portfolio in the demo: Sefton's intervention and Ofsted history, and six invented councils in intervention,
each with its own plan and its own story, so that the portfolio view has councils to compare.

Every council here is invented and says so in its name ("Stourmere (synthetic)"); their codes cannot be real ones
(new codes E06099901 to E06099906, old codes 991 to 996: neither is used by DfE). Each has 3 to 5 priority areas of
its own, each with a theme (``improvement.vocab.Theme``), evidenced by measures of the shared catalogue (an area about
care leavers, children in care or leadership has none: the catalogue holds no such measure), its reports, milestones,
risks, board meetings, DfE reviews, an adviser's contract and days, an intervention and Ofsted's judgements. Their
stories are written into the data on purpose (``COUNCILS``), deterministically (``numpy.random.default_rng`` only,
no clock), all ending with figures for June 2023 like Sefton's:

1. **Stourmere**, improving fast: every measure at or better than its trajectory, ratings Red, then Amber, then
   Green within the year, every milestone completed on or before its due date, no high risk.
2. **Thornvale**, stuck: measures flat at their baseline and off trajectory from the second month, ratings Red or
   Amber and unchanged for over a year, most milestones overdue, a high risk re-scored up at its latest review.
3. **Tidewell**, ratings more positive than its data: Green ratings from the middle of the plan while its measures
   have been off trajectory since then (the rating check flags the latest ratings).
4. **Ulverdale**, missed reports: gaps of more than six weeks between the adviser's reports and the latest report
   not made (the reporting rhythm counts them missing), and no DfE review since August 2022 (overdue).
5. **Wrenbridge**, just out of intervention: its improvement notice was lifted on 31 March 2023 after a
   re-inspection judged it "requires improvement to be good"; the adviser's light-touch support runs on to June.
6. **Yarrowby**, recently started: a commissioner appointed at the end of January 2023, five months of figures and
   the first two reports.
"""

from __future__ import annotations

import datetime as dt

from improvement.demo.specs import FLAT, ON_TRACK, RECOVERING, SLIPPING, AuthoritySpec
from improvement.demo.stories import (
    AFI,
    PA,
    Council,
    area,
    by_report,
    design,
    ilacs,
    intervention,
    judgement,
    missed,
    on_time,
    stuck,
)
from improvement.vocab import InspectionKind, InterventionKind, Theme

# --- the six ----------------------------------------------------------------------------------------------------

STOURMERE = Council(
    authority=AuthoritySpec("E06099901", "991", "Stourmere (synthetic)", "East Midlands"),
    story="improving fast: ratings Red to Amber to Green within a year, measures on trajectory, milestones on time",
    start=dt.date(2022, 4, 1),
    seed=9901,
    design=design(
        (
            area(
                "S1",
                "Front door decisions",
                PA,
                Theme.FRONT_DOOR,
                "The timeliness and quality of decisions at the front door, including strategy discussions.",
                "decision-making at the front door",
            ),
            area(
                "S2",
                "Child protection planning",
                PA,
                Theme.CP_PLANNING,
                "The quality of child protection plans and the regularity of visits to children on them.",
                "child protection planning and visits",
            ),
            area(
                "S3",
                "Auditing practice",
                AFI,
                Theme.QUALITY_ASSURANCE,
                "Audit and performance information that leaders use to improve practice.",
                "the use of audit to improve practice",
            ),
            area(
                "S4",
                "Leadership capacity",
                AFI,
                Theme.LEADERSHIP,
                "Stable senior leadership and effective oversight by the improvement board.",
                "leadership capacity and oversight",
            ),
        ),
        {
            "re_referrals_12_months": "S1",
            "icpc_within_15_days": "S1",
            "cp_visits_within_10_days": "S2",
            "supervision_in_timescale": "S2",
            "cp_reviews_in_timescale": "S2",
            "audits_good_or_better": "S3",
        },
        by_report((0, "Red"), (2, "Amber"), (5, "Green")),
    ),
    stories=ON_TRACK,
    interventions=lambda adviser: [
        intervention(InterventionKind.IMPROVEMENT_NOTICE, dt.date(2022, 3, 31), adviser, "Improvement notice.")
    ],
    judgements=[
        ilacs(dt.date(2022, 1, 28), "IIIRR", "Judged inadequate."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 9, 16), "Rapid progress at the front door."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2023, 3, 10), "Improvement sustained; plans stronger."),
    ],
    adjust=on_time,
)

_THORNVALE_RATINGS = {"T1": "Red", "T2": "Red", "T3": "Amber", "T4": "Amber", "T5": "Amber"}

THORNVALE = Council(
    authority=AuthoritySpec("E06099902", "992", "Thornvale (synthetic)", "West Midlands"),
    story="stuck: measures flat and off trajectory, ratings Red and Amber unchanged, milestones overdue, a risk up",
    start=dt.date(2021, 10, 1),
    seed=9902,
    design=design(
        (
            area(
                "T1",
                "Drift in pre-proceedings",
                PA,
                Theme.PRE_PROCEEDINGS,
                "Children wait too long in pre-proceedings without a decision about their future.",
                "drift in pre-proceedings",
            ),
            area(
                "T2",
                "Workforce stability",
                PA,
                Theme.WORKFORCE,
                "High caseloads and reliance on agency social workers prevent consistent practice.",
                "workforce stability and caseloads",
            ),
            area(
                "T3",
                "Planning for children in care",
                AFI,
                Theme.CHILDREN_IN_CARE,
                "Permanence planning for children in care is too slow.",
                "permanence planning for children in care",
            ),
            area(
                "T4",
                "Quality assurance",
                AFI,
                Theme.QUALITY_ASSURANCE,
                "Quality assurance does not lead to improvements in practice.",
                "quality assurance",
            ),
            area(
                "T5",
                "Re-referrals",
                AFI,
                Theme.FRONT_DOOR,
                "Too many children are referred again within a year.",
                "repeat referrals at the front door",
            ),
        ),
        {
            "pre_proceedings_median_weeks": "T1",
            "pre_proceedings_within_16_weeks": "T1",
            "social_worker_caseload": "T2",
            "agency_worker_rate": "T2",
            "vacancy_rate": "T2",
            "turnover_rate": "T2",
            "audits_good_or_better": "T4",
            "re_referrals_12_months": "T5",
        },
        lambda code, index, _reports: "Red" if index < 2 else _THORNVALE_RATINGS[code],
    ),
    stories=FLAT,
    interventions=lambda adviser: [
        intervention(
            InterventionKind.STATUTORY_DIRECTION, dt.date(2021, 9, 30), adviser, "Statutory direction to improve."
        )
    ],
    judgements=[
        ilacs(dt.date(2021, 7, 16), "IIIIR", "Judged inadequate."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 2, 11), "Progress too slow."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 9, 23), "Little change since the last visit."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2023, 4, 21), "Caseloads remain too high."),
    ],
    adjust=stuck,
)

TIDEWELL = Council(
    authority=AuthoritySpec("E06099903", "993", "Tidewell (synthetic)", "South West"),
    story="ratings more positive than its data: Green while most of its measures are off trajectory",
    start=dt.date(2021, 11, 1),
    seed=9903,
    design=design(
        (
            area(
                "P1",
                "Child protection practice",
                PA,
                Theme.CP_PLANNING,
                "Children on child protection plans are not seen and reviewed often enough.",
                "child protection practice",
            ),
            area(
                "P2",
                "Care leavers' pathway plans",
                AFI,
                Theme.CARE_LEAVERS,
                "Care leavers' pathway plans do not address risks or accommodation.",
                "care leavers' pathway plans",
            ),
            area(
                "P3",
                "Caseloads",
                AFI,
                Theme.WORKFORCE,
                "Caseloads are too high for social workers to work purposefully with children.",
                "caseloads",
            ),
            area(
                "P4",
                "Timely pre-proceedings",
                PA,
                Theme.PRE_PROCEEDINGS,
                "Pre-proceedings are not used in time where risks to children do not reduce.",
                "the timely use of pre-proceedings",
            ),
        ),
        {
            "cp_plans_2_years_plus": "P1",
            "cp_reviews_in_timescale": "P1",
            "supervision_in_timescale": "P1",
            "social_worker_caseload": "P3",
            "agency_worker_rate": "P3",
            "vacancy_rate": "P3",
            "pre_proceedings_within_16_weeks": "P4",
            "pre_proceedings_median_weeks": "P4",
        },
        by_report((0, "Red"), (2, "Amber"), (5, "Green")),
    ),
    stories=SLIPPING,
    interventions=lambda adviser: [
        intervention(InterventionKind.IMPROVEMENT_NOTICE, dt.date(2021, 10, 29), adviser, "Improvement notice.")
    ],
    judgements=[
        ilacs(dt.date(2021, 9, 17), "IIIRI", "Judged inadequate."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 5, 13), "Early progress in CP practice."),
        judgement(
            InspectionKind.MONITORING_VISIT,
            dt.date(2023, 1, 20),
            "Progress slower than the council's own reports describe.",
        ),
    ],
)

ULVERDALE = Council(
    authority=AuthoritySpec("E06099904", "994", "Ulverdale (synthetic)", "Yorkshire and The Humber"),
    story="missed reports: gaps of more than six weeks between reports, the latest not made, a DfE review overdue",
    start=dt.date(2021, 9, 1),
    seed=9904,
    design=design(
        (
            area(
                "U1",
                "Front door and MASH",
                PA,
                Theme.FRONT_DOOR,
                "Decisions in the MASH are not timely and do not identify risk well enough.",
                "the front door and the MASH",
            ),
            area(
                "U2",
                "Visits and supervision",
                PA,
                Theme.CP_PLANNING,
                "Children on plans are not visited in time and supervision does not challenge drift.",
                "visits and supervision",
            ),
            area(
                "U3",
                "Care leavers",
                AFI,
                Theme.CARE_LEAVERS,
                "Too few care leavers are in touch, in suitable accommodation or in education or work.",
                "support for care leavers",
            ),
        ),
        {
            "re_referrals_12_months": "U1",
            "icpc_within_15_days": "U1",
            "cp_visits_within_10_days": "U2",
            "supervision_in_timescale": "U2",
        },
    ),
    stories={
        "re_referrals_12_months": ON_TRACK,
        "icpc_within_15_days": RECOVERING,
        "cp_visits_within_10_days": ON_TRACK,
        "supervision_in_timescale": SLIPPING,
    },
    interventions=lambda adviser: [
        intervention(InterventionKind.IMPROVEMENT_NOTICE, dt.date(2021, 8, 31), adviser, "Improvement notice.")
    ],
    judgements=[
        ilacs(dt.date(2021, 6, 11), "IIIRR", "Judged inadequate."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 2, 25), "Front door improving."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 10, 14), "Reporting to the board is irregular."),
    ],
    adjust=missed,
)

WRENBRIDGE = Council(
    authority=AuthoritySpec("E06099905", "995", "Wrenbridge (synthetic)", "South East"),
    story="just out of intervention: improvement notice lifted on 31 March 2023 after a 'requires improvement' ILACS",
    start=dt.date(2021, 7, 1),
    seed=9905,
    design=design(
        (
            area(
                "W1",
                "Pre-proceedings",
                PA,
                Theme.PRE_PROCEEDINGS,
                "Children's circumstances do not improve in pre-proceedings and decisions are delayed.",
                "pre-proceedings",
            ),
            area(
                "W2",
                "Children in care",
                AFI,
                Theme.CHILDREN_IN_CARE,
                "Children in care do not have stable homes soon enough.",
                "stability for children in care",
            ),
            area(
                "W3",
                "Workforce",
                AFI,
                Theme.WORKFORCE,
                "Social workers leave too often and caseloads are too high.",
                "a stable workforce",
            ),
            area(
                "W4",
                "Governance",
                AFI,
                Theme.LEADERSHIP,
                "Political and corporate oversight of children's services is not strong enough.",
                "governance and oversight",
            ),
        ),
        {
            "children_in_pre_proceedings": "W1",
            "pre_proceedings_within_16_weeks": "W1",
            "social_worker_caseload": "W3",
            "turnover_rate": "W3",
        },
    ),
    stories=ON_TRACK,
    interventions=lambda adviser: [
        intervention(
            InterventionKind.IMPROVEMENT_NOTICE,
            dt.date(2021, 6, 30),
            adviser,
            "Improvement notice lifted after the February 2023 re-inspection; the adviser's light-touch support runs "
            "to the end of the contract.",
            end=dt.date(2023, 3, 31),
        )
    ],
    adjust=on_time,
    judgements=[
        ilacs(dt.date(2021, 2, 26), "IIIIR", "Judged inadequate."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2021, 11, 19), "Pre-proceedings tracked weekly."),
        judgement(InspectionKind.MONITORING_VISIT, dt.date(2022, 6, 17), "A stable workforce is emerging."),
        ilacs(dt.date(2023, 2, 10), "RRRGR", "Re-inspection: requires improvement."),
    ],
)

YARROWBY = Council(
    authority=AuthoritySpec("E06099906", "996", "Yarrowby (synthetic)", "North East"),
    story="recently started: a commissioner since the end of January 2023, five months of figures, two reports",
    start=dt.date(2023, 2, 13),
    seed=9906,
    design=design(
        (
            area(
                "Y1",
                "Front door",
                PA,
                Theme.FRONT_DOOR,
                "Contacts and referrals are not responded to in time.",
                "the response at the front door",
            ),
            area(
                "Y2",
                "Visits to children on plans",
                PA,
                Theme.CP_PLANNING,
                "Children on child protection plans are not visited often enough.",
                "visits to children on plans",
            ),
            area(
                "Y3",
                "Caseloads and agency staff",
                AFI,
                Theme.WORKFORCE,
                "Caseloads are too high and too many social workers are agency staff.",
                "caseloads and agency reliance",
            ),
            area(
                "Y4",
                "Care leavers",
                AFI,
                Theme.CARE_LEAVERS,
                "Care leavers do not know their entitlements.",
                "care leavers' entitlements",
            ),
        ),
        {
            "re_referrals_12_months": "Y1",
            "repeat_cp_plans": "Y1",
            "cp_visits_within_10_days": "Y2",
            "social_worker_caseload": "Y3",
            "agency_worker_rate": "Y3",
        },
        lambda code, index, _reports: "Amber" if index > 0 and code == "Y2" else "Red",
    ),
    stories={
        "re_referrals_12_months": ON_TRACK,
        "repeat_cp_plans": SLIPPING,
        "cp_visits_within_10_days": ON_TRACK,
        "social_worker_caseload": ON_TRACK,
        "agency_worker_rate": SLIPPING,
    },
    interventions=lambda adviser: [
        intervention(
            InterventionKind.COMMISSIONER,
            dt.date(2023, 1, 31),
            adviser,
            "Children's services commissioner appointed after the November 2022 inspection.",
        )
    ],
    judgements=[
        ilacs(dt.date(2022, 11, 25), "IIIII", "Judged inadequate."),
    ],
)

COUNCILS: tuple[Council, ...] = (STOURMERE, THORNVALE, TIDEWELL, ULVERDALE, WRENBRIDGE, YARROWBY)
"""The six invented councils in intervention besides Sefton, in the order of their stories."""
