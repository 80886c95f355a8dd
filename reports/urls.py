from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="report"),
    path("rows/<slug:measure>/", views.rows, name="rows"),
    path("<slug:table>.csv", views.report_csv, name="csv"),
]
