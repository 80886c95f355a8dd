from django.urls import path

from access import views

app_name = "access"
urlpatterns = [
    path("locks/", views.locks, name="locks"),
    path("locks/lift/", views.lock_lift, name="lock_lift"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end/", views.sessions_end, name="sessions_end"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.two_factor_codes, name="two_factor_codes"),
    path("two-factor/people/<int:pk>/reset/", views.two_factor_reset, name="two_factor_reset"),
    path("sign-in/<int:pk>/return/", views.sso_return, name="sso_return"),
    path(
        "sign-in-links/<int:pk>/remove/",
        views.sign_in_link_remove,
        name="sign_in_link_remove",
    ),
    path("single-sign-on/", views.providers, name="providers"),
    path("single-sign-on/new/", views.provider_new, name="provider_new"),
    path("single-sign-on/<int:pk>/", views.provider_edit, name="provider_edit"),
]
