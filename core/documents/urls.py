from django.urls import path

from core.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.document_download, name="download"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/retry/", views.document_retry, name="retry"),
]
