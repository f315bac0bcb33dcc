"""Loads: what was loaded, when, by whom, and how fresh each kind of data is."""
