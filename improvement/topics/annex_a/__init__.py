"""Ofsted Annex A: the council's headline figures and breakdowns from its latest Annex A return, small counts
suppressed.
"""
