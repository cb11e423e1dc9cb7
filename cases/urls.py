"""Routes of the cases app, gathered from its feature packages: the API (under /api/v1/) and the pages.

Each package keeps its routes in its own urls.py; the root URL conf includes the two lists below. Order
matters only where a fixed path segment shares its place with a parameter: cases.absence.urls comes before
cases.dossier.urls ("verzuim/ziekmelden/" before "verzuim/<case_id>/").
"""

from __future__ import annotations

from cases.absence import urls as absence
from cases.advice import urls as advice
from cases.contacts import urls as contacts
from cases.documents import urls as documents
from cases.dossier import urls as dossier
from cases.income import urls as income
from cases.interventions import urls as interventions
from cases.medical import urls as medical
from cases.messages import urls as messages
from cases.own import urls as own
from cases.privacy import urls as privacy
from cases.professionals import urls as professionals
from cases.retention import urls as retention
from cases.rhythm import urls as rhythm
from cases.statistics import urls as statistics

api_urlpatterns = [
    *absence.api_urlpatterns,
    *medical.api_urlpatterns,
    *messages.api_urlpatterns,
    *dossier.api_urlpatterns,
    *income.api_urlpatterns,
    *statistics.api_urlpatterns,
    *interventions.api_urlpatterns,
    *professionals.api_urlpatterns,
    *advice.api_urlpatterns,
]

page_urlpatterns = [
    *absence.page_urlpatterns,
    *dossier.page_urlpatterns,
    *medical.page_urlpatterns,
    *messages.page_urlpatterns,
    *advice.page_urlpatterns,
    *contacts.page_urlpatterns,
    *interventions.page_urlpatterns,
    *professionals.page_urlpatterns,
    *statistics.page_urlpatterns,
    *documents.page_urlpatterns,
    *rhythm.page_urlpatterns,
    *income.page_urlpatterns,
    *retention.page_urlpatterns,
    *own.page_urlpatterns,
    *privacy.page_urlpatterns,
]
