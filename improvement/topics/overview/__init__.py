"""The Overview: one council at a glance, counting what every other topic says (ratings, trajectories, milestones,
risks, reporting).
"""
