"""The root URLconf (ROOT_URLCONF, composition root): pages in Dutch paths, the API under /api/v1/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases import urls as cases_urls
from complaints import urls as complaints_urls
from complaints import urls_desk as complaints_desk_urls
from premiums import urls as premiums_urls
from premiums.claims import urls as claims_urls
from verzuim import (
    api,
    api_keys_api,
    api_webhooks,
    views,
    views_accessibility,
    views_api_keys,
    views_bench,
    views_import,
    views_notifications,
)
from verzuim.forms import LoginForm
from verzuim.password_reset import QueuedPasswordResetForm

admin.site.site_header = "Verzuimportaal beheer"
admin.site.site_title = "Verzuimportaal beheer"
admin.site.login = auth_views.LoginView.as_view(  # type: ignore[method-assign,assignment]
    authentication_form=LoginForm, template_name="registration/login.html"
)

# Under /api/ a path no route matches answers the API's JSON error body, not the HTML page; so do the errors
# Django answers itself (a body too large, a SuspiciousOperation, a PermissionDenied outside DRF, a crash).
handler404 = "verzuim.views_errors.not_found"
handler400 = "verzuim.views_errors.bad_request"
handler403 = "verzuim.views_errors.permission_denied"
handler500 = "verzuim.views_errors.server_error"

api_v1 = [
    path("auth/token/", api.TokenObtainApi.as_view(), name="api_token"),
    path("employees/", api.EmployeeListCreateApi.as_view(), name="api_employees"),
    path("employees/<str:employee_id>/", api.EmployeeDetailApi.as_view(), name="api_employee"),
    path("employers/<str:employer_id>/roster/", api.RosterApi.as_view(), name="api_employer_roster"),
    path("webhooks/", api_webhooks.WebhookListCreateApi.as_view(), name="api_webhooks"),
    path("webhooks/<str:subscription_id>/", api_webhooks.WebhookDetailApi.as_view(), name="api_webhook"),
    path(
        "webhooks/<str:subscription_id>/deliveries/",
        api_webhooks.WebhookDeliveryListApi.as_view(),
        name="api_webhook_deliveries",
    ),
    path(
        "webhooks/<str:subscription_id>/deliveries/<str:delivery_id>/retry/",
        api_webhooks.WebhookDeliveryRetryApi.as_view(),
        name="api_webhook_delivery_retry",
    ),
    path("api-keys/", api_keys_api.ApiKeyListCreateApi.as_view(), name="api_keys"),
    path("api-keys/<str:api_key_id>/", api_keys_api.ApiKeyDetailApi.as_view(), name="api_key"),
    *cases_urls.api_urlpatterns,
    *premiums_urls.api_urlpatterns,
    *claims_urls.api_urlpatterns,
    *complaints_urls.api_urlpatterns,
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("toegankelijkheid/", views_accessibility.accessibility_statement, name="accessibility_statement"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/tweestapsverificatie/instellen/", views.otp_enrol, name="otp_enrol"),
    path("account/tweestapsverificatie/", views.otp_verify, name="otp_verify"),
    path("werknemer/account/<str:token>/", views.employee_account_activate, name="employee_account_activate"),
    path("werknemers/", views.employee_list, name="employee_list"),
    path("werknemers/nieuw/", views.employee_create, name="employee_create"),
    path("werknemers/importeren/", views_import.employee_import, name="employee_import"),
    path("werknemers/importeren/bevestigen/", views_import.employee_import_confirm, name="employee_import_confirm"),
    path("werknemers/synchronisaties/", views_import.roster_sync_list, name="roster_sync_list"),
    path("werknemers/<str:employee_id>/", views.employee_detail, name="employee_detail"),
    path("werknemers/<str:employee_id>/wijzigen/", views.employee_edit, name="employee_edit"),
    path("werknemers/<str:employee_id>/uit-dienst/", views.employee_end, name="employee_end"),
    path("koppelingen/", views_api_keys.api_key_list, name="api_key_list"),
    path("koppelingen/<str:api_key_id>/intrekken/", views_api_keys.api_key_revoke, name="api_key_revoke"),
    path(
        "koppelingen/webhooks/<str:subscription_id>/<str:delivery_id>/opnieuw/",
        views_api_keys.webhook_delivery_retry,
        name="webhook_delivery_retry",
    ),
    *cases_urls.page_urlpatterns,
    *premiums_urls.page_urlpatterns,
    *claims_urls.page_urlpatterns,
    *complaints_urls.page_urlpatterns,
    *complaints_desk_urls.page_urlpatterns,
    path("meldingen/", views_notifications.notification_list, name="notification_list"),
    path("meldingen/alles-gelezen/", views_notifications.notification_mark_all_read, name="notification_mark_all_read"),
    path(
        "meldingen/<int:notification_id>/gelezen/",
        views_notifications.notification_mark_read,
        name="notification_mark_read",
    ),
    path("meldingen/mislukt/", views_notifications.notification_failed_list, name="notification_failed_list"),
    path("meldingen/mislukt/opnieuw/", views_notifications.notification_retry, name="notification_retry"),
    path("account/herinneringen/", views_notifications.reminder_preferences, name="reminder_preferences"),
    path("account/agenda/", views_notifications.calendar_settings, name="calendar_settings"),
    path("account/agenda/nieuw-adres/", views_notifications.calendar_token_create, name="calendar_token_create"),
    path("account/agenda/intrekken/", views_notifications.calendar_token_revoke, name="calendar_token_revoke"),
    path("agenda/<str:token>.ics", views_notifications.calendar_feed_view, name="calendar_feed"),
    path("", include("complaints.urls_reports")),
    path("api/v1/", include(api_v1)),
    path("admin/", admin.site.urls),
]

if settings.API_DOCS_ENABLED:
    # Off by default in production (the setting's help): the schema maps every endpoint for an attacker too.
    urlpatterns += [
        path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
        path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    ]

if settings.BENCH_TRIVIAL_VIEW:
    # The load benchmark's yardsticks (bench/load/): off by default, so the access matrix never sees them.
    urlpatterns += [
        path("bench/trivial/", views_bench.trivial, name="bench_trivial"),
        path("bench/floor/", views_bench.authenticated_floor, name="bench_floor"),
    ]
