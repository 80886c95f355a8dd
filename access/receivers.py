"""Sign-in events handed to the services (no work is done here)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from access import services


@receiver(user_locked_out, dispatch_uid="access.locked")
def _locked(sender, request, username, ip_address, **kwargs):
    services.sign_in_locked_notify(username=username, ip_address=ip_address)


@receiver(user_logged_out, dispatch_uid="access.logged_out")
def _logged_out(sender, request, user, **kwargs):
    services.session_forget(session_key=getattr(request.session, "session_key", None))


@receiver(user_logged_in, dispatch_uid="access.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_start(request=request, user=user)
