import pytest
from django.core.exceptions import PermissionDenied

from core.audit import audit_record
from core.models import AuditEntry
from core.permissions import SYSTEM, require
from tests.factories import PersonFactory


def test_require_refuses_a_person_without_the_permission(db):
    with pytest.raises(PermissionDenied):
        require(PersonFactory(), "members.add_agency")


def test_require_lets_the_secretariat_through(db):
    require(PersonFactory(secretariat=True), "members.add_agency")


def test_require_takes_no_missing_actor():
    with pytest.raises(TypeError, match="SYSTEM"):
        require(None, "members.add_agency")


def test_system_work_is_allowed_and_audited_without_a_person(db):
    require(SYSTEM, "members.add_agency")

    entry = audit_record(actor=SYSTEM, action="test.system")

    assert AuditEntry.objects.get(pk=entry.pk).actor is None
