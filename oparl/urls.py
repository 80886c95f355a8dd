from django.urls import path

from oparl import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("openapi.json", views.openapi_description, name="openapi"),
    path("bodies/", views.body_list, name="body_list"),
    path("body/gmg/", views.body, name="body"),
    path("body/gmg/organizations/", views.organization_list, name="organization_list"),
    path("body/gmg/people/", views.person_list, name="person_list"),
    path("body/gmg/meetings/", views.meeting_list, name="meeting_list"),
    path("body/gmg/papers/", views.paper_list, name="paper_list"),
    path("body/gmg/memberships/", views.membership_list, name="membership_list"),
    path("body/gmg/terms/", views.legislative_term_list, name="legislative_term_list"),
    path("term/<int:pk>/", views.legislative_term, name="legislative_term"),
    path("organization/<str:key>/", views.organization, name="organization"),
    path("membership/<int:pk>/", views.membership, name="membership"),
    path("person/<int:pk>/", views.person, name="person"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("agenda-item/<int:meeting_pk>/<int:item_id>/", views.agenda_item, name="agenda_item"),
    path("file/<str:key>/", views.file, name="file"),
    path("file/<str:key>/content/", views.file_download, name="file_download"),
]
