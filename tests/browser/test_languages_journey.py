"""The roles' journey in each of the five other official languages: people whose profile
says Arabic, Chinese, French, Russian or Spanish propose a topic, decide it, publish the
agenda, comment on the circulated minutes and close an action point, every page in their
language (right to left in Arabic), checked by axe (WCAG 2.2 AA) and kept as a screenshot.

The names the test looks for come from the catalogues (``gettext`` in the person's
language), so the test follows a translation when a translator changes it. Then a focal
point walks the pages of the week on a desktop and on a phone in Arabic and in Chinese.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, override
from playwright.sync_api import expect

from agenda import services as agenda_services
from agenda.enums import Purpose
from agenda.models import Agenda, AgendaVersion, PurposeTag
from meetings.models import Delegate
from minutes import services as minutes_services
from minutes.models import ActionPoint, Comment, MinutesSection
from tests.browser.helpers import PHONE, english_words, named_for, sign_in, sign_out
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    ChairTermFactory,
    MeetingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.browser

# What the people write, in their own language (it stays as they wrote it).
WRITTEN = {
    "ar": {
        "topic": "التحويلات المالية والمجتمعات الساحلية",
        "summary": "كيف تساعد التحويلات المالية المجتمعات الساحلية على التكيف.",
        "comment": "يرجى ذكر مصادر البيانات.",
        "note": "أرسلت الورقة إلى جميع الأعضاء.",
    },
    "zh-hans": {
        "topic": "汇款与沿海社区",
        "summary": "汇款如何帮助沿海社区适应变化。",
        "comment": "请注明数据来源。",
        "note": "文件已发给所有成员。",
    },
    "fr": {
        "topic": "Les envois de fonds et les communautés côtières",
        "summary": "Comment les envois de fonds aident les communautés côtières à s'adapter.",
        "comment": "Merci de citer les sources des données.",
        "note": "Document envoyé à tous les membres.",
    },
    "ru": {
        "topic": "Денежные переводы и прибрежные общины",
        "summary": "Как денежные переводы помогают прибрежным общинам адаптироваться.",
        "comment": "Просьба указать источники данных.",
        "note": "Документ разослан всем членам.",
    },
    "es": {
        "topic": "Las remesas y las comunidades costeras",
        "summary": "Cómo las remesas ayudan a las comunidades costeras a adaptarse.",
        "comment": "Se ruega citar las fuentes de los datos.",
        "note": "Documento enviado a todos los miembros.",
    },
}
# The browser asks for the person's language before anyone signs in (Accept-Language).
BROWSER_LOCALE = {"ar": "ar", "zh-hans": "zh-CN", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}
ACTION = "Circulate the joint paper to all members"  # the chair's office wrote it in English
SECTION_TITLE = "Labour migration data"


DOUBLED_STOP = re.compile(r"\S+(?<!\.)\.\.(?!\.)")


def _label(text: str) -> re.Pattern:
    """A field's label: the text, then the asterisk of a required field, if any."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


