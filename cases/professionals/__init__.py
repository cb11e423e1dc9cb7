"""The registry of certified professionals: physicians, casemanagers, labour experts and arbodiensten, and the
rule of who is registered on a day (registration.py). It imports no other cases package; cases.absence asks it
whether a casemanager may be assigned."""
