"""The registry of certified professionals: physicians, casemanagers, labour experts and arbodiensten."""
