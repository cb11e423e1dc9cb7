"""The absence case: sickness and recovery reports, sick periods, the Poortwachter steps and their engine,
the casemanager's assignment and the caseload (docs/domain.md §1-§3). The bottom of the cases packages: it
imports none of them but the registry of professionals (cases.professionals), which it asks who may be assigned."""
