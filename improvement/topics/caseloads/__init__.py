"""Caseloads: social workers' caseloads from the team returns, the one rule for what the workforce measures are, and
the caseload target.
"""
