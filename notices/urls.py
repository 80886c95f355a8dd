from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.OutboxView.as_view(), name="outbox"),
    path("<int:pk>/", views.NoticeDetailView.as_view(), name="detail"),
    path("resend-failed/", views.resend_failed, name="resend_failed"),
    *(
        path(f"<int:pk>/{action}/", views.notice_action, {"action": action}, name=action)
        for action in views.ACTIONS
    ),
]
