"""URLs of the Capture API, mounted at ``/api/capture/``. The last pattern answers
every other path below the mount with the contract's JSON 404."""

from django.urls import path, re_path

from . import views

app_name = "captureapi"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("v2/file", views.file_upload, name="file-upload"),
    path("v2/file/<str:file_id>/<str:token>/info", views.file_info, name="file-info"),
    path("v2/file/<str:file_id>/<str:token>", views.file_detail, name="file-detail"),
    path("v2/task/capture/<slug:document_type>", views.task_capture, name="task-capture"),
    path("v2/task/<str:task_id>", views.task_detail, name="task-detail"),
    path(
        "v2/task/<str:task_id>/verification",
        views.task_verification,
        name="task-verification",
    ),
    path(
        "v2/training/layout/<str:task_id>/<str:file_id>",
        views.training_layout,
        name="training-layout",
    ),
    path("v2/training", views.training, name="training"),
    path("v2/extensions", views.extensions, name="extensions"),
    re_path(r"^[\s\S]*$", views.not_found, name="not-found"),  # any path, newlines too
]
