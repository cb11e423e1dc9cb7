"""The contact log (contactmomenten): the casemanager's record of calls, e-mails, visits and conversations."""
