"""The secretariat imports agencies, organizations and people from CSV or .xlsx, and exports
the same columns."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.retention import retention_run
from core.models import AuditEntry
from members.enums import Role
from members.models import Agency, DirectoryImport, Person
from notices.models import Notice
from tests.factories import AgencyFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = "email,full_name,title,phone,role,agency,organization,language,time_zone\r\n"


def _csv(text: str, name="people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows, name="people.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _upload(client, file, kind="people"):
    response = client.post(reverse("members:import"), {"kind": kind, "file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = DirectoryImport.objects.latest("pk")
    return upload, client.get(response["Location"]).content.decode()


def _confirm(client, upload, invite=False, digest=None):
    page = client.get(reverse("members:import_preview", args=[upload.pk]))
    data = {"digest": digest or page.context["form"].initial["digest"]}
    if invite:
        data["invite"] = "on"
    return client.post(reverse("members:import_confirm", args=[upload.pk]), data, follow=True)


def _export(kind, fmt):
    return reverse("members:directory_export", args=[kind, fmt])


@pytest.fixture
def ilo(db):
    return AgencyFactory(acronym="ILO", name="International Labour Organization")


@pytest.fixture
def forum(db):
    return OrganizationFactory(name="Migrants Forum in Asia", acronym="MFA")


GOOD = (
    PEOPLE_HEADER
    + "ana.lima@example.org,Ana Lima,Adviser,+41 22 000,focal_point,ilo,,fr,Europe/Paris\r\n"
    + "sam.poe@example.org,Sam Poe,,,guest,,MFA,en,\r\n"
)


def test_the_preview_shows_each_row_and_saves_nothing(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    before = (Person.objects.count(), AuditEntry.objects.count(), Notice.objects.count())

    upload, page = _upload(client, _csv(GOOD))

    assert "2 rows to create" in page
    assert "ana.lima@example.org" in page
    assert '<caption id="preview-caption">' in page
    assert '<th scope="col">Result</th>' in page
    assert (Person.objects.count(), AuditEntry.objects.count(), Notice.objects.count()) == before
    assert upload.applied_at is None


def test_confirming_saves_exactly_the_preview_through_the_services(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    upload, _page = _upload(client, _csv(GOOD))

    response = _confirm(client, upload)

    assert "Imported: 2 new, 0 changed, 0 unchanged." in response.content.decode()
    ana = Person.objects.get(email="ana.lima@example.org")
    assert (ana.full_name, ana.title, ana.phone, ana.role, ana.agency, ana.language) == (
        "Ana Lima",
        "Adviser",
        "+41 22 000",
        Role.FOCAL_POINT,
        ilo,
        "fr",
    )
    assert ana.time_zone == "Europe/Paris"
    sam = Person.objects.get(email="sam.poe@example.org")
    assert (sam.role, sam.organization, sam.time_zone) == (Role.GUEST, forum, "Europe/Zurich")
    assert not ana.has_usable_password()
    assert not Notice.objects.exists()  # no invitation unless asked
    assert AuditEntry.objects.filter(action="person.add").count() == 2
    entry = AuditEntry.objects.get(action="directory.import")
    assert (entry.details["created"], entry.details["changed"]) == (2, 0)
    upload.refresh_from_db()
    assert upload.applied_at is not None
    assert bytes(upload.data) == b""


def test_a_second_import_of_the_same_file_changes_nothing(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    upload, _page = _upload(client, _csv(GOOD))
    _confirm(client, upload)
    versions = list(Person.objects.order_by("pk").values_list("version", flat=True))
    audits = AuditEntry.objects.count()

    _again, page = _upload(client, _csv(GOOD))

    assert "2 rows unchanged" in page
    assert "Everything in this file is in the directory already" in page
    assert "Import these rows" not in page
    assert list(Person.objects.order_by("pk").values_list("version", flat=True)) == versions
    assert AuditEntry.objects.count() == audits


def test_a_changed_row_lists_its_changes_and_saves_them_versioned(client, secretariat, ilo, forum):
    person = PersonFactory(email="ana.lima@example.org", full_name="Ana L.", agency=ilo)
    client.force_login(secretariat)

    upload, page = _upload(client, _csv(GOOD))

    assert "1 row to change" in page
    assert "Ana L. → Ana Lima" in page
    _confirm(client, upload)
    person.refresh_from_db()
    assert (person.full_name, person.title, person.version) == ("Ana Lima", "Adviser", 2)
    assert AuditEntry.objects.filter(action="person.update", object_id=str(person.pk)).exists()


BAD = (
    PEOPLE_HEADER
    + "one@example.org,One,,,focal_point,NOPE,,en,\r\n"
    + "two@example.org,Two,,,focal_point,ILO,,en,\r\n"
    + "TWO@example.org,Two again,,,focal_point,ILO,,en,\r\n"
    + "three@example.org,Three,,,focal_point,ILO,,xx,\r\n"
    + "four@example.org,Four,,,focal_point,ILO,,en,Mars/Olympus\r\n"
    + "five@example.org,,,,focal_point,ILO,,en,\r\n"
    + "six@example.org,Six,,,guest,,Nobody Org,en,\r\n"
    + "not-an-address,Seven,,,focal_point,ILO,,en,\r\n"
    + "eight@example.org,Eight,,,boss,ILO,,en,\r\n"
    + "nine@example.org,Nine,,,focal_point,,,en,\r\n"
)


def test_each_bad_row_names_its_problem_and_nothing_can_be_confirmed(client, secretariat, ilo):
    client.force_login(secretariat)

    upload, page = _upload(client, _csv(BAD))

    for problem in (
        "unknown agency “NOPE”",
        "e-mail “two@example.org” is also on row 3",
        "bad language code “xx”",
        "bad time zone “Mars/Olympus”",
        "missing name",
        "unknown organization “Nobody Org”",
        "bad e-mail address “not-an-address”",
        "unknown role “boss”",
        "a focal point, principal or delegate needs an agency",
    ):
        assert problem in page, problem
    assert "9 rows with a problem" in page
    assert "Import these rows" not in page
    response = _confirm(client, upload)
    assert "Correct the rows with a problem" in response.content.decode()
    assert (
        not Person.objects.filter(email__endswith="@example.org")
        .exclude(pk=secretariat.pk)
        .exists()
    )


def test_a_file_without_a_needed_column_is_refused_at_the_upload(client, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("members:import"), {"kind": "people", "file": _csv("email,name\r\na@b.org,A\r\n")}
    )

    assert response.status_code == 200
    assert "The file has no column “full_name”, “role”" in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_uploads_go_through_the_upload_checks(client, secretariat, settings):
    client.force_login(secretariat)
    fake = SimpleUploadedFile("people.xlsx", b"%PDF-1.4 not a workbook")
    page = client.post(reverse("members:import"), {"kind": "people", "file": fake})
    assert "is not an accepted file" in page.content.decode()
    html = _csv(PEOPLE_HEADER + "<script>alert(1)</script>,x,,,guest,,,,\r\n")
    page = client.post(reverse("members:import"), {"kind": "people", "file": html})
    assert "web page hidden in it" in page.content.decode()
    settings.GMG_IMPORT_MAX_MB = 0
    page = client.post(reverse("members:import"), {"kind": "people", "file": _csv(GOOD)})
    assert "is larger than 0 MB" in page.content.decode()
    assert not DirectoryImport.objects.exists()


def test_invitations_are_sent_only_when_asked_by_the_worker(
    client, secretariat, ilo, forum, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    upload, _page = _upload(client, _csv(GOOD))

    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, upload, invite=True)

    assert "2 invitations are on their way." in response.content.decode()
    notices = Notice.objects.filter(kind="invitation")
    assert sorted(n.to_email for n in notices) == ["ana.lima@example.org", "sam.poe@example.org"]


def test_a_directory_changed_since_the_preview_is_previewed_again(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    upload, _page = _upload(client, _csv(GOOD))
    page = client.get(reverse("members:import_preview", args=[upload.pk]))
    digest = page.context["form"].initial["digest"]
    PersonFactory(email="ana.lima@example.org", full_name="Someone Else", agency=ilo)

    response = _confirm(client, upload, digest=digest)

    assert "The directory changed since this preview" in response.content.decode()
    assert Person.objects.get(email="ana.lima@example.org").full_name == "Someone Else"
    assert not Person.objects.filter(email="sam.poe@example.org").exists()


def test_agencies_and_organizations_import_and_their_errors(client, secretariat, ilo):
    client.force_login(secretariat)
    upload, page = _upload(
        client,
        _csv(
            "acronym,name,kind,website,member_from\r\n"
            "IOM,International Organization for Migration,related organization,"
            "https://www.iom.int,2027-01-01\r\n"
            "ILO,International Labour Office,specialized agency,,\r\n"
            "XYZ,,planet,not a url,31/01/2027\r\n"
            "IOM,Again,fund or programme,,\r\n",
            name="agencies.csv",
        ),
        kind="agencies",
    )
    for problem in (
        "missing name",
        "unknown kind “planet”",
        "bad website address “not a url”",
        "bad date “31/01/2027”",
        "acronym “IOM” is also on row 2",
    ):
        assert problem in page, problem
    assert "International Labour Organization → International Labour Office" in page

    upload, _page = _upload(
        client,
        _csv(
            "acronym,name,kind,website,member_from\r\n"
            "IOM,International Organization for Migration,Related organization,"
            "https://www.iom.int,2027-01-01\r\n",
            name="agencies.csv",
        ),
        kind="agencies",
    )
    _confirm(client, upload)
    iom = Agency.objects.get(acronym="IOM")
    assert iom.kind == "related organization"
    assert str(iom.memberships.get().start) == "2027-01-01"

    upload, page = _upload(
        client,
        _csv(
            "name,acronym,website,contact_name,contact_email\r\n"
            "Refugee Council,RC,,Jo Bloggs,jo@example.org\r\n"
            ",,,,\r\n"
            "No Name Here,NN,,,bad-mail\r\n",
            name="organizations.csv",
        ),
        kind="organizations",
    )
    assert "bad e-mail address “bad-mail”" in page
    assert "1 row to create" in page


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest"])
def test_only_the_secretariat_imports(client, role, request, secretariat):
    person = request.getfixturevalue(role)
    client.force_login(secretariat)
    upload, _page = _upload(client, _csv(PEOPLE_HEADER))
    client.force_login(person)

    assert client.get(reverse("members:import")).status_code == 403
    assert (
        client.post(reverse("members:import"), {"kind": "people", "file": _csv(GOOD)}).status_code
        == 403
    )
    assert client.get(reverse("members:import_preview", args=[upload.pk])).status_code == 403
    confirm = reverse("members:import_confirm", args=[upload.pk])
    response = client.post(confirm, {"digest": "x"})
    assert response.status_code == 403
    assert client.get(_export("people", "csv")).status_code == 403


def test_signed_out_the_import_asks_to_sign_in(client):
    response = client.get(reverse("members:import"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_focal_points_export_agencies_but_not_people_or_organizations(client, focal_point):
    client.force_login(focal_point)
    assert client.get(_export("agencies", "csv")).status_code == 200
    assert client.get(_export("people", "xlsx")).status_code == 403
    assert client.get(_export("organizations", "csv")).status_code == 403


def _download(client, kind, fmt) -> bytes:
    response = client.get(_export(kind, fmt))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_xlsx_export_imports_back_unchanged_with_formulas_defused(
    client, secretariat, ilo, forum
):
    PersonFactory(
        email="ana.lima@example.org",
        full_name='=HYPERLINK("http://evil")',
        phone="+41 22 000",
        agency=ilo,
        language="ar",
        time_zone="Asia/Tokyo",
    )
    PersonFactory(email="sam.poe@example.org", full_name="Sam", guest=True, organization=forum)
    client.force_login(secretariat)

    data = _download(client, "people", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells['=HYPERLINK("http://evil")'].data_type == "s"  # text, never a formula
    assert cells["+41 22 000"].data_type == "s"
    assert [c.value for c in next(sheet.iter_rows())][:3] == ["email", "full_name", "title"]

    _u, page = _upload(client, SimpleUploadedFile("people.xlsx", data))
    assert "2 rows unchanged" in page, page


def test_a_csv_export_is_defused_and_imports_back_unchanged(client, secretariat, ilo):
    PersonFactory(email="ana.lima@example.org", full_name="@SUM(A1)", phone="-5", agency=ilo)
    client.force_login(secretariat)

    data = _download(client, "people", "csv")

    assert "'@SUM(A1)" in data.decode("utf-8-sig")
    assert "'-5" in data.decode("utf-8-sig")
    _u, page = _upload(client, SimpleUploadedFile("people.csv", data))
    assert "1 row unchanged" in page, page


def test_agencies_and_organizations_round_trip(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    for kind in ("agencies", "organizations"):
        for fmt in ("csv", "xlsx"):
            data = _download(client, kind, fmt)
            _u, page = _upload(client, SimpleUploadedFile(f"{kind}.{fmt}", data), kind=kind)
            assert "1 row unchanged" in page, (kind, fmt)


def test_the_preview_queries_do_not_grow_with_the_rows(
    client, secretariat, ilo, forum, django_assert_max_num_queries
):
    client.force_login(secretariat)
    rows = "".join(f"p{k}@example.org,P {k},,,focal_point,ILO,,en,\r\n" for k in range(200))
    upload, _page = _upload(client, _csv(PEOPLE_HEADER + rows))

    with django_assert_max_num_queries(10):
        page = client.get(reverse("members:import_preview", args=[upload.pk]))

    assert "200 rows to create" in page.content.decode()


def test_an_unconfirmed_file_is_deleted_after_the_keep_days(client, secretariat, ilo, forum):
    client.force_login(secretariat)
    kept, _page = _upload(client, _csv(GOOD))
    done, _page = _upload(client, _csv(GOOD.replace("ana.lima", "other")))
    _confirm(client, done)

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)):
        assert retention_run()["import_files"] == 1

    assert not DirectoryImport.objects.filter(pk=kept.pk).exists()
    assert list(DirectoryImport.objects.values_list("pk", flat=True)) == [done.pk]
    assert AuditEntry.objects.get(action="retention.import_files").details["files"] == 1
