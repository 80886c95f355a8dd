"""Numbers, lists and the names of months and weekdays as each of the six languages
writes them: what a French, Arabic or Chinese reader sees."""

import datetime
import re
import subprocess
import sys

import pytest
from babel.numbers import format_decimal
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import i18n
from notices.models import Notice
from tests.factories import PersonFactory

SIX = ["ar", "zh-hans", "en", "fr", "ru", "es"]
TUESDAY = datetime.datetime(2027, 2, 9, 10, 0)


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


def _text(response) -> str:
    # Only ASCII white space is folded: the no-break spaces inside numbers stay.
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


# --- Numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "1,234,567"),
        ("fr", "1\u202f234\u202f567"),  # narrow no-break spaces
        ("es", "1.234.567"),
        ("ru", "1\xa0234\xa0567"),
        ("ar", "1,234,567"),  # Django's Arabic formats would give 1234567
        ("zh-hans", "1,234,567"),  # Django's Chinese formats would give 1234567
    ],
)
def test_a_count_is_grouped_as_the_language_groups_it(language, shown):
    assert _render("{{ n|number }}", language, n=1234567) == shown


@pytest.mark.parametrize("language", SIX)
def test_the_grouping_is_the_cldr_s(language):
    with translation.override(language):
        ours = i18n.number(1234567)
    assert ours == format_decimal(1234567, locale=i18n.babel_locale(language))


def test_a_small_count_and_what_is_not_a_number_are_left_as_they_are():
    assert _render("{{ n|number }}", "fr", n=999) == "999"
    assert _render("{{ n|number }}|{{ none|number }}", "fr", n="—", none=None) == "—|None"
    assert i18n.number(True) is True


def test_years_and_keys_are_never_grouped():
    # USE_THOUSAND_SEPARATOR stays off: a year or a key in a link reads 2027, not 2 027.
    assert _render("{{ year }} /meetings/{{ pk }}/", "fr", year=2027, pk=12345) == (
        "2027 /meetings/12345/"
    )


# --- Lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "UNHCR, IOM and ILO"),  # UN English: no comma before "and"
        ("fr", "UNHCR, IOM et ILO"),
        ("es", "UNHCR, IOM y ILO"),
        ("ru", "UNHCR, IOM и ILO"),
        ("ar", "UNHCR وIOM وILO"),
        ("zh-hans", "UNHCR、IOM和ILO"),
    ],
)
def test_a_list_is_joined_as_the_language_joins_it(language, shown):
    agencies = ["UNHCR", "IOM", "ILO"]

    assert _render("{{ agencies|and_list }}", language, agencies=agencies) == shown
    drawn = "{% for a in agencies %}{{ a }}{% list_sep forloop %}{% endfor %}"
    assert _render(drawn, language, agencies=agencies) == shown


@pytest.mark.parametrize(
    ("language", "two"), [("en", "UNHCR and IOM"), ("ar", "UNHCR وIOM"), ("zh-hans", "UNHCR和IOM")]
)
def test_two_items_and_one(language, two):
    drawn = "{% for a in agencies %}{{ a }}{% list_sep forloop %}{% endfor %}"
    assert _render(drawn, language, agencies=["UNHCR", "IOM"]) == two
    assert _render(drawn, language, agencies=["UNHCR"]) == "UNHCR"
    assert _render("{{ agencies|and_list }}", language, agencies=[]) == ""


def test_a_list_escapes_its_items():
    html = _render("{{ names|and_list }}", "fr", names=["<b>A</b>", "B"])
    assert html == "&lt;b&gt;A&lt;/b&gt; et B"


def test_a_choice_of_file_types_is_an_or_list():
    with translation.override("fr"):
        assert i18n.format_list(["PDF", "DOCX", "XLSX"], style="or") == "PDF, DOCX ou XLSX"
    with translation.override("zh-hans"):
        assert i18n.format_list(["PDF", "DOCX"], style="or") == "PDF或DOCX"


# --- Month and weekday names ----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "full", "short"),
    [
        ("en", "Tuesday 9 February 2027, 10:00", "9 Feb 2027 10:00"),
        ("fr", "mardi 9 février 2027, 10:00", "9 févr. 2027 10:00"),
        ("es", "martes, 9 de febrero de 2027, 10:00", "9 feb 2027 10:00"),
        ("ru", "вторник, 9 февраля 2027 г., 10:00", "9 февраля 2027 г. 10:00"),
        ("ar", "الثلاثاء 9 فبراير 2027، 10:00", "9 فبراير 2027 10:00"),
        ("zh-hans", "2027年2月9日 星期二 10:00", "2027年2月9日 10:00"),
    ],
)
def test_dates_read_as_the_language_writes_them(language, full, short):
    with translation.override(language):
        assert date_format(TUESDAY, _("l j F Y, H:i")) == full
        assert date_format(TUESDAY, _("j M Y H:i")) == short


