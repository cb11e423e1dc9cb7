"""Complaints desk: intake, workflow with deadlines, letters, annual report (docs/domain.md §11)."""
