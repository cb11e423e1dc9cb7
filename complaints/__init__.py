"""Complaints desk: intake, workflow with deadlines, letters, annual report (issue 9)."""
