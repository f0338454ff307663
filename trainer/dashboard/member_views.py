"""The Members page of a text or a capture project, and its actions: add a member,
change a role, remove a member (asking first). Every member sees the page; the
rules of who may change what are :mod:`.members`' services. Each kind of project
passes its own access gate; the page and its markup are the same for both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import audit, members
from .capture.selectors import capture_project_get_for_member
from .models import Role
from .text.selectors import project_get_for_member


@dataclass(frozen=True)
class Kind:
    """What differs between the members of a text project and of a capture project."""

    gate: Callable
    url_prefix: str  # of the URL names: "project" or "capture"
    breadcrumbs: str

    def url(self, action: str) -> str:
        return f"dashboard:{self.url_prefix}-{action}"

    # The URL names, for the templates' {% url %}.
    @property
    def project_url(self) -> str:
        return "dashboard:project" if self.url_prefix == "project" else "dashboard:capture-project"

    @property
    def members_url(self) -> str:
        return self.url("members")

    @property
    def role_url(self) -> str:
        return self.url("member-role")

    @property
    def remove_url(self) -> str:
        return self.url("member-remove")


TEXT = Kind(project_get_for_member, "project", "dashboard/_partials/breadcrumbs.html")
CAPTURE = Kind(capture_project_get_for_member, "capture", "dashboard/capture/_breadcrumbs.html")


def _page(request: HttpRequest, kind: Kind, project, *, form=None, status: int = 200):
    roles = members.role_choices_grantable(actor_role=project.user_role)
    context = {
        "project": project,
        "kind": kind,
        "members": members.member_list_for_project(project=project, actor_role=project.user_role),
        "roles": roles,
        "form": form or members.MemberAddForm(roles=roles),
        "events": audit.audit_event_list_for_project(project=project, limit=10),
    }
    template = "dashboard/members.html"
    if request.htmx:
        template += "#member-list"
    return render(request, template, context, status=status)


def _members(request: HttpRequest, kind: Kind, project_id: int) -> HttpResponse:
    """GET: the members; POST (MANAGER and up): add one."""
    if request.method == "GET":
        project = kind.gate(project_id=project_id, user=request.user)
        return _page(request, kind, project)
    project = kind.gate(project_id=project_id, user=request.user, min_role=Role.MANAGER)
    form = members.MemberAddForm(request.POST)  # every role: the service refuses, and says why
    if form.is_valid():
        try:
            membership = members.member_add(
                project=project,
                actor=request.user,
                user=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
            )
        except members.MemberChangeRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s is now a member, as %(role)s.")
                % {"name": membership.user.get_username(), "role": membership.get_role_display()},
            )
            return redirect(kind.url("members"), project_id=project.pk)
    return _page(request, kind, project, form=form, status=400)


def _member_role(request: HttpRequest, kind: Kind, project_id: int, membership_id: int):
    """Change a member's role; htmx swaps in the list of members (with the message),
    without JavaScript the page is loaded again."""
    project = kind.gate(project_id=project_id, user=request.user, min_role=Role.MANAGER)
    membership = members.membership_get_for_project(project=project, membership_id=membership_id)
    form = members.MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            members.member_role_change(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            )
        except members.MemberChangeRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s's role is now %(role)s.")
                % {"name": membership.user.get_username(), "role": membership.get_role_display()},
            )
    if request.htmx:
        project = kind.gate(project_id=project_id, user=request.user)  # one's own role may change
        return _page(request, kind, project)
    return redirect(kind.url("members"), project_id=project_id)


def _member_remove(request: HttpRequest, kind: Kind, project_id: int, membership_id: int):
    """GET asks for confirmation; POST removes the member."""
    project = kind.gate(project_id=project_id, user=request.user, min_role=Role.MANAGER)
    membership = members.membership_get_for_project(project=project, membership_id=membership_id)
    removed = False
    try:
        if request.method == "GET":
            members.member_change_check(membership=membership, actor=request.user)
            context = {"project": project, "kind": kind, "membership": membership}
            return render(request, "dashboard/member_remove.html", context)
        members.member_remove(membership=membership, actor=request.user)
        removed = True
    except members.MemberChangeRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of this project.")
            % {"name": membership.user.get_username()},
        )
    if removed and membership.user_id == request.user.pk:
        return redirect("dashboard:home")  # their own: the project is no longer theirs to see
    return redirect(kind.url("members"), project_id=project_id)


# -- the URLs' views, one per kind of project ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def project_members(request: HttpRequest, project_id: int) -> HttpResponse:
    return _members(request, TEXT, project_id)


@login_required
@require_POST
def project_member_role(request: HttpRequest, project_id: int, membership_id: int):
    return _member_role(request, TEXT, project_id, membership_id)


@login_required
@require_http_methods(["GET", "POST"])
def project_member_remove(request: HttpRequest, project_id: int, membership_id: int):
    return _member_remove(request, TEXT, project_id, membership_id)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def capture_members(request: HttpRequest, project_id: int) -> HttpResponse:
    return _members(request, CAPTURE, project_id)


@login_required
@require_POST
def capture_member_role(request: HttpRequest, project_id: int, membership_id: int):
    return _member_role(request, CAPTURE, project_id, membership_id)


@login_required
@require_http_methods(["GET", "POST"])
def capture_member_remove(request: HttpRequest, project_id: int, membership_id: int):
    return _member_remove(request, CAPTURE, project_id, membership_id)
