"""Going back to the page a form came from, safely.

``next`` comes from the browser: it may be another site, a bare word (which
``redirect()`` would take for a view name and fail on), or garbage. Only a
path on this site is followed; anything else goes to the fallback.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and len(target) <= 2000
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return str(fallback)


def redirect_next(request, fallback: str) -> HttpResponseRedirect:
    """A redirect to ``next`` if it is a path on this site, else to ``fallback`` (a URL)."""
    return HttpResponseRedirect(safe_next_url(request, fallback))
