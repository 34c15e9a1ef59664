"""The member's own pages (record, correction requests, meetings), the secretary's list of
requests to answer and of the members' accounts (activation codes), and the public activation page.
Member pages need an account linked to a member record (403 otherwise); another member's objects
and other cells' meetings are 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import paths_for
from chibo.core.views import StaffView, client_ip
from chibo.documents.selectors import own_member
from chibo.meetings import services as meeting_services
from chibo.members.models import Member
from chibo.members.services import member_sensitive_view
from chibo.portal import exports, forms, selectors, services
from chibo.portal.models import Channel, CorrectionRequest
from chibo.portal.services.accounts import password_min_length, validity_days
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


# --- member accounts ---------------------------------------------------------------------------

ACCOUNTS_PER_PAGE = 100


class AccountsHomeView(StaffView):
    """The menu's entry: the accounts of the first unit the user manages."""

    required_action = Action.MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        from chibo.organizations.models import Unit

        paths = paths_for(request.user, Action.MANAGE)
        units = Unit.objects.all() if paths == [""] else Unit.objects.filter(path__in=paths)
        unit = units.order_by("path").first()
        if unit is None:
            raise Http404
        return HttpResponseRedirect(reverse("portal:accounts", args=[unit.code]))


class AccountsView(StaffView):
    """The members of a unit's subtree with the state of their account; issue activation codes."""

    required_action = Action.MANAGE

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.get_unit()
        filters = forms.AccountFilterForm(request.GET)
        state, query = "", ""
        if filters.is_valid():
            state, query = filters.cleaned_data["state"], filters.cleaned_data["q"]
        members = selectors.member_accounts(user=request.user, unit=unit, state=state, query=query)
        page = Paginator(members, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            "unit": unit,
            "filters": filters,
            "page": page,
            "rows": selectors.account_rows(page.object_list),
            "labels": forms.ACCOUNT_STATE_LABELS,
            "validity_days": validity_days(),
        }
        return render(request, "portal/accounts.html", context)


@method_decorator(never_cache, name="dispatch")
class AccountsIssueView(StaffView):
    """Issue codes: the answer is the slips' PDF itself (the codes are shown once), or, for e-mail,
    a page saying who got a letter and who still needs a slip."""

    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.get_unit()
        back = HttpResponseRedirect(reverse("portal:accounts", args=[unit.code]))
        form = forms.IssueForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the members, then how to send their codes."))
            return back
        data = form.cleaned_data
        ids = data["member"]
        if data["without_account"]:
            ids = selectors.member_ids_without_account(user=request.user, unit=unit)
            if not ids:
                messages.info(request, _("Every member of this unit already has an account."))
                return back
        activate_url = request.build_absolute_uri(reverse("portal:activate"))
        try:
            result = services.accounts_issue(
                actor=request.user,
                unit=unit,
                member_ids=ids,
                reissue=data["reissue"],
                channel=data["channel"],
                activate_url=activate_url,
            )
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
            return back
        if data["channel"] == Channel.SLIP:
            return _slips_response(result, activate_url)
        return render(request, "portal/accounts_mailed.html", {"unit": unit, "result": result})


def _slips_response(result: Any, activate_url: str) -> HttpResponse:
    pdf = exports.activation_slips_pdf(result, activate_url=activate_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ma-kich-hoat-{result.unit.code}.pdf"'
    return response


@method_decorator(never_cache, name="dispatch")
class ActivateView(View):
    """The member sets their password with the code of their slip or e-mail (anonymous; the QR code
    opens it with ``?u=<user name>&c=<code>``), and is signed in."""

    template_name = "portal/activate.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"username": request.GET.get("u", "")[:150], "code": request.GET.get("c", "")[:40]}
        return self._page(request, forms.ActivateForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.ActivateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.account_activate(
                    actor=request.user,
                    username=data["username"],
                    code=data["code"],
                    password=data["password"],
                    client_ip=client_ip(request),
                )
            except RuleViolation as violation:
                field = "password" if violation.code == "activation.password_invalid" else None
                form.add_error(field, violation_message(violation))
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _(
                        "Welcome, %(name)s. Your account is ready: next time, sign in with the user name "
                        "%(username)s and your new password."
                    )
                    % {"name": user.member.full_name, "username": user.username},
                )
                return HttpResponseRedirect(reverse("portal:record"))
        return self._page(request, form, status=400)

    def _page(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "min_length": password_min_length()}
        response = render(request, self.template_name, context, status=status)
        # the address may hold the code: never sent to another site (a same-origin form still sends Origin)
        response["Referrer-Policy"] = "same-origin"
        return response
