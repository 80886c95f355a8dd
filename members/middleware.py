import zoneinfo

from django.utils import timezone, translation


class PersonPreferencesMiddleware:
    """Show pages in the signed-in person's language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            if user.language and not request.GET.get("lang"):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            # The zone is the request's: whatever runs next in this thread (a task run
            # eagerly, a test) starts from the group's default again.
            timezone.deactivate()
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
