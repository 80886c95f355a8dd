from django.urls import path

from minutes import views

app_name = "minutes"
meeting = "meetings/<int:meeting_pk>"
urlpatterns = [
    path("action-points/", views.register, name="register"),
    path("action-points/export.csv", views.register_csv, name="register_csv"),
    path("action-points/<int:pk>/", views.action_point_page, name="action_point"),
    path(f"{meeting}/", views.minutes_page, name="minutes"),
    path(f"{meeting}/start/", views.minutes_start, name="start"),
    path(f"{meeting}/no-comments/", views.no_comments, name="no_comments"),
    path(f"{meeting}/close-comments/", views.close_comments, name="close_comments"),
    *(
        path(f"{meeting}/{action}/", views.minutes_action, {"action": action}, name=action)
        for action in views.ACTIONS
    ),
    path(f"{meeting}/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path(f"{meeting}/sections/<int:pk>/revisions/", views.section_revisions, name="revisions"),
    path(f"{meeting}/sections/<int:pk>/comment/", views.comment_add, name="comment_add"),
    path(f"{meeting}/comments/<int:pk>/answer/", views.comment_answer, name="comment_answer"),
    path(f"{meeting}/action-points/new/", views.action_point_form, name="action_point_add"),
    path(f"{meeting}/action-points/<int:pk>/", views.action_point_form, name="action_point_edit"),
    path(f"{meeting}/editions/<int:number>/", views.edition_page, name="edition"),
    path(f"{meeting}/editions/<int:number>/pdf/", views.edition_pdf, name="edition_pdf"),
    path(f"{meeting}/editions/<int:number>/akn/", views.edition_akn, name="edition_akn"),
    path(f"{meeting}/pdf/", views.draft_pdf, name="draft_pdf"),
    path(f"{meeting}/pdf/retry/", views.pdf_retry, name="pdf_retry"),
    path(f"{meeting}/follow-up/", views.follow_up, name="follow_up"),
]
