"""One form sent twice (a double click, a reload) does its work once.

A form that sends mail carries a token made when the form is shown
(``OnceFormMixin``). The service records the token in its own transaction
(``submission_claim``); a second request with the same token finds it taken,
and the view tells the person it was already done, without doing it again.
On PostgreSQL the second insert waits for the first transaction and then
fails on the unique token; SQLite runs the writing transactions one at a time.
"""

import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from core.models import Submission

ALREADY_DONE = _("This form was already sent: it was done once and is not done again.")


class AlreadySubmittedError(Exception):
    """This form was already sent; ``submission.result_url`` is where its result is."""

    def __init__(self, submission: Submission):
        super().__init__(submission.token)
        self.submission = submission


class OnceFormMixin(forms.Form):
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())

    def pop_submission(self):
        """The token, taken out of cleaned_data (services get it by name)."""
        return self.cleaned_data.pop("submission", None)


class OnceViewMixin:
    """Answers a form sent again with a used token before validating it.

    Validation could refuse the second copy for the first one's sake (the
    e-mail address is now taken), which would read as an error.
    """

    once_fallback_url = None

    def post(self, request, *args, **kwargs):
        try:
            token = uuid.UUID(request.POST.get("submission", ""))
        except ValueError:
            token = None
        done = Submission.objects.filter(token=token).first() if token else None
        if done is not None:
            return self.already_done(done)
        try:
            return super().post(request, *args, **kwargs)
        except AlreadySubmittedError as raced:
            return self.already_done(raced.submission)

    def already_done(self, submission):
        messages.info(self.request, ALREADY_DONE)
        return HttpResponseRedirect(submission.result_url or str(self.once_fallback_url))


def submission_claim(*, token, actor, kind: str) -> Submission | None:
    """Record ``token`` as used; raise AlreadySubmittedError if it was. Call inside the service's
    transaction, before its work. A form without a token (an old page) is not protected."""
    if token is None:
        return None
    existing = Submission.objects.filter(token=token).first()
    if existing is not None:
        raise AlreadySubmittedError(existing)
    try:
        with transaction.atomic():
            return Submission.objects.create(token=token, actor=actor, kind=kind)
    except IntegrityError:
        raise AlreadySubmittedError(Submission.objects.get(token=token)) from None


def submission_done(submission: Submission | None, *, result_url: str) -> None:
    if submission is not None:
        submission.result_url = result_url[:300]
        submission.save(update_fields=["result_url"])
