from django.contrib.sessions.models import Session
from django.utils import timezone

from access.models import ProviderLink, SignInSession


def live_sessions_of(person):
    """The person's sessions that have not ended or expired, most recently used first."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SignInSession.objects.filter(person=person, session_key__in=live)


def sign_in_links_of(person):
    """The person's accounts at the agencies' providers, each with its agency (one query)."""
    return ProviderLink.objects.filter(person=person).select_related("provider__agency")
