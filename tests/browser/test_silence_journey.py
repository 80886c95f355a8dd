"""Journey: the chair's office starts a silence procedure; one focal point comments,
another breaks silence and then withdraws its objection; the deadline passes; the
procedure is adopted; the decision is in the register with its reference and PDF."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import PurposeTag
from decisions import services
from decisions.models import Decision, SilenceProcedure
from tests.browser.helpers import PHONE, sign_in, sign_out
from tests.factories import AgencyFactory, ChairTermFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(site):
    today = timezone.localdate()
    chair_agency = AgencyFactory(acronym="CHR", name="Chairing Agency")
    ChairTermFactory(
        agency=chair_agency,
        start=today - datetime.timedelta(days=60),
        end=today + datetime.timedelta(days=60),
    )
    PurposeTag.objects.get_or_create(code="common-positions", defaults={"position": 7})
    chair = PersonFactory(
        agency=chair_agency, full_name="Chloe Chair", email="chloe@chr.example.org"
    )
    commenter = PersonFactory(
        agency=AgencyFactory(acronym="COM", name="Commenting Agency"),
        full_name="Cai Comment",
        email="cai@com.example.org",
        time_zone="America/New_York",
    )
    objector = PersonFactory(
        agency=AgencyFactory(acronym="OBJ", name="Objecting Agency"),
        full_name="Olu Objector",
        email="olu@obj.example.org",
        time_zone="Asia/Tokyo",
    )
    return {"chair": chair, "commenter": commenter, "objector": objector}


def test_a_silence_procedure_from_start_to_adoption_and_the_register(open_page, journey, world):
    chair, commenter, objector = world["chair"], world["commenter"], world["objector"]
    page = open_page()
    page.goto("/decisions/")
    sign_in(page, chair.email)

    # The chair's office starts a procedure from the register.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register of decisions")
    journey.check(page, "register-empty")
    page.get_by_role("link", name="Silence procedures").click()
    journey.check(page, "procedures")
    page.get_by_role("link", name="Start a silence procedure").click()
    page.get_by_label("Title").fill("Joint statement on migrant workers")
    page.get_by_label("Draft decision").fill("The group **adopts** the joint statement.")
    page.get_by_label("Common positions, responses and actions").check()
    deadline_day = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label("Deadline: date").fill(deadline_day.isoformat())
    page.get_by_label("Deadline: time").fill("12:00")
    page.get_by_label("Time zone of the deadline").select_option("Europe/Zurich")
    journey.check(page, "new-procedure")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status")).to_contain_text("The draft is saved.")
    journey.check(page, "draft")
    page.get_by_role("button", name="Circulate to the members").click()
    expect(page.get_by_role("status")).to_contain_text("Circulated")
    expect(page.locator(".badge", has_text="Circulated")).to_be_visible()
    journey.check(page, "circulated")
    procedure = SilenceProcedure.objects.get()
    sign_out(page)

    # One focal point comments; it sees the deadline in its own zone too.
    sign_in(page, commenter.email)
    page.goto(procedure.get_absolute_url())
    expect(page.get_by_text(re.compile(r"12:00 \(Europe/Zurich\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"your time \(America/New_York\)"))).to_be_visible()
    page.get_by_label("Comment (does not break silence)").check()
    page.get_by_label("Text").fill("We support it; please add a French version.")
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_role("status")).to_contain_text("response is recorded")
    journey.check(page, "comment")
    sign_out(page)

    # Another breaks silence, then withdraws its objection.
    sign_in(page, objector.email)
    page.goto(procedure.get_absolute_url())
    expect(page.get_by_text("We support it")).not_to_be_visible()  # others' responses wait
    page.get_by_label("Breaks silence (objection)").check()
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_text("write what your agency objects to")).to_be_visible()
    journey.check(page, "objection-without-text")
    page.get_by_label("Breaks silence (objection)").check()
    page.get_by_label("Text").fill("Paragraph 2 commits us beyond our mandate.")
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_role("status")).to_contain_text("response is recorded")
    journey.check(page, "objection")
    page.get_by_role("button", name="Withdraw our objection").click()
    expect(page.get_by_role("status")).to_contain_text("objection is withdrawn")
    expect(page.get_by_text("withdrawn", exact=True)).to_be_visible()
    journey.check(page, "objection-withdrawn")
    sign_out(page)

    # The deadline passes: the closing sweep (beat) ends it.
    assert services.procedures_close_due(now=procedure.deadline) == {"adopted": 1, "broken": 0}
    decision = Decision.objects.get()

    sign_in(page, commenter.email)
    page.goto(procedure.get_absolute_url())
    expect(page.get_by_text(f"Decision {decision.reference}.")).to_be_visible()
    expect(page.get_by_text("Paragraph 2 commits us")).to_be_visible()  # all seen once ended
    journey.check(page, "adopted")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("link", name=decision.reference)).to_be_visible()
    journey.check(page, "register")
    page.get_by_role("link", name=decision.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(decision.reference)
    journey.check(page, "decision")
    pdf = page.request.get(page.get_by_role("link", name="The outcome (PDF)").get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    (journey.folder / "outcome.pdf").write_bytes(pdf.body())

    # The register and the procedure on a phone.
    phone = open_page(PHONE)
    phone.goto("/decisions/")
    sign_in(phone, objector.email)
    phone.goto("/decisions/")
    journey.check(phone, "phone-register")
    phone.goto(procedure.get_absolute_url())
    journey.check(phone, "phone-procedure")
