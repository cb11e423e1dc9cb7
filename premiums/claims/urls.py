"""Routes of claims (declaraties): the API under /api/v1/ and the pages (premiums.claims.views)."""

from __future__ import annotations

from django.urls import path

from premiums.claims import api as api_claims
from premiums.claims import views as views_claims

api_urlpatterns = [
    path("absences/<str:case_id>/claims/", api_claims.CaseClaimListCreateApi.as_view(), name="api_absence_claims"),
    path("claims/", api_claims.ClaimListApi.as_view(), name="api_claims"),
    path("claims/<str:claim_id>/", api_claims.ClaimDetailApi.as_view(), name="api_claim"),
    path("claims/<str:claim_id>/approve/", api_claims.ClaimApproveApi.as_view(), name="api_claim_approve"),
    path("claims/<str:claim_id>/pay/", api_claims.ClaimPayApi.as_view(), name="api_claim_pay"),
    path("claims/<str:claim_id>/cancel/", api_claims.ClaimCancelApi.as_view(), name="api_claim_cancel"),
]

# The exports come before the claim id so they are never read as one.
page_urlpatterns = [
    path("verzuim/<str:case_id>/declaraties/", views_claims.case_claims, name="case_claims"),
    path("declaraties/", views_claims.claim_overview, name="claim_overview"),
    path("declaraties/export.<str:file_format>", views_claims.claim_export, name="claim_export"),
    path("declaraties/<str:claim_id>/", views_claims.claim_detail, name="claim_detail"),
    path("declaraties/<str:claim_id>/goedkeuren/", views_claims.claim_approve, name="claim_approve"),
    path("declaraties/<str:claim_id>/betaald/", views_claims.claim_pay, name="claim_pay"),
    path("declaraties/<str:claim_id>/intrekken/", views_claims.claim_cancel, name="claim_cancel"),
]
