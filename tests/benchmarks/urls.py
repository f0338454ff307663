"""The product's URLs plus two yardsticks: ``/bench/ok``, a bare Django view, and
``/bench/ok-signed-in``, the same behind ``login_required`` (the session and the
user read, as on every page of the dashboard)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok", ok),
    path("bench/ok-signed-in", login_required(ok)),
    path("", include("trainer.urls")),
]
