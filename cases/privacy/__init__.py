"""The employee's privacy rights (issue 22 item 4): *Mijn gegevens*, the data export (AVG art. 15 and 20), who read
the dossier, and the request for a correction (AVG art. 16) that becomes a task of the casemanager."""
