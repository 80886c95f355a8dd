from celery import shared_task


@shared_task(name="members.send_invitations", acks_late=True)
def send_invitations(person_ids: list[int], actor_id: int):
    """Invite the people an import created, when the secretariat asked for it."""
    from members.models import Person
    from members.services import person_invitations_send

    actor = Person.objects.get(pk=actor_id)
    return person_invitations_send(person_ids=person_ids, actor=actor)
