"""The improvement plan's measures: baselines, targets, trajectories and actuals, and how each measure stands against
its trajectory.
"""
