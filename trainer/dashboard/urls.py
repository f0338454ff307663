from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/refresh", views.project_refresh, name="project-refresh"),
    path("projects/<int:project_id>/models/new", views.model_new, name="model-new"),
    path("projects/<int:project_id>/models/<int:model_id>/", views.model_detail, name="model"),
    path(
        "projects/<int:project_id>/models/<int:model_id>/status",
        views.model_status,
        name="model-status",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/activate",
        views.model_activate,
        name="model-activate",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/publish",
        views.model_publish,
        name="model-publish",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/cancel",
        views.model_cancel,
        name="model-cancel",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/delete",
        views.model_delete,
        name="model-delete",
    ),
]
