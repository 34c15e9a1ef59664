"""Pages of cell meetings: list, schedule and plan, notice, attendance, minutes, alerts and rates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.messages import violation_message
from chibo.core.pagination import LazyPage
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.meetings import exports, forms, selectors, services
from chibo.meetings.models import AttendanceStatus, Meeting, MeetingDocument, State
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of, scope_roots
from chibo.rules import organizations as org_rules
from chibo.rules.errors import RuleViolation


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else regulations.today().year


class MeetingListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        year = _year(request)
        meetings = selectors.meeting_list(user=request.user, within=within, year=year)
        page = LazyPage.of(meetings, request.GET.get("page"), per_page=50)
        may_schedule = bool(within and can(request.user, Action.MANAGE, within) and within.is_active)
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "page": page,
                "within": within,
                "year": year,
                "may_schedule": may_schedule,
                "may_plan": may_schedule and within.level in org_rules.CELLS,
            },
        )


class UnitFormView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "meetings/form.html"

    def get_form(self, form_class: Any = None) -> Any:
        self.get_unit()
        return super().get_form(form_class)

    def get_success_url(self) -> str:
        return reverse("meetings:list") + f"?unit={self.get_unit().code}"


class MeetingCreateView(UnitFormView):
    form_class = forms.MeetingForm
    success_message = gettext_lazy("The meeting was scheduled.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("New meeting"), **kwargs)

    def perform(self, form: Any) -> Meeting:
        return services.meeting_create(actor=self.request.user, unit=self.get_unit(), **form.service_values())

    def get_success_url(self) -> str:
        return reverse("meetings:detail", args=[self.result.pk])


class PlanYearView(UnitFormView):
    form_class = forms.PlanForm
    success_message = gettext_lazy("The year's meetings were planned.")

    def get_initial(self) -> dict[str, Any]:
        return {"year": regulations.today().year + (1 if regulations.today().month == 12 else 0)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("Plan the year's meetings"), **kwargs)

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.meetings_plan_year(
            actor=self.request.user, unit=self.get_unit(), year=data["year"], day=data["day"], at=data["at"]
        )


class MeetingDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.scoped(Meeting.objects.select_related("unit"), pk=pk)
        minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
        return render(
            request,
            "meetings/meeting_detail.html",
            {
                "meeting": meeting,
                **selectors.meeting_detail(meeting),
                "documents": meeting.documents.all(),
                "minutes": minutes,
                "can_manage": can(request.user, Action.MANAGE, meeting.unit),
            },
        )


class MeetingFormView(ServiceFormView):
    """A form about one meeting (in the user's MANAGE scope)."""

    required_action = Action.MANAGE
    template_name = "meetings/form.html"
    title: Any = ""

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = self.scoped(Meeting.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self._meeting

    def get_form(self, form_class: Any = None) -> Any:
        self.get_meeting()
        return super().get_form(form_class)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        meeting = self.get_meeting()
        return super().get_context_data(meeting=meeting, title=self.title, **kwargs)

    def get_success_url(self) -> str:
        return reverse("meetings:detail", args=[self.get_meeting().pk])


class MeetingEditView(MeetingFormView):
    form_class = forms.MeetingEditForm
    title = gettext_lazy("Move or fill in the meeting")
    success_message = gettext_lazy("The meeting was saved.")

    def get_initial(self) -> dict[str, Any]:
        m = self.get_meeting()
        start = timezone.localtime(m.starts_at)
        end = timezone.localtime(m.ends_at) if m.ends_at else None
        return {
            "kind": m.kind, "title": m.title, "day": start.date(), "start": start.time(),
            "end": end.time() if end else None, "place": m.place, "online": m.online, "agenda": m.agenda,
            "political_task": m.political_task, "version": m.version,
        }  # fmt: skip

    def perform(self, form: Any) -> Any:
        return services.meeting_update(
            actor=self.request.user,
            meeting=self.get_meeting(),
            version=form.cleaned_data["version"],
            changes=form.service_values(),
        )


class MeetingCancelView(MeetingFormView):
    form_class = forms.CancelForm
    title = gettext_lazy("Cancel the meeting")
    success_message = gettext_lazy("The meeting was cancelled.")

    def perform(self, form: Any) -> Any:
        return services.meeting_cancel(
            actor=self.request.user, meeting=self.get_meeting(), **form.cleaned_data
        )


class DocumentAddView(MeetingFormView):
    form_class = forms.DocumentForm
    title = gettext_lazy("Add a document")
    success_message = gettext_lazy("The document was published.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(multipart=True, **kwargs)

    def perform(self, form: Any) -> Any:
        return services.meeting_document_add(
            actor=self.request.user, meeting=self.get_meeting(), **form.cleaned_data
        )


class DocumentView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.scoped(MeetingDocument.objects.select_related("meeting__unit"), pk=pk)
        return FileResponse(document.file.open("rb"), filename=document.file.name.rsplit("/", 1)[-1])


class PostActionView(StaffView):
    """A button that calls one service on a meeting and comes back to its page."""

    required_action = Action.MANAGE
    http_method_names = ["post"]
    success_message: Any = ""

    def act(self, meeting: Meeting) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define act(meeting) to call its service")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.scoped(Meeting.objects.select_related("unit"), pk=pk)
        try:
            self.act(meeting)
            messages.success(request, self.success_message)
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(reverse("meetings:detail", args=[meeting.pk]))


class PublishView(PostActionView):
    success_message = gettext_lazy("The notice was sent to the members.")

    def act(self, meeting: Meeting) -> Any:
        return services.meeting_publish(actor=self.request.user, meeting=meeting)


class FinaliseView(PostActionView):
    success_message = gettext_lazy("The minutes were finalised.")

    def act(self, meeting: Meeting) -> Any:
        return services.minutes_finalise(actor=self.request.user, meeting=meeting)


class AttendanceView(StaffView):
    """The attendance sheet in one screen: a row per summoned member, one radio per status."""

    required_action = Action.MANAGE

    def get_meeting(self, pk: int) -> Meeting:
        return self.scoped(Meeting.objects.select_related("unit"), pk=pk)

    def render_sheet(
        self, request: HttpRequest, meeting: Meeting, errors: str = "", posted: Any = None
    ) -> HttpResponse:
        rows = []
        for a in meeting.attendances.select_related("member").order_by("member__name_sort", "member_id"):
            status = posted.get(f"status_{a.member_id}", a.status) if posted else a.status
            reason = posted.get(f"reason_{a.member_id}", a.reason) if posted else a.reason
            rows.append((a, status, reason))
        return render(
            request,
            "meetings/attendance.html",
            {"meeting": meeting, "rows": rows, "statuses": AttendanceStatus.choices, "error": errors},
            status=400 if errors else 200,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_sheet(request, self.get_meeting(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.get_meeting(pk)
        entries: dict[int, tuple[str, str]] = {}
        for key, value in request.POST.items():
            if key.startswith("status_") and value:
                try:
                    member_id = int(key.removeprefix("status_"))
                except ValueError:
                    continue
                entries[member_id] = (value, request.POST.get(f"reason_{member_id}", ""))
        try:
            services.attendance_record(actor=request.user, meeting=meeting, entries=entries)
        except RuleViolation as violation:
            return self.render_sheet(request, meeting, violation_message(violation), request.POST)
        messages.success(request, _("The attendance was saved."))
        return HttpResponseRedirect(reverse("meetings:detail", args=[meeting.pk]))


class SignInSheetView(StaffView):
    """The printable sign-in sheet: the summoned members' names and the meeting's QR code."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.scoped(Meeting.objects.select_related("unit"), pk=pk)
        if meeting.state == State.PLANNED:
            raise Http404  # nobody is summoned before the notice
        url = request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.checkin_token]))
        pdf = exports.sign_in_sheet_pdf(meeting, checkin_url=url)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="diem-danh-{meeting.pk}.pdf"'
        return response


class MinutesView(MeetingFormView):
    """The draft minutes, prefilled from the meeting, and its resolutions."""

    form_class = forms.MinutesForm
    template_name = "meetings/minutes.html"
    title = gettext_lazy("Minutes")
    success_message = gettext_lazy("The minutes were saved.")

    def get_initial(self) -> dict[str, Any]:
        meeting = self.get_meeting()
        minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
        source = minutes or meeting
        opened = minutes.opened_at if minutes else meeting.starts_at
        closed = minutes.closed_at if minutes else meeting.ends_at
        return {
            "chair": getattr(source, "chair", ""),
            "recorder": getattr(source, "recorder", ""),
            "opened": timezone.localtime(opened).time() if opened else None,
            "closed": timezone.localtime(closed).time() if closed else None,
            "agenda": source.agenda,
            "discussion": getattr(source, "discussion", ""),
            "conclusions": getattr(source, "conclusions", ""),
            "version": minutes.version if minutes else None,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        meeting = self.get_meeting()
        minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
        return super().get_context_data(
            minutes=minutes,
            resolution_form=forms.ResolutionForm(),
            **selectors.meeting_detail(meeting),
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        meeting = self.get_meeting()
        day = timezone.localtime(meeting.starts_at).date()
        version = data.pop("version")
        data["opened_at"] = forms.aware(day, data.pop("opened"))
        data["closed_at"] = forms.aware(day, data.pop("closed"))
        return services.minutes_save(actor=self.request.user, meeting=meeting, version=version, changes=data)

    def get_success_url(self) -> str:
        return reverse("meetings:minutes", args=[self.get_meeting().pk])


class ResolutionAddView(MeetingFormView):
    form_class = forms.ResolutionForm
    title = gettext_lazy("Add a resolution")
    success_message = gettext_lazy("The resolution was recorded.")

    def perform(self, form: Any) -> Any:
        return services.resolution_add(
            actor=self.request.user, meeting=self.get_meeting(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("meetings:minutes", args=[self.get_meeting().pk])


class CorrectionView(MeetingFormView):
    form_class = forms.CorrectionForm
    title = gettext_lazy("Append a correction to the minutes")
    success_message = gettext_lazy("The correction was appended.")

    def perform(self, form: Any) -> Any:
        return services.minutes_correct(
            actor=self.request.user, meeting=self.get_meeting(), **form.cleaned_data
        )


class MinutesPdfView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.scoped(Meeting.objects.select_related("unit", "minutes"), pk=pk)
        if not hasattr(meeting, "minutes"):
            raise Http404
        pdf = exports.minutes_pdf(meeting, **selectors.meeting_detail(meeting))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bien-ban-{meeting.pk}.pdf"'
        return response


def _made_at(value: str | None) -> datetime | None:
    """The time a check-in was pressed on a phone without a connection, added by the handbook app's
    service worker when it sends the check-in later (ISO 8601 with its offset); None if absent or
    unreadable, and the check-in then counts from now."""
    try:
        made_at = parse_datetime(value or "")
    except ValueError:
        return None
    return made_at if made_at is not None and made_at.tzinfo is not None else None


#: The check-in page carries a signed "served at" stamp; a check-in sent later by the handbook app
#: keeps the time it was pressed only when the page was served during the sign-in window.
CHECKIN_STAMP_SALT = "chibo.meetings.checkin.served"
CHECKIN_STAMP_MAX_AGE = 48 * 3600


def checkin_stamp(at: datetime | None = None) -> str:
    return signing.dumps((at or timezone.now()).isoformat(), salt=CHECKIN_STAMP_SALT)


def _served_at(value: str | None) -> datetime | None:
    """The time the check-in page was served, from its signed stamp; None if absent, forged or old."""
    try:
        served = signing.loads(value or "", salt=CHECKIN_STAMP_SALT, max_age=CHECKIN_STAMP_MAX_AGE)
        return parse_datetime(served)
    except (signing.BadSignature, TypeError, ValueError):
        return None


class CheckinView(LoginRequiredMixin, View):
    """The page a member reaches by scanning the meeting's QR code: one button to sign in."""

    def member(self, request: HttpRequest) -> Any:
        member = getattr(request.user, "member", None) if hasattr(request.user, "member") else None
        if member is None:
            raise PermissionDenied(_("Your account is not linked to a member record."))
        return member

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        self.member(request)
        meeting = Meeting.objects.select_related("unit").filter(checkin_token=token).first()
        return render(
            request, "meetings/checkin.html", {"meeting": meeting, "token": token, "served": checkin_stamp()}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        member = self.member(request)
        meeting = Meeting.objects.select_related("unit").filter(checkin_token=token).first()
        account = request.POST.get("account")  # a check-in saved offline names the account it was made in
        if account and account != str(request.user.pk):
            error = _("This sign-in was saved on the phone by another account; it was not sent.")
            context = {"meeting": meeting, "token": token, "error": error}
            return render(request, "meetings/checkin.html", context, status=409)
        try:
            services.attendance_checkin(
                actor=request.user,
                member=member,
                token=token,
                made_at=_made_at(request.POST.get("made_at")),
                served_at=_served_at(request.POST.get("served")),
            )
        except RuleViolation as violation:
            return render(
                request,
                "meetings/checkin.html",
                {
                    "meeting": meeting,
                    "token": token,
                    "served": checkin_stamp(),
                    "error": violation_message(violation),
                },
                status=400,
            )
        return render(request, "meetings/checkin.html", {"meeting": meeting, "token": token, "done": True})


class AlertsView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        year = _year(request)
        found = selectors.alerts(user=request.user, within=within, year=year)
        return render(
            request,
            "meetings/alerts.html",
            {"alerts": found, "within": within, "year": year, "labels": ALERT_LABELS},
        )


ALERT_LABELS = {
    "no_regular": gettext_lazy("No regular meeting in the month"),
    "no_thematic": gettext_lazy("No thematic meeting in the quarter"),
    "too_short": gettext_lazy("Shorter than the minimum length"),
    "materials_late": gettext_lazy("Materials out less than a day before"),
    "absent_warning": gettext_lazy("Absent without reason in 2 months of the year"),
    "absent_removal": gettext_lazy("Absent without reason in 3 months of the year: removal to consider"),
}


class RatesView(StaffView):
    """Attendance rates of a unit and its sub-units (and of each member, for a cell)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("unit"):
            unit = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        else:
            roots = scope_roots(user=request.user)
            if not roots:
                raise Http404
            unit = roots[0]
        year = _year(request)
        children = active_children_of([unit])[unit.pk]
        rates = selectors.attendance_rates(units=[unit, *children], year=year)
        members = selectors.member_rates(cell=unit, year=year) if unit.level in org_rules.CELLS else []
        return render(
            request,
            "meetings/rates.html",
            {"unit": unit, "year": year, "own": rates[0], "rows": rates[1:], "members": members},
        )
