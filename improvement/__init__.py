"""Improvement-plan progress dashboard: the core package.

Data flows one way through its modules:
files -> loaders -> ``db`` (models, migrations) -> ``queries`` -> ``measures`` -> ``charts`` -> ``ui`` -> pages.
``settings`` and ``style`` sit underneath everything: configuration, and the one place that decides colours,
RAG labels, number formats and suppression.
"""
