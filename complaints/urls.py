"""URLs of the complaint intake: Dutch page paths and the API route (included by verzuim/site/urls.py)."""

from __future__ import annotations

from django.urls import path

from complaints import api, views, views_follow

page_urlpatterns = [
    path("klacht-indienen/", views.complaint_public, name="complaint_public"),
    path("klacht-indienen/ontvangen/", views.complaint_filed, name="complaint_filed"),
    path("klachten/nieuw/", views.complaint_portal_create, name="complaint_portal_create"),
    # Following a complaint (complaints.views_follow): the employer's list, and the complainant's private link.
    path("mijn-klachten/", views_follow.my_complaints, name="my_complaints"),
    path("mijn-klachten/<uuid:complaint_id>/", views_follow.my_complaint_detail, name="my_complaint_detail"),
    path(
        "mijn-klachten/<uuid:complaint_id>/brief/<str:letter>.pdf",
        views_follow.my_complaint_letter,
        name="my_complaint_letter",
    ),
    path("klacht-volgen/<str:follow_token>/", views_follow.complaint_follow, name="complaint_follow"),
    path(
        "klacht-volgen/<str:follow_token>/brief/<str:letter>.pdf",
        views_follow.complaint_follow_letter,
        name="complaint_follow_letter",
    ),
]

api_urlpatterns = [
    path("complaints/", api.ComplaintCreateApi.as_view(), name="api_complaints"),
]
