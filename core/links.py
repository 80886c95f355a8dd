"""Links to rows by their ids, without resolving the URL again for every row.

``reverse()`` walks the URLconf on every call: a page listing a hundred action
points walked it a hundred times or more for links that differ only by their
ids. ``id_url`` reverses a URL name once (per URLconf and script prefix) with
placeholder ids and puts the ids in afterwards: the very string ``reverse``
gives for those integer ids. Anything else (an id that is not an integer, a
URL that does not show its ids as they are) goes through ``reverse``.

In templates: ``{% id_url "minutes:minutes" point.meeting_id %}`` (a builtin).
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Stand-ins for the ids while reversing: more digits than any table of the site has rows.
_PLACEHOLDERS = ("918273645019", "918273645029", "918273645039")


@functools.lru_cache(maxsize=512)
def _parts(name: str, count: int, urlconf: str, prefix: str) -> tuple[str, ...] | None:
    """The URL cut around its ids: ``count + 1`` pieces, or None if the ids are not there."""
    url = reverse(name, urlconf=urlconf, args=[int(p) for p in _PLACEHOLDERS[:count]])
    parts = []
    for placeholder in _PLACEHOLDERS[:count]:
        head, found, url = url.partition(placeholder)
        if not found:
            return None
        parts.append(head)
    parts.append(url)
    return tuple(parts)


def id_url(name: str, *ids) -> str:
    """``reverse(name, args=ids)`` for integer ids, the URLconf resolved once per name."""
    if len(ids) > len(_PLACEHOLDERS) or any(type(i) is not int for i in ids):
        return reverse(name, args=ids)
    parts = _parts(name, len(ids), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if parts is None:
        return reverse(name, args=ids)
    return _joined(parts, ids)


def _joined(parts: tuple[str, ...], ids) -> str:
    """The URL's pieces with the ids between them."""
    return parts[0] + "".join(f"{value}{tail}" for value, tail in zip(ids, parts[1:], strict=True))


def id_url_maker(name: str, count: int):
    """``id_url`` for one name and ``count`` ids, the URL's pieces looked up now: for the
    rows of one table, which would otherwise look the URLconf and script prefix up per row."""
    parts = _parts(name, count, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if parts is None:
        return functools.partial(id_url, name)

    def url(*ids) -> str:
        if len(ids) != count or any(type(i) is not int for i in ids):
            return id_url(name, *ids)
        return _joined(parts, ids)

    return url
