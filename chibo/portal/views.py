"""The member's own pages (record, correction requests, meetings) and the secretary's list of
requests to answer. Member pages need an account linked to a member record (403 otherwise); another
member's objects and other cells' meetings are 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.views import StaffView
from chibo.documents.selectors import own_member
from chibo.meetings import services as meeting_services
from chibo.members.models import Member
from chibo.members.services import member_sensitive_view
from chibo.portal import forms, selectors, services
from chibo.portal.models import CorrectionRequest
from chibo.rules.errors import RuleViolation


class MemberView(LoginRequiredMixin, View):
    """Signed in with an account linked to an active member record."""

    member: Member

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        member = own_member(request.user)
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member record."))
        self.member = member
        return super().dispatch(request, *args, **kwargs)


class RecordView(MemberView):
    template_name = "portal/record.html"

    def get(
        self, request: HttpRequest, form: Any = None, sensitive: Any = None, status: int = 200
    ) -> HttpResponse:
        context = {
            "tab": "record",
            "record": selectors.member_record(self.member),
            "requests": list(selectors.own_requests(self.member)),
            "form": form or forms.CorrectionForm(),
            "sensitive": sensitive,
        }
        return render(request, self.template_name, context, status=status)


class SensitiveView(RecordView):
    """Show the member their own full CCCD: a read of sensitive data, audited (Decree 13/2023)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        return self.get(request, sensitive=member_sensitive_view(actor=request.user, member=self.member))


class CorrectionView(RecordView):
    http_method_names = ["get", "post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.correction_request_create(
                    actor=request.user, member=self.member, **form.cleaned_data
                )
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
            else:
                messages.success(request, _("Your request was sent to the secretary of your chi bộ."))
                return HttpResponseRedirect(reverse("portal:record") + "#requests")
        return self.get(request, form=form, status=400)


class MeetingsView(MemberView):
    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "tab": "meetings",
            "upcoming": selectors.upcoming_meetings(self.member),
            "past": selectors.past_meetings(self.member),
        }
        return render(request, "portal/meetings.html", context)


class MeetingView(MemberView):
    def get(self, request: HttpRequest, pk: int, form: Any = None, status: int = 200) -> HttpResponse:
        meeting = selectors.meeting_for(self.member, pk)
        context = {
            "tab": "meetings",
            "meeting": meeting,
            "attendance": meeting.mine[0] if meeting.mine else None,  # type: ignore[attr-defined]
            "minutes": selectors.final_minutes(meeting),
            "form": form or forms.AttendanceForm(),
        }
        return render(request, "portal/meeting.html", context, status=status)


class AttendanceView(MeetingView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_for(self.member, pk)
        form = forms.AttendanceForm(request.POST)
        if form.is_valid():
            try:
                meeting_services.attendance_self_report(
                    actor=request.user, member=self.member, meeting=meeting, **form.cleaned_data
                )
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
            else:
                messages.success(request, _("Your answer was sent to the secretary."))
                return HttpResponseRedirect(reverse("portal:meeting", args=[pk]))
        return self.get(request, pk, form=form, status=400)


class MaterialView(MemberView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = selectors.material_for(self.member, pk)
        return FileResponse(document.file.open("rb"), filename=document.file.name.rsplit("/", 1)[-1])


class RequestListView(StaffView):
    required_action = Action.MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(selectors.open_requests(user=request.user)[:500])
        return render(request, "portal/requests.html", {"rows": rows, "form": forms.CloseForm()})


class RequestCloseView(StaffView):
    required_action = Action.MANAGE
    http_method_names = ["post"]
    success_message = gettext_lazy("The member will see your answer.")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = self.scoped(CorrectionRequest.objects.select_related("member__unit"), pk=pk)
        form = forms.CloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose corrected or rejected."))
            return HttpResponseRedirect(reverse("portal:requests"))
        try:
            services.correction_request_close(actor=request.user, request=row, **form.cleaned_data)
            messages.success(request, self.success_message)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(reverse("portal:requests"))
