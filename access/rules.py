import rules

from members.rules import is_active_person, is_secretariat


@rules.predicate
def is_self(user, person):
    return person is not None and user.pk == person.pk


rules.add_perm("access.view_locks", is_secretariat)
rules.add_perm("access.lift_lock", is_secretariat)
rules.add_perm("access.view_own_sessions", is_active_person)
rules.add_perm("access.end_sessions", is_active_person & is_self)
rules.add_perm("access.set_up_two_factor", is_active_person & is_self)
rules.add_perm("access.reset_two_factor", is_secretariat)
rules.add_perm("access.configure_sso", is_secretariat)
# A person's linked sign-ins (their accounts at the agencies' providers), on their page.
rules.add_perm("access.view_sign_in_links", is_secretariat)
rules.add_perm("access.remove_sign_in_link", is_secretariat)
