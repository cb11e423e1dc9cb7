"""The sections of the dossier, as tabs under its header (cases.absence.dossier), imported from CasesConfig.ready.

Each section is its own page: the overview, steps, advice, interventions and contact log are cases.dossier.views;
the documents and the income consequences keep their own pages in their packages and show the same header.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cases.absence.dossier import dossier_tab
from cases.contacts.selectors import CONTACT_READ_ROLES
from verzuim.models import Role

dossier_tab(key="overzicht", label=_("Overzicht"), url_name="case_detail", order=10)
dossier_tab(key="stappen", label=_("Poortwachterstappen"), url_name="case_steps", order=20)
dossier_tab(key="documenten", label=_("Documenten"), url_name="case_documents", order=30)
dossier_tab(key="adviezen", label=_("Adviezen"), url_name="case_advice", order=40)
dossier_tab(key="interventies", label=_("Interventies"), url_name="case_interventions", order=50)
dossier_tab(
    key="contactmomenten", label=_("Contactmomenten"), url_name="case_contacts", order=60, roles=CONTACT_READ_ROLES
)
# The income conversation is the casemanager's (verzuim.context_processors: can.hold_income_conversation).
dossier_tab(key="inkomen", label=_("Inkomen"), url_name="case_income", order=70, roles={Role.CASEMANAGER})
# The conversation of employee, employer and casemanager (cases.messages; the employee reads it under Mijn verzuim).
dossier_tab(
    key="berichten", label=_("Berichten"), url_name="case_messages", order=65, roles={Role.EMPLOYER, Role.CASEMANAGER}
)
