"""Governance: the improvement plan's actions and milestones, the risk register and its scores."""
