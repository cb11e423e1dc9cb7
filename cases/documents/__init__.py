"""The re-integration documents (problem analysis, plan van aanpak, reviews, first-year evaluation,
re-integration report), their signatures and the employee's one-time links (docs/domain.md §5).

rules.py: the parts and how each is made, no query; selectors.py: reads; services.py: writes; links.py: the
employee's one-time links; check.py: which parts are missing or late on a day (the Poortwachter check).
"""
