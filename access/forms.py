from django.contrib.auth.forms import PasswordResetForm

from access.services import client_ip, password_reset_take


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the outbox like every other."""

    def save(self, *args, request=None, **kwargs):
        # Only recorded here: the worker decides (unknown address, too many requests),
        # so the page answers the same, in the same time, for every address.
        password_reset_take(
            email=self.cleaned_data["email"],
            ip_address=client_ip(request) if request is not None else None,
        )
