"""The demo programme's frames and the tables they fill."""

from __future__ import annotations

from improvement.db import models

FRAME_MODELS = {
    "authorities": models.Authority,
    "priority_areas": models.PriorityArea,
    "measures": models.Measure,
    "plan_measures": models.PlanMeasure,
    "targets": models.Target,
    "trajectory_points": models.TrajectoryPoint,
    "observations": models.Observation,
    "rag_reports": models.RagReport,
    "rag_ratings": models.RagRating,
    "caseloads": models.Caseload,
    "plan_actions": models.PlanAction,
    "milestones": models.Milestone,
    "risks": models.Risk,
    "risk_reviews": models.RiskReview,
    "meetings": models.Meeting,
    "adviser_contracts": models.AdviserContract,
    "adviser_days": models.AdviserDay,
    "interventions": models.Intervention,
    "ofsted_judgements": models.OfstedJudgement,
}
