"""Permission predicates for people and agencies.

Rights come from data at request time (role, affiliation), never from
flags someone must remember to change. Higher floors build on these.
"""

import rules

from members.enums import Role


@rules.predicate
def is_active_person(user):
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_secretariat(user):
    return bool(is_active_person(user) and (user.role == Role.SECRETARIAT or user.is_superuser))


@rules.predicate
def is_focal_point(user):
    return bool(is_active_person(user) and user.role == Role.FOCAL_POINT and user.agency_id)


@rules.predicate
def is_principal(user):
    return bool(is_active_person(user) and user.role == Role.PRINCIPAL and user.agency_id)


@rules.predicate
def is_guest(user):
    return bool(is_active_person(user) and user.role == Role.GUEST)


is_member_person = is_focal_point | is_principal


@rules.predicate
def belongs_to_agency(user, agency):
    return bool(agency is not None and is_member_person(user) and user.agency_id == agency.pk)


@rules.predicate
def is_focal_point_of(user, agency):
    return bool(agency is not None and is_focal_point(user) and user.agency_id == agency.pk)


@rules.predicate
def is_self(user, person):
    """The person themselves (the model-level question, without a person, holds)."""
    return person is None or person.pk == user.pk


# Member directory and agency pages.
rules.add_perm("members.view_directory", is_secretariat | is_member_person)
rules.add_perm("members.view_agency", is_secretariat | belongs_to_agency)
rules.add_perm("members.add_agency", is_secretariat)
rules.add_perm("members.change_agency", is_secretariat)
rules.add_perm("members.delete_agency", rules.always_deny)
rules.add_perm("members.view_membership", is_secretariat)
rules.add_perm("members.add_membership", is_secretariat)
rules.add_perm("members.change_membership", is_secretariat)
rules.add_perm("members.view_organization", is_secretariat)
rules.add_perm("members.add_organization", is_secretariat)
rules.add_perm("members.change_organization", is_secretariat)
# People: the secretariat manages them; history stays, so nobody deletes.
rules.add_perm("members.view_person", is_secretariat)
rules.add_perm("members.add_person", is_secretariat)
# Bringing agencies, organizations and people in from a spreadsheet (members.imports).
rules.add_perm("members.import_directory", is_secretariat)
# Guests are named on a meeting's invitation by its chair's office: the agenda
# floor's service checks the meeting (``agenda.change_agenda``) before this.
rules.add_perm("members.add_guest", is_secretariat | is_focal_point)
rules.add_perm("members.change_person", is_secretariat)
rules.add_perm("members.delete_person", rules.always_deny)
rules.add_perm("members.edit_own_profile", is_active_person & is_self)
# A focal point names its agency's delegates (people without an account until invited).
rules.add_perm("members.add_agency_person", is_secretariat | is_focal_point_of)
# The audit log lives on the ground floor, which knows no roles: its right is given here.
rules.add_perm("core.view_auditentry", is_secretariat)
# The search: every floor shows each person only what its own pages would.
rules.add_perm("core.use_search", is_active_person)
rules.add_perm("members.view_announcement", is_secretariat)
rules.add_perm("members.add_announcement", is_secretariat)
# The outbox sits beside this floor and knows nobody: its rights are given here.
rules.add_perm("notices.view_notice", is_secretariat)
rules.add_perm("notices.change_notice", is_secretariat)
rules.add_perm("members.view_own_agency_panel", is_member_person)
