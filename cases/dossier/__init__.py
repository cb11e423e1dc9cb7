"""The dossier of one absence case as a whole: the case page that composes every feature package, the API of the
Poortwachter check (the rule is cases.documents.check) and the report's downloads. No other cases package
imports this one."""
