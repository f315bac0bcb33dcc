"""Tests for the improvement-plan dashboard (fixtures in conftest.py)."""
