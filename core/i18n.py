"""The group's languages: each named in itself, as a person looks for their own; and
numbers, lists and the names of months and weekdays as each language writes them.

- Numbers: Django's number formats, with the separators of the Unicode CLDR where
  Django's differ (gmg/formats/), grouped by ``number`` (the ``|number`` filter).
  ``USE_THOUSAND_SEPARATOR`` stays off on purpose: years, primary keys in links and
  anchors, version and item numbers are integers too, and must never read ``2,027``
  or ``/meetings/1 234/``. A count a person reads goes through ``|number``.
- Lists: "UNHCR, IOM and ILO" is joined by each language's own pattern (CLDR, through
  Babel): ``UNHCR, IOM et ILO``, ``UNHCR、IOM和ILO``, ``UNHCR وIOM وILO``. English
  is the United Nations' (British) English: no comma before "and".
- Month and weekday names come from the CLDR in the five languages besides English:
  Django's own are poorer there (French and Spanish weekdays capitalized but Sunday
  not, "Janvier" in French, no dots in "févr.", capitalized Russian names).
"""

import datetime
from functools import cache, lru_cache, partial

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from babel.lists import format_list as babel_format_list
from django.conf import settings
from django.utils import dates, formats
from django.utils.functional import lazy
from django.utils.translation import get_language, get_language_info, gettext, to_locale


def language_choices() -> list[tuple[str, str]]:
    """(code, name in that language) for every language of the site, in settings order."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def babel_locale(language: str | None = None) -> str:
    """The CLDR locale of a site language (zh-hans → zh_Hans; English → en_GB)."""
    code = language or get_language() or settings.LANGUAGE_CODE
    return "en_GB" if code.split("-")[0] == "en" else to_locale(code)


def number(value):
    """A count as the current language writes it: 1,234 · 1 234 · 1.234 · 1 234."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return formats.number_format(value, force_grouping=True)


def format_list(items, style: str = "standard", language: str | None = None) -> str:
    """Items joined as the language joins a list ("and"; style="or" for "or")."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return babel_format_list(items, style=style, locale=babel_locale(language))


def list_separator(index: int, length: int, language: str | None = None) -> str:
    """What comes after item ``index`` (from 0) of ``length`` in a list: ", ", " and ",
    "、", "和", " و" or nothing after the last; for lists drawn one item at a time."""
    if index >= length - 1:
        return ""
    if length == 2:
        key = "2"
    elif index == length - 2:
        key = "end"
    else:
        key = "start" if index == 0 else "middle"
    return _list_separators(babel_locale(language))[key]


@cache
def _list_separators(locale: str) -> dict[str, str]:
    """A locale's separators of a standard list, read once: parsing the locale for every
    item cost more than the rest of a long table's row."""
    patterns = Locale.parse(locale).list_patterns["standard"]
    return {key: patterns[key].format("", "") for key in ("2", "start", "middle", "end")}


def short_day(value) -> str:
    """``value|date:_("j M Y")`` ("4 Mar 2026", "4 mars 2026"), a date formatted once per
    language and format; anything but a date (a datetime, None) as the filter gives it."""
    form = gettext("j M Y")
    if type(value) is not datetime.date:
        from django.template.defaultfilters import date as date_filter

        return date_filter(value, form)
    return _short_day(value, form, get_language())


@lru_cache(maxsize=4096)
def _short_day(value: datetime.date, form: str, language: str | None) -> str:
    # ``language`` is part of the key: the month names are the active language's.
    return formats.date_format(value, form)


# --- Month and weekday names -------------------------------------------------

# Django's tables (django.utils.dates) that the date format characters read:
# l D F E b/M N. Each gets CLDR's names of the same width and grammatical context.
NAME_TABLES = ("WEEKDAYS", "WEEKDAYS_ABBR", "MONTHS", "MONTHS_ALT", "MONTHS_3", "MONTHS_AP")
DJANGO_NAMES = {table: dict(getattr(dates, table)) for table in NAME_TABLES}
# "F" is the month named by itself (a heading: "февраль"), "E" the month inside a
# date ("9 февраля"). Of the six languages only Russian tells them apart, and
# only its stand-alone names are read: Babel 2.18 leaks stand-alone names inherited by
# alias between locales in one process (python-babel/babel#1234), the format names
# (each locale's own) are not affected.
STAND_ALONE_MONTHS = {"ru"}


@cache
def cldr_names(locale: str) -> dict[str, dict[int, str]]:
    """The CLDR month and weekday names of a locale, by Django table."""
    alone = "stand-alone" if locale in STAND_ALONE_MONTHS else "format"
    abbreviated = dict(get_month_names("abbreviated", "format", locale))
    return {
        "WEEKDAYS": dict(get_day_names("wide", "format", locale)),
        "WEEKDAYS_ABBR": dict(get_day_names("abbreviated", "format", locale)),
        "MONTHS": dict(get_month_names("wide", alone, locale)),
        "MONTHS_ALT": dict(get_month_names("wide", "format", locale)),
        "MONTHS_3": abbreviated,
        "MONTHS_AP": abbreviated,
    }


def _date_name(table: str, key: int) -> str:
    language = get_language()
    if language and language.split("-")[0] != "en":
        try:
            return cldr_names(babel_locale(language))[table][key]
        except UnknownLocaleError:
            pass
    return str(DJANGO_NAMES[table][key])


def use_cldr_date_names() -> None:
    """Django's name tables answer with CLDR's names in the active language (English
    keeps Django's). Called once when the project starts (core.apps)."""
    for table in NAME_TABLES:
        names = getattr(dates, table)
        for key in names:
            names[key] = lazy(partial(_date_name, table, key), str)()
