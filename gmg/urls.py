from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.views.generic import RedirectView

from access import views as access_views
from core import views as core_views
from members import views as member_views

admin.site.site_header = "GMG Secretariat"


@login_not_required
def _admin_login(request, extra_context=None):
    """The admin's sign-in: the site's own; a signed-in person without access gets a 403.

    Sending them to the sign-in page would send them straight back (they are
    signed in), and round again.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return RedirectView.as_view(pattern_name="login", query_string=True)(request)


admin.site.login = _admin_login

accounts = [
    path("sign-in/", member_views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="members/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="members/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", access_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="members/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="members/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        login_not_required(member_views.InvitationAcceptView.as_view()),
        name="invitation_accept",
    ),
    path("profile/", member_views.ProfileView.as_view(), name="profile"),
    path("language/", login_not_required(member_views.LanguageView.as_view()), name="set_language"),
]

urlpatterns = [
    path("", member_views.DashboardView.as_view(), name="dashboard"),
    path("accounts/", include(accounts)),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("outbox/", include("notices.urls")),
    path("agenda/", include("agenda.urls")),
    path("minutes/", include("minutes.urls")),
    path("decisions/", include("decisions.urls")),
    path("oparl/v1/", include("oparl.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("core.urls")),
    path("search/", core_views.search, name="search"),
    path("access/", include("access.urls")),
    path("documents/", include("core.documents.urls")),
    path("admin/", admin.site.urls),
]
