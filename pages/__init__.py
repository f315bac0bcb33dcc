"""Streamlit page scripts, one per dashboard page, registered in dashboard.SECTIONS.

A package only so that import-linter can check what the pages import (no SQL, no chart styling).
"""
