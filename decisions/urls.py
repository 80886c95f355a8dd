from django.urls import path

from decisions import views

app_name = "decisions"
procedure = "silence/<int:pk>"
urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.register_csv, name="register_csv"),
    path("<int:pk>/", views.decision_detail, name="decision"),
    path("silence/", views.procedure_list_page, name="procedures"),
    path("silence/new/", views.procedure_create, name="procedure_add"),
    path(f"{procedure}/", views.procedure_detail, name="procedure"),
    path(f"{procedure}/edit/", views.procedure_edit, name="procedure_edit"),
    path(f"{procedure}/circulate/", views.procedure_circulate, name="circulate"),
    path(f"{procedure}/extend/", views.procedure_extend, name="extend"),
    path(f"{procedure}/withdraw/", views.procedure_withdraw, name="withdraw"),
    path(f"{procedure}/revise/", views.procedure_revise, name="revise"),
    path(f"{procedure}/respond/", views.respond, name="respond"),
    path(
        f"{procedure}/responses/<int:response_pk>/withdraw/",
        views.objection_withdraw,
        name="objection_withdraw",
    ),
    path(f"{procedure}/papers/", views.paper_add, name="paper_add"),
    path(f"{procedure}/papers/<int:paper_pk>/", views.paper, name="paper"),
]
