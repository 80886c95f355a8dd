"""Who may start, answer, follow and read silence procedures, and read the register.

The chair's office of the current term starts a procedure (the secretariat
may do so on its behalf); the office that started it runs it to its end,
also if the term has ended meanwhile. Focal points of members answer for
their agency while it runs. Responses are seen by the chair's office and the
secretariat at once, by every member's people once the procedure is over.
Principals, focal points and the secretariat read the register; guests never.
"""

import rules

from meetings.rules import is_current_chair_office
from members.rules import is_focal_point, is_member_person, is_secretariat


@rules.predicate
def runs_procedure(user, procedure):
    """A focal point of the agency whose chair's office started the procedure."""
    return bool(
        procedure is not None and is_focal_point(user) and procedure.chair_id == user.agency_id
    )


@rules.predicate
def is_draft(user, procedure):
    return bool(procedure is not None and procedure.is_draft)


@rules.predicate
def is_running(user, procedure):
    return bool(procedure is not None and procedure.is_running)


@rules.predicate
def deadline_not_passed(user, procedure):
    return bool(procedure is not None and not procedure.deadline_passed())


@rules.predicate
def has_ended(user, procedure):
    return bool(procedure is not None and procedure.has_ended)


@rules.predicate
def answers_for_response_agency(user, response):
    return bool(
        response is not None and is_focal_point(user) and response.agency_id == user.agency_id
    )


organizes = is_secretariat | runs_procedure

rules.add_perm("decisions.add_procedure", is_secretariat | is_current_chair_office)
rules.add_perm("decisions.view_procedure_list", is_secretariat | is_member_person)
rules.add_perm("decisions.view_procedure", organizes | (is_member_person & ~is_draft))
rules.add_perm("decisions.change_procedure", organizes & is_draft)
rules.add_perm("decisions.circulate_procedure", organizes & is_draft)
rules.add_perm("decisions.extend_procedure", organizes & is_running)
rules.add_perm("decisions.withdraw_procedure", organizes & (is_draft | is_running))
rules.add_perm("decisions.revise_procedure", (is_secretariat | is_current_chair_office) & ~is_draft)
# Showing the response form; the service itself refuses a late answer with its reason.
rules.add_perm("decisions.respond", is_focal_point & is_running & deadline_not_passed)
rules.add_perm("decisions.respond_for_agency", is_focal_point)
rules.add_perm("decisions.withdraw_objection", answers_for_response_agency)
rules.add_perm("decisions.view_all_responses", organizes | (is_member_person & has_ended))
rules.add_perm("decisions.retry_pdf", is_secretariat)
# The register.
rules.add_perm("decisions.view_decision", is_secretariat | is_member_person)
rules.add_perm("decisions.change_decision", is_secretariat)
