from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """The twelve purposes of the GMG's regular consultations (Terms of Reference)."""

    COHERENT_APPROACH = "coherent-approach", _("A comprehensive and coherent approach")
    LEADERSHIP = "leadership", _("Direction, leadership and dialogue")
    POLICY_CONSISTENCY = "policy-consistency", _("Consistency in policy and programmes")
    INFORMATION = "information", _("Exchanging information and expertise")
    CRITICAL_ISSUES = "critical-issues", _("Critical issues, gaps and best practices")
    RESEARCH_DATA = "research-data", _("Research, data collection and analysis")
    COMMON_POSITIONS = "common-positions", _("Common positions, responses and actions")
    CAPACITY = "capacity", _("Common activities, training and capacity building")
    RIGHTS = "rights", _("Rights, security and protection of migrants")
    INITIATIVES = "initiatives", _("Major initiatives of members and the international community")
    STATES_EFFORTS = "states-efforts", _("Efforts of states, regional bodies and processes")
    INTERACTION_STATES = "interaction-states", _("Mechanisms to interact with states")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    # Moved to a later meeting, whose chair's office decides it.
    DEFERRED = "deferred", _("Deferred")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def undecided(cls):
        """In a meeting's queue, waiting for the chair's office."""
        return (cls.SUBMITTED, cls.DEFERRED)

    @classmethod
    def editable(cls):
        """The proposer may still change the text."""
        return (cls.DRAFT, cls.SUBMITTED, cls.DEFERRED)


# The one table of allowed moves; ``proposal_transition`` refuses anything else.
PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProposalState.DRAFT: frozenset({ProposalState.SUBMITTED, ProposalState.WITHDRAWN}),
    ProposalState.SUBMITTED: frozenset(
        {
            ProposalState.ACCEPTED,
            ProposalState.DEFERRED,
            ProposalState.DECLINED,
            ProposalState.WITHDRAWN,
        }
    ),
    ProposalState.DEFERRED: frozenset(
        {
            ProposalState.ACCEPTED,
            ProposalState.DEFERRED,
            ProposalState.DECLINED,
            ProposalState.WITHDRAWN,
        }
    ),
    ProposalState.ACCEPTED: frozenset(),
    ProposalState.DECLINED: frozenset(),
    ProposalState.WITHDRAWN: frozenset(),
}


class StandingItem(models.TextChoices):
    ADOPT_AGENDA = "adopt-agenda", _("Adoption of the agenda")
    ADOPT_MINUTES = "adopt-minutes", _("Adoption of the minutes of the previous meeting")
    FOLLOW_UP = "follow-up", _("Follow-up on action points")
    AOB = "aob", _("Any other business")
