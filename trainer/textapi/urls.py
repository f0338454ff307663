"""URLs of the Text Training API, mounted at ``/api/text/``. The last pattern
answers every other path below the mount with the contract's JSON 404."""

from django.urls import path, re_path

from . import correction_views, views

app_name = "textapi"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("auth/login", views.auth_login, name="auth-login"),
    path("auth/status", views.auth_status, name="auth-status"),
    path("auth/logout", views.auth_logout, name="auth-logout"),
    path("types", views.type_list, name="type-list"),
    path("health", views.health, name="health"),
    path("info", views.info, name="info"),
    path("projects", views.project_list, name="project-list"),
    path("projects/<int:project_id>", views.project_detail, name="project-detail"),
    path(
        "projects/<int:project_id>/permissions",
        views.project_permissions,
        name="project-permissions",
    ),
    path("projects/<int:project_id>/classes", views.class_collection, name="class-list"),
    path(
        "projects/<int:project_id>/classes/<int:class_id>",
        views.class_detail,
        name="class-detail",
    ),
    path("projects/<int:project_id>/labels", views.label_collection, name="label-list"),
    path(
        "projects/<int:project_id>/labels/<int:label_id>",
        views.label_detail,
        name="label-detail",
    ),
    path(
        "projects/<int:project_id>/annotations",
        views.labeling_session_list,
        name="labeling-session-list",
    ),
    path(
        "projects/<int:project_id>/annotations/upload",
        views.labeling_session_upload,
        name="labeling-session-upload",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents",
        views.labeling_session_documents,
        name="labeling-session-documents",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents/<int:document_id>",
        views.document_detail,
        name="document-detail",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents/<int:document_id>"
        "/statuses",
        views.document_statuses,
        name="document-statuses",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/tags",
        views.segment_tags,
        name="segment-tags",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/tags/<int:tag_id>",
        views.segment_tag_detail,
        name="segment-tag-detail",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/statuses",
        views.segment_statuses,
        name="segment-statuses",
    ),
    path(
        "projects/<int:project_id>/annotations/<int:session_id>",
        views.labeling_session_detail,
        name="labeling-session-detail",
    ),
    path(
        "projects/<int:project_id>/corrections",
        correction_views.correction_list,
        name="correction-list",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>",
        correction_views.correction_detail,
        name="correction-detail",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>/documents",
        correction_views.correction_documents,
        name="correction-documents",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/tags",
        correction_views.correction_tags,
        name="correction-tags",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/tags/<int:tag_id>",
        correction_views.correction_tag_detail,
        name="correction-tag-detail",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/tags/<int:tag_id>/statuses",
        correction_views.correction_tag_statuses,
        name="correction-tag-statuses",
    ),
    path(
        "projects/<int:project_id>/corrections/<int:correction_id>/documents/<int:document_id>"
        "/segments/<int:segment_id>/statuses",
        correction_views.correction_segment_statuses,
        name="correction-segment-statuses",
    ),
    path("models", views.model_catalog, name="model-catalog"),
    path("projects/<int:project_id>/models", views.model_collection, name="model-list"),
    path(
        "projects/<int:project_id>/models/<int:model_id>",
        views.model_detail,
        name="model-detail",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/cancel",
        views.model_cancel,
        name="model-cancel",
    ),
    path("analyze", views.analyze, name="analyze"),
    re_path(r"^[\s\S]*$", views.not_found, name="not-found"),  # any path, newlines too
]
