from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy, ngettext
from django.views import generic
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from core.i18n import number
from core.pagecache import cached_page
from notices import services
from notices.forms import NoticeFilterForm
from notices.kinds import kind_label, kinds_sent
from notices.models import Notice


@method_decorator(cached_page, name="dispatch")
class OutboxView(PermissionRequiredMixin, generic.ListView):
    """Every e-mail the system sent or will send, newest first."""

    permission_required = "notices.view_notice"
    template_name = "notices/outbox.html"
    context_object_name = "notices"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = NoticeFilterForm(self.request.GET or None, kinds=kinds_sent())
        notices = Notice.objects.defer("body_text", "body_html")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["state"]:
                notices = notices.filter(state=data["state"])
            if data["kind"]:
                notices = notices.filter(kind=data["kind"])
            if data["q"]:
                notices = notices.filter(
                    Q(to_email__icontains=data["q"]) | Q(subject__icontains=data["q"])
                )
        return notices

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        kind = self.filter_form.cleaned_data.get("kind") if self.filter_form.is_valid() else ""
        failed = Notice.objects.filter(kind=kind, state="failed").count() if kind else 0
        return super().get_context_data(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            kind=kind,
            kind_label=kind_label(kind) if kind else "",
            failed_of_kind=failed,
            **kwargs,
        )


class NoticeDetailView(PermissionRequiredMixin, generic.DetailView):
    permission_required = "notices.view_notice"
    model = Notice
    template_name = "notices/notice_detail.html"
    context_object_name = "notice"


@require_POST
@permission_required("notices.change_notice", raise_exception=True)
def resend_failed(request):
    """Re-send every failed notice of the kind chosen in the outbox's filter."""
    kind = request.POST.get("kind", "")
    count = services.notice_resend_failed(kind=kind, actor=request.user) if kind else 0
    messages.success(
        request,
        ngettext(
            "%(count)s failed notice of this kind is queued again.",
            "%(count)s failed notices of this kind are queued again.",
            count,
        )
        % {"count": number(count)},
    )
    return redirect(f"{reverse('notices:outbox')}?kind={kind}")


ACTIONS = {
    "resend": (services.notice_resend, gettext_lazy("The notice is queued again.")),
    "mark-sent": (services.notice_mark_sent, gettext_lazy("The notice is marked as sent.")),
    "cancel": (services.notice_cancel, gettext_lazy("The notice is cancelled.")),
}


@require_POST
@permission_required(
    "notices.change_notice",
    fn=lambda request, pk, action: get_object_or_404(Notice, pk=pk),
    raise_exception=True,
)
def notice_action(request, pk, action):
    notice = get_object_or_404(Notice, pk=pk)
    service, done = ACTIONS[action]
    try:
        service(notice=notice, actor=request.user)
    except services.NoticeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("notices:detail", pk=notice.pk)
