"""The project page's tables: links that sort and page them, keeping the other
parameters of the query string (filters, the other table's order and page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..models import Project
from . import selectors
from .forms import ProjectTablesForm

PAGE_SIZE = 25

# (label, sort key or None, CSS class) of each column.
MODEL_COLUMNS = [
    (_("Model"), "name", ""),
    (_("Type"), "type", ""),
    (_("Language"), "language", ""),
    (_("Status"), "status", ""),
    (_("Started"), "created", ""),
]
SESSION_COLUMNS = [
    (_("Name"), "name", ""),
    (_("Type"), "type", ""),
    (_("Documents"), "documents", "num"),
    (_("Classes and labels"), None, ""),
    (_("Created"), "created", ""),
]


def url_with(request: HttpRequest, **changes: str | int | None) -> str:
    """This page's URL with ``changes`` applied to its query (None removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return f"{request.path}?{query.urlencode()}" if query else request.path


@dataclass(frozen=True)
class Column:
    label: str
    url: str | None  # None: not sortable
    aria_sort: str  # "ascending", "descending" or "none"
    css: str = ""


def columns(
    request: HttpRequest,
    *,
    sort_param: str,
    page_param: str,
    current: str,
    spec: list[tuple[str, str | None, str]],
) -> list[Column]:
    """Header cells for ``spec`` (``(label, sort key or None, css class)``): a link that
    sorts by the column, the other way round when it is the current order."""
    cells = []
    for label, key, css in spec:
        if key is None:
            cells.append(Column(label, None, "none", css))
            continue
        if current == key:
            aria_sort, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            aria_sort, next_sort = "descending", key
        else:
            aria_sort, next_sort = "none", key
        url = url_with(request, **{sort_param: next_sort, page_param: None})
        cells.append(Column(label, url, aria_sort, css))
    return cells


@dataclass(frozen=True)
class PageLinks:
    page: Page
    previous_url: str | None
    next_url: str | None


def paginate(request: HttpRequest, queryset: QuerySet, *, page_param: str, number) -> PageLinks:
    """One page of ``queryset`` (two queries: the count and the rows) and its links."""
    page = Paginator(queryset, PAGE_SIZE).get_page(number)
    previous_url = (
        url_with(request, **{page_param: page.previous_page_number()})
        if page.has_previous()
        else None
    )
    next_url = (
        url_with(request, **{page_param: page.next_page_number()}) if page.has_next() else None
    )
    return PageLinks(page, previous_url, next_url)


def project_tables(request: HttpRequest, *, project: Project) -> dict:
    """The project page's tables as the query asks: ``filters`` (the form),
    ``filtered``, ``models`` and ``sessions`` (:class:`PageLinks`), and their
    ``model_columns`` and ``session_columns``. Four queries, whatever the size."""
    filters = ProjectTablesForm(request.GET)
    kind = {"type": filters.value("type")}
    language = filters.value("language")  # a model's; a labeling session has none
    model_sort = filters.value("sort", "-created")
    session_sort = filters.value("sessions_sort", "name")
    models = selectors.model_list_for_project(
        project=project, status=filters.value("status"), sort=model_sort, language=language, **kind
    )
    sessions = selectors.session_list_for_project(project=project, sort=session_sort, **kind)
    return {
        "filters": filters,
        "filtered": bool(filters.value("status") or language or any(kind.values())),
        "models": paginate(request, models, page_param="page", number=filters.value("page", 1)),
        "model_columns": columns(
            request, sort_param="sort", page_param="page", current=model_sort, spec=MODEL_COLUMNS
        ),
        "sessions": paginate(
            request, sessions, page_param="sessions_page", number=filters.value("sessions_page", 1)
        ),
        "session_columns": columns(
            request,
            sort_param="sessions_sort",
            page_param="sessions_page",
            current=session_sort,
            spec=SESSION_COLUMNS,
        ),
    }
