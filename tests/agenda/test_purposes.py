"""The group's purposes are data the secretariat edits: add, rename, retire, never delete."""

import pytest
from django.urls import reverse
from django.utils import translation

from agenda.forms import ProposalForm
from agenda.models import PurposeTag
from core.models import AuditEntry
from tests.unchanged import post_unchanged, state_of

pytestmark = pytest.mark.django_db


def test_the_twelve_of_the_terms_of_reference_are_seeded_and_translated():
    purposes = list(PurposeTag.objects.order_by("position"))

    assert len(purposes) == 12
    assert purposes[5].code == "research-data"
    assert purposes[5].title == "Research, data collection and analysis"
    with translation.override("fr"):
        assert str(purposes[5]) != purposes[5].title  # the catalogue's French title


def test_the_secretariat_adds_renames_and_retires_a_purpose(client, secretariat, make_proposal):
    client.force_login(secretariat)

    client.post(reverse("agenda:purposes"), {"title": "Climate and mobility"})
    added = PurposeTag.objects.get(title="Climate and mobility")
    assert added.code == "climate-and-mobility"
    assert added.position == 13
    assert "Climate and mobility" in ProposalForm().fields["purposes"].widget.render("p", [])

    response = client.post(
        reverse("agenda:purpose_edit", args=[added.pk]),
        {"title": "Climate change and human mobility", "version": added.version},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.code, added.title) == (
        "climate-and-mobility",
        "Climate change and human mobility",
    )

    proposal = make_proposal()
    proposal.purposes.add(added)
    client.post(reverse("agenda:purpose_retire", args=[added.pk]))
    added.refresh_from_db()
    assert added.retired
    assert "Climate change" not in ProposalForm().fields["purposes"].widget.render("p", [])
    # What named it keeps it, and its edit form still offers it.
    assert set(proposal.purposes.values_list("code", flat=True)) == {
        "research-data",
        "climate-and-mobility",
    }
    assert "Climate change" in ProposalForm(instance=proposal).fields["purposes"].widget.render(
        "p", []
    )
    page = client.get(reverse("agenda:purposes")).content.decode()
    assert "retired" in page
    client.post(reverse("agenda:purpose_reinstate", args=[added.pk]))
    added.refresh_from_db()
    assert not added.retired
    actions = list(
        AuditEntry.objects.filter(object_id=added.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["purpose.add", "purpose.rename", "purpose.retire", "purpose.reinstate"]


def test_a_title_twice_is_refused_and_the_text_stays(client, secretariat):
    client.force_login(secretariat)

    page = client.post(
        reverse("agenda:purposes"), {"title": "research, data collection and analysis"}
    ).content.decode()

    assert "A purpose with this title exists already." in page
    assert 'value="research, data collection and analysis"' in page
    assert PurposeTag.objects.count() == 12


def test_the_rename_form_saved_unchanged_changes_nothing(client, secretariat):
    purpose = PurposeTag.objects.get(code="rights")
    before = state_of(purpose)
    client.force_login(secretariat)

    response = post_unchanged(
        client, reverse("agenda:purpose_edit", args=[purpose.pk]), with_field="title"
    )

    assert response.status_code == 302
    assert state_of(purpose) == before
    assert not AuditEntry.objects.filter(action="purpose.rename").exists()


def test_a_conflicting_rename_is_refused(client, secretariat):
    purpose = PurposeTag.objects.get(code="rights")
    client.force_login(secretariat)
    stale = purpose.version
    client.post(
        reverse("agenda:purpose_edit", args=[purpose.pk]), {"title": "Rights", "version": stale}
    )

    page = client.post(
        reverse("agenda:purpose_edit", args=[purpose.pk]),
        {"title": "Migrants' rights", "version": stale},
    ).content.decode()

    assert "Someone else saved this record" in page
    purpose.refresh_from_db()
    assert purpose.title == "Rights"


@pytest.mark.parametrize("role", ["focal_point", "principal", "guest", "chair_office"])
def test_only_the_secretariat_edits_the_purposes(client, role, request):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("agenda:purposes")).status_code == 403
    assert client.post(reverse("agenda:purposes"), {"title": "Mine"}).status_code == 403
    assert client.post(reverse("agenda:purpose_retire", args=["rights"])).status_code == 403
    edit = reverse("agenda:purpose_edit", args=["rights"])
    assert client.post(edit, {"title": "X", "version": 1}).status_code == 403
    assert PurposeTag.objects.count() == 12
    assert not PurposeTag.objects.filter(retired=True).exists()


def test_reports_count_by_the_rows_including_a_new_purpose(client, secretariat, make_proposal):
    client.force_login(secretariat)
    client.post(reverse("agenda:purposes"), {"title": "Climate and mobility"})

    page = client.get(reverse("reports:report")).content.decode()

    assert "Climate and mobility" in page
    assert "Research, data collection and analysis" in page