@pytest.mark.parametrize(
    ("language", "monday", "sunday"),
    [("fr", "lundi", "dimanche"), ("es", "lunes", "domingo"), ("ru", "понедельник", "воскресенье")],
)
def test_weekdays_are_written_alike(language, monday, sunday):
    # Django's own names capitalize Monday to Saturday in French and Spanish, not Sunday.
    with translation.override(language):
        assert date_format(datetime.date(2027, 2, 8), "l") == monday
        assert date_format(datetime.date(2027, 2, 14), "l") == sunday


def test_russian_names_a_month_alone_and_inside_a_date_differently():
    with translation.override("ru"):
        assert date_format(TUESDAY, "F") == "февраль"
        assert date_format(TUESDAY, "E") == "февраля"
        assert date_format(TUESDAY, _("F Y")) == "февраль 2027 г."


def test_chinese_abbreviates_weekdays_and_months_as_chinese_does():
    with translation.override("zh-hans"):
        assert date_format(TUESDAY, "D") == "周二"
        assert date_format(TUESDAY, "F") == "二月"


def test_the_names_do_not_leak_between_languages():
    # Babel 2.18 leaks stand-alone month names between locales of one process
    # (python-babel/babel#1234): a fresh process reads Hebrew's and Chinese's first.
    code = (
        "import django, datetime; django.setup()\n"
        "from babel.dates import format_date, get_month_names\n"
        "for loc in ('he', 'zh_Hans', 'ar'):\n"
        "    format_date(datetime.date(2027, 2, 9), 'LLLL', locale=loc)\n"
        "    get_month_names('wide', 'stand-alone', loc)\n"
        "from django.utils import translation\n"
        "from django.utils.formats import date_format\n"
        "for lang in ('fr', 'es', 'ru', 'ar'):\n"
        "    with translation.override(lang):\n"
        "        print(date_format(datetime.date(2027, 2, 9), 'F|E|N|l|D'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "gmg.settings", "DJANGO_DEBUG": "true", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    assert result.stdout.split("\n")[:4] == [
        "février|février|févr.|mardi|mar.",
        "febrero|febrero|feb|martes|mar",
        "февраль|февраля|февр.|вторник|вт",
        "فبراير|فبراير|فبراير|الثلاثاء|الثلاثاء",
    ]


def test_english_keeps_django_s_names():
    with translation.override("en"):
        shown = date_format(TUESDAY, "l j F Y · N · D j M")
    assert shown == "Tuesday 9 February 2027 · Feb. · Tue 9 Feb"


# --- In the pages ------------------------------------------------------------------


@pytest.fixture
def many_notices(db):
    Notice.objects.bulk_create(
        Notice(
            to_email=f"person{i}@example.org",
            subject="A subject",
            body_text="Body",
            kind="announcement",
            idempotency_key=f"numbers:{i}",
        )
        for i in range(1234)
    )


@pytest.mark.parametrize(
    ("language", "caption", "queued"),
    [
        ("fr", "1\u202f234 avis", "1\u202f234 en file d'attente"),
        ("ar", "1,234 إشعارًا", "1,234"),
        ("zh-hans", "1,234 条通知", "1,234"),
        ("es", "1.234 avisos", "1.234"),
        ("en", "1,234 notices", "1,234 queued"),
    ],
)
def test_the_outbox_counts_read_in_the_reader_s_language(
    client, many_notices, language, caption, queued
):
    client.force_login(PersonFactory(secretariat=True, language=language))

    outbox = _text(client.get(reverse("notices:outbox")))
    dashboard = _text(client.get(reverse("dashboard")))

    assert f"<caption>{caption}</caption>" in outbox
    assert queued in dashboard


@pytest.mark.parametrize("language", SIX)
def test_a_day_in_a_table_reads_as_the_date_filter_writes_it(language, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    days = [datetime.date(2027, month, 9) for month in range(1, 13)]
    moments = [
        datetime.datetime(2027, 2, 9, 23, 30, tzinfo=datetime.UTC),  # the 10th in Tokyo
        datetime.datetime(2027, 2, 9, 10, 0),
        None,
        "",
    ]
    for value in [*days, *days, *moments]:  # each day twice: the second is remembered
        shown = _render("{{ value|day }}", language, value=value)
        assert shown == _render('{{ value|date:_("j M Y") }}', language, value=value)
    assert _render("{{ value|day }}", "fr", value=datetime.date(2027, 2, 9)) == "9 févr. 2027"
