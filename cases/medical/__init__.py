"""The occupational physician's compartment: medical notes and functional assessments (FML). Only the
physician reads or writes them (docs/domain.md §4)."""
