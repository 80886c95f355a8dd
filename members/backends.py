from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in by e-mail, whatever its letter case. Permissions come from ``rules``."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        if email is None or password is None:
            return None
        return super().authenticate(request, username=email.strip(), password=password)

    def get_all_permissions(self, user_obj, obj=None):
        # Model permissions are not stored: rules decides them.
        return set()
