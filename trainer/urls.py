from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/text/", include("trainer.textapi.urls")),
    path("api/capture/", include("trainer.captureapi.urls")),
    path("", include("trainer.dashboard.urls")),
]
