from django.urls import path

from . import home, member_views, preferences
from .capture import verification
from .capture import views as capture_views
from .polling import views as polling_views
from .text import labeling_views, model_views
from .text import views as text_views

app_name = "dashboard"

urlpatterns = [
    path("", home.home, name="home"),
    path("notifications", text_views.notifications, name="notifications"),
    path("language", preferences.language_set, name="language"),
    path("projects/new", text_views.project_new, name="project-new"),
    path("projects/<int:project_id>/", text_views.project_detail, name="project"),
    path("projects/<int:project_id>/refresh", text_views.project_refresh, name="project-refresh"),
    path(
        "projects/<int:project_id>/settings", text_views.project_settings, name="project-settings"
    ),
    path(
        "projects/<int:project_id>/settings/project",
        text_views.project_change,
        name="project-change",
    ),
    path(
        "projects/<int:project_id>/settings/webhooks/<int:webhook_id>",
        text_views.webhook_update,
        name="webhook-update",
    ),
    path(
        "projects/<int:project_id>/settings/webhooks/<int:webhook_id>/delete",
        text_views.webhook_delete,
        name="webhook-delete",
    ),
    path(
        "projects/<int:project_id>/members/",
        member_views.project_members,
        name="project-members",
    ),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/role",
        member_views.project_member_role,
        name="project-member-role",
    ),
    path(
        "projects/<int:project_id>/members/<int:membership_id>/remove",
        member_views.project_member_remove,
        name="project-member-remove",
    ),
    path(
        "projects/<int:project_id>/sessions/upload",
        text_views.session_upload,
        name="session-upload",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/row",
        text_views.session_row,
        name="session-row",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/delete",
        text_views.session_delete,
        name="session-delete",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/download",
        text_views.session_download,
        name="session-download",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/label",
        labeling_views.session_label,
        name="session-label",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/label/<int:document_id>/tags",
        labeling_views.session_label_tag,
        name="session-label-tag",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/label/<int:document_id>"
        "/segments/<int:segment_id>/tags/<int:tag_id>/remove",
        labeling_views.session_label_untag,
        name="session-label-untag",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/label/<int:document_id>"
        "/segments/<int:segment_id>/move",
        labeling_views.session_label_move,
        name="session-label-move",
    ),
    path(
        "projects/<int:project_id>/sessions/<int:session_id>/label/<int:document_id>/done",
        labeling_views.session_label_done,
        name="session-label-done",
    ),
    path("projects/<int:project_id>/models/new", model_views.model_new, name="model-new"),
    path(
        "projects/<int:project_id>/models/new/summary",
        model_views.model_new_summary,
        name="model-new-summary",
    ),
    path(
        "projects/<int:project_id>/models/compare", model_views.model_compare, name="model-compare"
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/", model_views.model_detail, name="model"
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/try",
        model_views.model_try,
        name="model-try",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/correct",
        model_views.model_correct,
        name="model-correct",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/status",
        polling_views.model_status,
        name="model-status",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/activate",
        model_views.model_activate,
        name="model-activate",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/publish",
        model_views.model_publish,
        name="model-publish",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/cancel",
        model_views.model_cancel,
        name="model-cancel",
    ),
    path(
        "projects/<int:project_id>/models/<int:model_id>/delete",
        model_views.model_delete,
        name="model-delete",
    ),
    # -- document capture
    path("capture/<int:project_id>/", capture_views.capture_project_detail, name="capture-project"),
    path("capture/<int:project_id>/members/", member_views.capture_members, name="capture-members"),
    path(
        "capture/<int:project_id>/members/<int:membership_id>/role",
        member_views.capture_member_role,
        name="capture-member-role",
    ),
    path(
        "capture/<int:project_id>/members/<int:membership_id>/remove",
        member_views.capture_member_remove,
        name="capture-member-remove",
    ),
    path(
        "capture/<int:project_id>/documents/",
        capture_views.capture_documents,
        name="capture-documents",
    ),
    path(
        "capture/<int:project_id>/documents/fields.csv",
        capture_views.capture_documents_csv,
        name="capture-documents-csv",
    ),
    path(
        "capture/<int:project_id>/documents/upload",
        capture_views.capture_document_upload,
        name="capture-document-upload",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/",
        capture_views.capture_document_detail,
        name="capture-document",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/status",
        capture_views.capture_document_status,
        name="capture-document-status",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/pages/<int:page_id>.png",
        capture_views.page_image,
        name="capture-page-image",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/texts",
        capture_views.drawing_texts,
        name="capture-drawing-texts",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/verify",
        verification.document_verify,
        name="capture-document-verify",
    ),
    path(
        "capture/<int:project_id>/documents/<int:document_id>/train",
        capture_views.capture_document_train,
        name="capture-document-train",
    ),
]
