"""The re-integration documents (problem analysis, plan van aanpak, reviews, first-year evaluation,
re-integration report), their signatures and the employee's one-time links (docs/domain.md §6)."""
