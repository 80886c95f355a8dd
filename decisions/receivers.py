"""The one place this floor acts on what the floors below announce.

``minutes_published``: the sections the chair's office marked as decisions
enter the register (or are corrected by a corrigendum), in the publication's
own transaction, so minutes are never published without their decisions.
"""

from django.dispatch import receiver

from decisions.services.register import decisions_record_from_edition
from minutes.signals import minutes_published


@receiver(minutes_published, dispatch_uid="decisions.record_from_minutes")
def record_decisions(sender, edition, actor, **kwargs):
    decisions_record_from_edition(edition=edition, actor=actor)
