"""The site's URLs and one bare view, served through the same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: a signed-in request through every middleware, and no work."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("gmg.urls"))]
