"""The income consequences of long absence: the legal rules, the chart, the casemanager's conversation
with the employee and the employee's handout (docs/domain.md §9)."""
