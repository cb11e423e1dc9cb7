"""Retention (issue 22 item 5): the dated retention terms, the nightly sweep that anonymises expired cases, and
the insurer's report of it (docs/domain.md "Retention")."""
