from django.urls import path

from agenda import purpose_views, views

app_name = "agenda"
urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals.csv", views.ProposalCsvView.as_view(), name="proposal_csv"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.ProposalUpdateView.as_view(), name="proposal_edit"),
    *(
        path(
            f"proposals/<int:pk>/{action}/",
            views.proposal_action,
            {"action": action},
            name=f"proposal_{action}",
        )
        for action in ("submit", "withdraw", "decide")
    ),
    path("papers/<int:pk>/", views.paper_download, name="paper"),
    path("guest-names/adopt/", views.guest_name_adopt, name="guest_name_adopt"),
    path("purposes/", purpose_views.PurposeListView.as_view(), name="purposes"),
    path(
        "standing-items/<str:pk>/",
        purpose_views.StandingItemEditView.as_view(),
        name="standing_item_edit",
    ),
    path("purposes/<str:pk>/", purpose_views.PurposeEditView.as_view(), name="purpose_edit"),
    path(
        "purposes/<str:pk>/retire/",
        purpose_views.purpose_retire,
        {"retired": True},
        name="purpose_retire",
    ),
    path(
        "purposes/<str:pk>/reinstate/",
        purpose_views.purpose_retire,
        {"retired": False},
        name="purpose_reinstate",
    ),
    path("meetings/<int:meeting_pk>/queue/", views.QueueView.as_view(), name="queue"),
    path("meetings/<int:meeting_pk>/agenda/", views.AgendaView.as_view(), name="agenda"),
    path(
        "meetings/<int:meeting_pk>/agenda/items/new/",
        views.AgendaItemFormView.as_view(),
        name="item_create",
    ),
    path(
        "meetings/<int:meeting_pk>/agenda/items/<int:pk>/",
        views.AgendaItemFormView.as_view(),
        name="item_edit",
    ),
    *(
        path(
            f"meetings/<int:meeting_pk>/agenda/items/<int:pk>/{action}/",
            views.agenda_item_action,
            {"action": action},
            name=f"item_{action}",
        )
        for action in ("up", "down", "remove")
    ),
    path("meetings/<int:meeting_pk>/agenda/publish/", views.agenda_publish, name="publish"),
    path(
        "meetings/<int:meeting_pk>/agenda/v<int:number>/",
        views.AgendaVersionView.as_view(),
        name="version",
    ),
    path(
        "meetings/<int:meeting_pk>/agenda/v<int:number>/akn/",
        views.agenda_akn,
        name="version_akn",
    ),
    path(
        "meetings/<int:meeting_pk>/guests/invite/",
        views.guest_organization_add,
        name="guest_invite",
    ),
    path(
        "meetings/<int:meeting_pk>/guests/<int:pk>/add/",
        views.guest_person_add,
        name="guest_add",
    ),
]
