"""The secretariat brings people in from a spreadsheet: upload, preview, confirm; and looks
after the group's purposes and standing items."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Person
from tests.browser.helpers import sign_in
from tests.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.browser

CSV = (
    "email,full_name,title,phone,role,agency,organization,language,time_zone\r\n"
    "ana.lima@example.org,Ana Lima,Adviser,,focal_point,OCM,,fr,Europe/Paris\r\n"
    "bad@example.org,Bad Row,,,focal_point,NOPE,,xx,\r\n"
)


def test_secretariat_imports_people_and_edits_the_purposes(site, open_page, journey):
    staff = PersonFactory(secretariat=True, full_name="Sara Secretariat")
    AgencyFactory(acronym="OCM", name="Office for Coastal Migration")
    page = open_page()
    page.goto("/")
    sign_in(page, staff.email)

    # Import → a file with a bad row: the preview names the problems, nothing can be saved.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import into the directory")
    journey.check(page, "import")
    page.get_by_label("People").check()
    page.get_by_label("File*", exact=True).set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of “people.csv”")
    table = page.get_by_role("table", name="Each row of the file, and what it would do")
    expect(table.get_by_role("columnheader")).to_have_text(["Row", "Record", "Result", "Details"])
    expect(table.get_by_role("row", name=re.compile("bad@example.org"))).to_contain_text(
        "unknown agency “NOPE”"
    )
    expect(page.get_by_role("button", name="Import these rows")).to_have_count(0)
    journey.check(page, "import-preview-with-problems")

    # The corrected file: one row to create, confirmed with an invitation.
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("People").check()
    page.get_by_label("File*", exact=True).set_input_files(
        files=[
            {
                "name": "people.csv",
                "mimeType": "text/csv",
                "buffer": CSV.split("bad@")[0].encode(),
            }
        ]
    )
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_text("1 row to create")).to_be_visible()
    journey.check(page, "import-preview")
    page.get_by_label("Send each new person an invitation to choose a password").check()
    page.get_by_role("button", name="Import these rows").click()
    expect(page.get_by_role("status")).to_contain_text("Imported: 1 new, 0 changed, 0 unchanged.")
    journey.check(page, "import-done")
    assert Person.objects.get(email="ana.lima@example.org").agency.acronym == "OCM"

    # Purposes and standing items.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Purposes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purposes")
    page.get_by_label("New purpose").fill("Climate and mobility")
    page.get_by_role("button", name="Add the purpose").click()
    expect(page.get_by_role("status")).to_contain_text("“Climate and mobility” is a purpose now.")
    expect(page.get_by_role("rowheader", name="Climate and mobility")).to_be_visible()
    journey.check(page, "purposes")
