"""The home page: the person's text projects and capture projects, the one page of
both wings."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import may_create_projects
from .capture import selectors as capture_selectors
from .text import selectors as text_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    projects = text_selectors.project_list_for_user(user=request.user)
    capture_projects = capture_selectors.capture_project_list_for_user(user=request.user)
    return render(
        request,
        "dashboard/home.html",
        {
            "projects": projects,
            "capture_projects": capture_projects,
            "may_create": may_create_projects(user=request.user),
        },
    )
