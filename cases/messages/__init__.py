"""One conversation per case (issue 22 item 3): the thread of employee, employer and casemanager, and the machinery
the physician's confidential thread (cases.medical) shares with it."""
