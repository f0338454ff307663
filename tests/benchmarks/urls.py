"""The product's URLs plus ``/bench/ok``: a bare Django view, the yardstick."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok", ok),
    path("", include("trainer.urls")),
]
