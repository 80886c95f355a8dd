"""Every write about decisions: silence procedures (procedures.py), the register (register.py)."""

from decisions.services.announce import procedure_announce  # noqa: F401
from decisions.services.procedures import (  # noqa: F401
    deadline_from_local,
    objection_withdraw,
    paper_add,
    procedure_close,
    procedure_create,
    procedure_revise,
    procedure_transition,
    procedure_update,
    procedures_close_due,
    response_add,
    transition_refusal,
)
from decisions.services.register import (  # noqa: F401
    decision_supersede,
    decisions_record_from_edition,
)