@pytest.fixture
def world(site):
    """A meeting ahead (its deadline open), a meeting held three days ago whose draft minutes
    are circulated with an action point for the focal point's agency, and the chair."""
    today = timezone.localdate()
    chair_agency = AgencyFactory(acronym="CHR", name="Chairing Agency")
    member = AgencyFactory(acronym="OCM", name="Office for Coastal Migration")
    ChairTermFactory(
        agency=chair_agency,
        start=today - datetime.timedelta(days=90),
        end=today + datetime.timedelta(days=90),
    )
    start = (timezone.now() + datetime.timedelta(days=35)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    # Titles the application makes (from the level and date): each reader sees their own.
    ahead = MeetingFactory(
        title_is_default=True, start=start, proposal_deadline=start.date() - datetime.timedelta(14)
    )
    held_start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    held = MeetingFactory(
        title_is_default=True,
        level="working",
        start=held_start,
        end=held_start + datetime.timedelta(hours=3),
        status="held",
    )
    return {"ahead": ahead, "held": held, "chair_agency": chair_agency, "member": member}


def _circulated_minutes(held, chair, focal, member):
    """The held meeting's agenda published, its minutes drafted with an action point for
    the member agency and circulated for comments (as the English minutes journey does)."""
    Delegate.objects.create(
        meeting=held, agency=member, person=focal, rsvp="in_person", is_head=True, attended=True
    )
    agenda = Agenda.objects.get(meeting=held)
    agenda_services.agenda_item_save(
        agenda=agenda, actor=chair, version=agenda.version, title=SECTION_TITLE, minutes=30
    )
    agenda.refresh_from_db()
    agenda_services.agenda_publish(agenda=agenda, actor=chair, version=agenda.version)
    minutes = minutes_services.minutes_start(meeting=held, actor=chair)
    section = MinutesSection.objects.get(minutes=minutes, title=SECTION_TITLE)
    minutes_services.section_save(
        section=section,
        actor=chair,
        version=section.version,
        summary="Members welcomed the note.",
        decisions="The group agreed to a joint paper.",
    )
    minutes_services.action_point_save(
        section=section,
        actor=chair,
        text=ACTION,
        agencies=[member],
        due=timezone.localdate() + datetime.timedelta(days=30),
    )
    minutes_services.minutes_transition(minutes=minutes, to="circulated", actor=chair)
    return section


LANGUAGES = [
    pytest.param("ar", "rtl", id="arabic"),
    pytest.param("zh-hans", "ltr", id="chinese"),
    pytest.param("fr", "ltr", id="french"),
    pytest.param("ru", "ltr", id="russian"),
    pytest.param("es", "ltr", id="spanish"),
]


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_each_role_does_its_journey_in_its_language(open_page, journey, world, language, direction):
    written = WRITTEN[language]
    chair = PersonFactory(agency=world["chair_agency"], full_name="Chloe Chair", language=language)
    focal = PersonFactory(agency=world["member"], full_name="Amal Haddad", language=language)
    section = _circulated_minutes(world["held"], chair, focal, world["member"])
    ahead, held = world["ahead"], world["held"]
    # What people wrote may stay in English: the agencies' names, the chair's drafting.
    as_written = [
        "Chairing Agency",
        "Office for Coastal Migration",
        "Chloe Chair",
        "Amal Haddad",
        ACTION,
        SECTION_TITLE,
        "Members welcomed the note.",
        "The group agreed to a joint paper.",
    ]

    def check(page, step: str) -> None:
        """The page is in the language, shows no English sentence of the application, and
        passes the journey's checks (axe, ids, CSP; a screenshot kept)."""
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", direction)
        left = english_words(page, as_written)
        assert not left, f"{step} ({language}) shows English: {left}"
        # A sentence ending with a date ends once (a Russian date ends with its own period).
        doubled = DOUBLED_STOP.findall(page.locator("body").inner_text())
        assert not doubled, f"{step} ({language}) ends a sentence twice: {doubled}"
        journey.check(page, f"{language}-{step}")

    with override(language):
        ahead_title, held_title = ahead.display_title, held.display_title
        purpose = str(PurposeTag.objects.get(code=Purpose.RESEARCH_DATA))
        page = open_page(locale=BROWSER_LOCALE[language])
        main_menu = page.get_by_role("navigation", name=gettext("Main"))

        # --- A focal point proposes a topic for the meeting ahead. -------------
        page.goto("/")
        check(page, "sign-in")
        sign_in(page, focal.email)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            gettext("Welcome, %(name)s") % {"name": focal.get_short_name()}
        )
        check(page, "focal-point-dashboard")
        main_menu.get_by_role("link", name=gettext("Meetings"), exact=True).click()
        page.get_by_role("link", name=ahead_title, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(ahead_title)
        check(page, "meeting-page")
        page.get_by_role("link", name=gettext("Propose a topic for this meeting")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Propose a topic"))
        check(page, "propose-a-topic")
        page.get_by_label(_label(capfirst(gettext("title")))).fill(written["topic"])
        page.get_by_label(_label(capfirst(gettext("summary")))).fill(written["summary"])
        page.get_by_role("checkbox", name=purpose).check()
        page.get_by_label(_label(capfirst(gettext("time wished (minutes)")))).fill("20")
        page.get_by_role("button", name=gettext("Submit to the chair")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(written["topic"])
        expect(page.get_by_role("status")).to_contain_text(
            gettext("Your proposal is submitted to the chair of %(meeting)s.")
            % {"meeting": ahead_title}
        )
        check(page, "proposal-submitted")
        sign_out(page)

        # --- The chair's office accepts it and publishes the agenda. -----------
        sign_in(page, chair.email)
        main_menu.get_by_role("link", name=gettext("Meetings"), exact=True).click()
        page.get_by_role("link", name=ahead_title, exact=True).click()
        page.get_by_role(
            "link",
            name=ngettext(
                "Topic queue (%(counter)s to decide)", "Topic queue (%(counter)s to decide)", 1
            )
            % {"counter": 1},
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            gettext("Topics proposed for %(meeting)s") % {"meeting": ahead_title}
        )
        card = page.get_by_role("article", name=written["topic"])
        check(page, "topic-queue")
        card.get_by_label(gettext("Accept: it becomes an agenda item")).check()
        card.get_by_role(
            "button", name=named_for(gettext("Record the decision"), written["topic"])
        ).click()
        accepted = gettext("Accepted")
        expect(page.get_by_role("status")).to_contain_text(
            gettext("The proposal is now %(state)s.") % {"state": accepted.lower()}
        )
        # The topic is listed as accepted.
        expect(card.locator(".badge")).to_have_text(accepted)
        check(page, "topic-accepted")

        page.get_by_role("link", name=gettext("Agenda"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            gettext("Agenda: %(meeting)s") % {"meeting": ahead_title}
        )
        draft = page.get_by_role("list", name=gettext("Draft"))
        expect(draft).to_contain_text(written["topic"])
        check(page, "agenda-draft")
        page.get_by_role("button", name=gettext("Publish the agenda")).click()
        version = AgendaVersion.objects.get(agenda__meeting=ahead)
        expect(page.get_by_role("status")).to_contain_text(
            gettext("Version %(n)s is published as %(ref)s; the participants are being told.")
            % {"n": 1, "ref": version.reference}
        )
        expect(page.get_by_role("main")).to_contain_text(written["topic"])
        check(page, "agenda-published")
        sign_out(page)

        # --- The focal point comments on the circulated draft minutes. ---------
        sign_in(page, focal.email)
        page.goto(f"/minutes/meetings/{held.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            gettext("Minutes: %(meeting)s") % {"meeting": held_title}
        )
        check(page, "circulated-minutes")
        page.get_by_label(gettext("Comment on section %(n)s") % {"n": section.number}).fill(
            written["comment"]
        )
        page.get_by_role(
            "button",
            name=named_for(gettext("Send the comment"), f"{section.number}. {SECTION_TITLE}"),
        ).click()
        expect(page.get_by_role("status")).to_contain_text(
            gettext("Your comment is sent to the chair's office.")
        )
        expect(page.get_by_text(written["comment"])).to_be_visible()
        expect(page.get_by_text(gettext("Not answered yet."))).to_be_visible()
        check(page, "comment-sent")

        # --- The focal point closes their agency's action point. ---------------
        main_menu.get_by_role("link", name=gettext("Dashboard"), exact=True).click()
        panel = page.get_by_role("region", name=gettext("Your agency's open action points"))
        panel.get_by_role("link", name=ACTION).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Action point"))
        check(page, "action-point")
        done = gettext("Done")
        page.get_by_role("combobox", name=_label(gettext("Status"))).select_option(label=done)
        page.get_by_label(_label(gettext("Note"))).fill(written["note"])
        page.get_by_role("button", name=gettext("Save the status")).click()
        expect(page.get_by_role("status")).to_contain_text(
            gettext("The action point is now %(status)s.") % {"status": done.lower()}
        )
        details = page.get_by_role("main").locator("dl")
        expect(details).to_contain_text(done)
        expect(details).to_contain_text(written["note"])
        check(page, "action-point-done")

    # What they did is what the group's records say.
    assert Agenda.objects.get(meeting=ahead).items.filter(title=written["topic"]).exists()
    assert Comment.objects.get().text == written["comment"]
    assert ActionPoint.objects.get().status == "done"


PAGES = ["/", "/meetings/", "/meetings/month/", "/agenda/proposals/new/", "/minutes/register/"]


def _sign_in_by_name(page, email, button):
    page.goto("/accounts/sign-in/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=username]").press("Enter")  # the e-mail first, then the password
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize(
    ("language", "direction", "sign_in_button", "heading", "proposal_heading"),
    [
        ("ar", "rtl", "تسجيل الدخول", "مرحبًا، Amal", "اقتراح موضوع"),
        ("zh-hans", "ltr", "登录", "欢迎，Amal", "提议议题"),
    ],
    ids=["arabic", "chinese"],
)
def test_a_focal_point_walks_the_week_on_a_desktop_and_a_phone(
    open_page, journey, language, direction, sign_in_button, heading, proposal_heading
):
    agency = AgencyFactory(name="Office for Coastal Migration", acronym="OCM")
    person = PersonFactory(agency=agency, full_name="Amal Haddad", language=language)
    MeetingFactory(
        title="Principals' meeting, Q1 2027",
        title_is_default=True,
        start=timezone.now() + datetime.timedelta(days=20),
    )

    for viewport, name in ((None, "desktop"), (PHONE, "phone")):
        page = open_page(viewport=viewport) if viewport else open_page()
        # The sign-in page follows the browser's language switch first.
        page.goto("/accounts/sign-in/")
        page.get_by_label("Language").select_option(language)
        page.get_by_role("button", name="Change").click()
        expect(page.locator("html")).to_have_attribute("dir", direction)
        journey.check(page, f"{language}-{name}-sign-in")
        _sign_in_by_name(page, person.email, sign_in_button)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        for path in PAGES:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            journey.check(page, f"{language}-{name}{path.replace('/', '-')}")
        page.goto("/agenda/proposals/new/")
        expect(page.get_by_role("heading", level=1)).to_have_text(proposal_heading)
