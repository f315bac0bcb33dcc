"""The dashboard's topics, one package each: its rules (pure pandas), charts and tables, and the view its page and
the briefing pack share. Topics are independent of each other, except where one builds on another by a declared
layer (pyproject.toml's import-linter contracts): the rating check (``rag``) and the review pack (``review``) build
on the plan's measures and the governance rules; the Overview's counts (``overview``) on all of them.
"""
