from django.urls import path

from access import views

app_name = "access"
urlpatterns = [
    path("locks/", views.locks, name="locks"),
    path("locks/lift/", views.lock_lift, name="lock_lift"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end/", views.sessions_end, name="sessions_end"),
]
