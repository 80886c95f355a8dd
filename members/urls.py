from django.urls import path

from members import import_views, views

app_name = "members"
urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies.csv", views.AgencyCsvView.as_view(), name="agency_csv"),
    path("agencies/new/", views.AgencyCreateView.as_view(), name="agency_create"),
    path("agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.AgencyUpdateView.as_view(), name="agency_edit"),
    path(
        "agencies/<int:pk>/end-membership/",
        views.AgencyMembershipView.as_view(action="end"),
        name="agency_end",
    ),
    path(
        "agencies/<int:pk>/rejoin/",
        views.AgencyMembershipView.as_view(action="rejoin"),
        name="agency_rejoin",
    ),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationFormView.as_view(), name="organization_create"),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationFormView.as_view(),
        name="organization_edit",
    ),
    path("import/", import_views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", import_views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path(
        "export/<str:kind>.<str:fmt>",
        import_views.directory_export,
        name="directory_export",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people.csv", views.PersonCsvView.as_view(), name="person_csv"),
    path("people/invite/", views.PersonInviteView.as_view(), name="person_invite"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_edit"),
    path(
        "people/<int:pk>/deactivate/confirm/",
        views.person_deactivate_confirm,
        name="person_deactivate_confirm",
    ),
    *(
        path(
            f"people/<int:pk>/{action}/",
            views.person_action,
            {"action": action},
            name=f"person_{action}",
        )
        for action in ("deactivate", "reactivate", "reinvite")
    ),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/new/", views.AnnouncementCreateView.as_view(), name="announcement_create"),
]
