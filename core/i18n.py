"""The group's languages: each named in itself, as a person looks for their own."""

from django.conf import settings
from django.utils.translation import get_language_info


def language_choices() -> list[tuple[str, str]]:
    """(code, name in that language) for every language of the site, in settings order."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
