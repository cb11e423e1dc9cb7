"""The absence case: sickness and recovery reports, sick periods, the Poortwachter steps and their engine,
the casemanager's assignment, the caseload and the Poortwachter check (docs/domain.md §1-§3)."""
