from django.urls import path

from meetings.views import calendar, delegations, feeds, meeting, rotation

app_name = "meetings"
urlpatterns = [
    path("", calendar.upcoming, name="upcoming"),
    path("archive/", calendar.archive, name="archive"),
    path("archive/<int:year>/", calendar.archive, name="archive_year"),
    path("month/", calendar.month, name="month_current"),
    path("month/<int:year>/<int:month>/", calendar.month, name="month"),
    path("year/", calendar.year_view, name="year_current"),
    path("year/<int:year>/", calendar.year_view, name="year"),
    path("plan/", meeting.plan_year, name="plan"),
    path("new/", meeting.create, name="create"),
    path("<int:pk>/", meeting.detail, name="detail"),
    path("<int:pk>/edit/", meeting.edit, name="edit"),
    path("<int:pk>/cancel/", meeting.cancel, name="cancel"),
    path("<int:pk>/invite/", meeting.invite, name="invite"),
    path("<int:pk>/meeting.ics", meeting.ics, name="ics"),
    path("<int:pk>/documents/new/", meeting.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", meeting.document, name="document"),
    path("<int:pk>/delegation/", delegations.delegation, name="delegation"),
    path("<int:pk>/participants/", delegations.participants, name="participants"),
    path("<int:pk>/participants.csv", delegations.participants_csv, name="participants_csv"),
    path("<int:pk>/attendance/", delegations.attendance, name="attendance"),
    path("rotation/", rotation.rotation, name="rotation"),
    path("rotation/extend/", rotation.rotation_extend, name="rotation_extend"),
    path("rotation/swap/", rotation.term_swap, name="term_swap"),
    path("rotation/skip/", rotation.term_skip, name="term_skip"),
    path("rotation/regenerate/", rotation.rotation_regenerate, name="rotation_regenerate"),
    *(
        path(
            f"rotation/order/<int:pk>/{direction}/",
            rotation.rotation_move,
            {"direction": direction},
            name=f"rotation_{direction}",
        )
        for direction in ("up", "down")
    ),
    path("calendar-feed/", feeds.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", feeds.feed, name="feed"),
]
