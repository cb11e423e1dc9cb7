"""Routes of the premiums app: the API under /api/v1/premiums/."""

from __future__ import annotations

from django.urls import path

from premiums import api

api_urlpatterns = [
    path("premiums/quotes/", api.PremiumQuoteApi.as_view(), name="api_premium_quotes"),
]
