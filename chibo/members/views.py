from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.core.pagination import LazyPage
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.discipline.selectors import member_warning
from chibo.members import exports, forms, selectors, services
from chibo.members.models import SENSITIVE_FIELDS, Absence, Exemption, Member, MemberStatus, Transfer
from chibo.organizations.models import Unit


class MemberListView(StaffView):
    """The members of the scope: filters, diacritic-insensitive search, Vietnamese roster order.

    Pages are fetched with one extra row to know whether a next page exists: no COUNT(*)
    over the whole scope on every page.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.MemberFilterForm(request.GET or None)
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        members = selectors.member_list(user=request.user, filters=form.filters(), within=within)
        page = LazyPage.of(members, request.GET.get("page"), per_page=50)
        return render(request, "members/member_list.html", {"form": form, "page": page, "within": within})


class MemberExportView(StaffView):
    """The filtered list as .xlsx (roster layout) or as the printable register (PDF); audited."""

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("xlsx", "pdf"):
            raise Http404
        form = forms.MemberFilterForm(request.GET or None)
        within = None
        if request.GET.get("unit"):
            within = self.scoped(Unit.objects.all(), code=request.GET["unit"].upper())
        members = selectors.member_list(user=request.user, filters=form.filters(), within=within)
        sensitive = bool(within and can(request.user, Action.SENSITIVE, within)) or (
            within is None and selectors.covers_sensitive(request.user)
        )
        name = within.code if within else "chibo"
        if fmt == "xlsx":
            stream, count = exports.roster_xlsx(members.iterator(chunk_size=2000), sensitive=sensitive)
            response: HttpResponse = FileResponse(
                stream, as_attachment=True, filename=f"dang-vien-{name}.xlsx"
            )
        else:
            rows = list(members[: exports.PDF_MAX_ROWS])
            count = len(rows)
            pdf = exports.register_pdf(rows, unit_name=within.name if within else "", sensitive=sensitive)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="so-danh-sach-{name}.pdf"'
        services.member_list_exported(
            actor=request.user,
            unit=within,
            fmt=fmt,
            count=count,
            sensitive=sensitive,
            query=request.GET.urlencode(),
        )
        return response


class MemberDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = self.scoped(Member.objects.select_related("unit"), pk=pk)
        user = request.user
        return render(
            request,
            "members/member_detail.html",
            {
                "member": member,
                "party_age": selectors.member_party_age(member),
                "history": selectors.member_history(member)[:100],
                "transfers": member.transfers.select_related("from_unit", "to_unit").order_by(
                    "-decision_effective_on"
                ),
                "exemptions": member.exemptions.all(),
                "absences": member.absences.all(),
                "can_manage": can(user, Action.MANAGE, member.unit),
                "may_see_sensitive": selectors.may_see_sensitive(user, member),
                "is_active": member.status != MemberStatus.LEFT,
                **member_warning(user=user, member=member),
            },
        )


class MemberSensitiveView(StaffView):
    """POST (htmx): reveal the sensitive fields; the service writes the audit entry."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = self.scoped(Member.objects.select_related("unit"), Action.SENSITIVE, pk=pk)
        values = services.member_sensitive_view(actor=request.user, member=member)
        labels = {name: Member._meta.get_field(name).verbose_name for name in SENSITIVE_FIELDS}
        return render(
            request, "members/_sensitive.html", {"rows": [(labels[k], values[k]) for k in SENSITIVE_FIELDS]}
        )


class TransfersView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "members/transfers.html", {"rows": selectors.transfers_in_progress(user=request.user)}
        )


class MemberFormView(ServiceFormView):
    """A form about one member (in the user's MANAGE scope)."""

    required_action = Action.MANAGE
    template_name = "members/member_form.html"
    title: Any = ""

    def get_member(self) -> Member:
        if not hasattr(self, "_member"):
            self._member = self.scoped(Member.objects.select_related("unit"), pk=self.kwargs["pk"])
        return self._member

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.kwargs = kwargs
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        member = self.get_member()
        return super().get_context_data(
            member=member, title=self.title, **member_warning(user=self.request.user, member=member), **kwargs
        )

    def get_form(self, form_class: Any = None) -> Any:
        self.get_member()  # 404/403 before anything else
        return super().get_form(form_class)

    def get_success_url(self) -> str:
        return reverse("members:detail", args=[self.get_member().pk])


class MemberCreateView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "members/member_form.html"
    form_class = forms.MemberCreateForm
    success_message = gettext_lazy("The member was recorded.")

    def get_form(self, form_class: Any = None) -> Any:
        self.get_unit()
        return super().get_form(form_class)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=_("New member"), **kwargs)

    def perform(self, form: Any) -> Member:
        data = dict(form.cleaned_data)
        joined_on = data.pop("joined_on")
        spec = services.MemberSpec(
            **{k: ("" if v is None and k not in services.DATE_FIELDS else v) for k, v in data.items()}
        )
        return services.member_create(
            actor=self.request.user, unit=self.get_unit(), spec=spec, joined_on=joined_on
        )

    def get_success_url(self) -> str:
        return reverse("members:detail", args=[self.result.pk])


class MemberEditView(MemberFormView):
    form_class = forms.MemberEditForm
    title = gettext_lazy("Correct the record")
    success_message = gettext_lazy("The record was saved.")

    def get_initial(self) -> dict[str, Any]:
        member = self.get_member()
        return {
            **{name: getattr(member, name) for name in services.EDITABLE_FIELDS},
            "version": member.version,
        }

    def perform(self, form: Any) -> Member:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: ("" if v is None and k not in services.DATE_FIELDS else v) for k, v in data.items()}
        return services.member_update(
            actor=self.request.user, member=self.get_member(), version=version, changes=changes
        )


class RecogniseView(MemberFormView):
    form_class = forms.RecogniseForm
    title = gettext_lazy("Recognise as official member")
    success_message = gettext_lazy("The member was recognised as official.")

    def perform(self, form: Any) -> Any:
        return services.member_recognise_official(
            actor=self.request.user, member=self.get_member(), **form.cleaned_data
        )


class TransferInternalView(MemberFormView):
    form_class = forms.TransferInternalForm
    title = gettext_lazy("Transfer inside the tree")
    success_message = gettext_lazy("The transfer was recorded.")

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.member_transfer_internal(
            actor=self.request.user,
            member=self.get_member(),
            to_unit=self.units["to_unit"],
            effective_on=data["effective_on"],
            decision=data["decision"],
            temporary_until=data["temporary_until"],
            purpose=data["purpose"] or "work",
        )


class TransferOutView(MemberFormView):
    form_class = forms.TransferOutForm
    title = gettext_lazy("Transfer out of the system")
    success_message = gettext_lazy("The transfer letter was recorded.")

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        data["purpose"] = data["purpose"] or "work"
        return services.member_transfer_out(actor=self.request.user, member=self.get_member(), **data)


class ExemptView(MemberFormView):
    form_class = forms.ExemptForm
    title = gettext_lazy("Exempt from work and meetings")
    success_message = gettext_lazy("The exemption was recorded.")

    def perform(self, form: Any) -> Any:
        return services.member_exempt(actor=self.request.user, member=self.get_member(), **form.cleaned_data)


class AbsenceView(MemberFormView):
    form_class = forms.AbsenceForm
    title = gettext_lazy("Temporarily away or abroad")
    success_message = gettext_lazy("The absence was recorded.")

    def perform(self, form: Any) -> Any:
        return services.member_absence_record(
            actor=self.request.user, member=self.get_member(), **form.cleaned_data
        )


class LeaveView(MemberFormView):
    form_class = forms.LeaveForm
    title = gettext_lazy("Leaving the Party")
    success_message = gettext_lazy("The member's leaving was recorded.")

    def perform(self, form: Any) -> Any:
        return services.member_leave(actor=self.request.user, member=self.get_member(), **form.cleaned_data)


class ReadmitView(MemberFormView):
    form_class = forms.ReadmitForm
    title = gettext_lazy("Re-admission")
    success_message = gettext_lazy("The re-admission was recorded.")

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.member_readmit(
            actor=self.request.user,
            member=self.get_member(),
            unit=self.units["unit"],
            admitted_on=data["admitted_on"],
            ceremony_on=data["ceremony_on"],
            decision=data["decision"],
        )


class RelatedFormView(MemberFormView):
    """A form about a record attached to a member (a transfer, exemption, absence)."""

    model: Any = None

    def get_related(self) -> Any:
        if not hasattr(self, "_related"):
            self._related = self.scoped(
                self.model.objects.select_related("member__unit"), pk=self.kwargs["pk"]
            )
            self._member = self._related.member
        return self._related

    def get_member(self) -> Member:
        self.get_related()
        return self._member


class TransferArrivalView(RelatedFormView):
    model = Transfer
    form_class = forms.ArrivalForm
    title = gettext_lazy("Confirm the arrival")
    success_message = gettext_lazy("The arrival was confirmed.")

    def perform(self, form: Any) -> Any:
        return services.transfer_confirm_arrival(
            actor=self.request.user, transfer=self.get_related(), **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("members:transfers")


class TemporaryReturnView(RelatedFormView):
    model = Transfer
    form_class = forms.ReturnForm
    title = gettext_lazy("Return from temporary transfer")
    success_message = gettext_lazy("The return was recorded.")

    def perform(self, form: Any) -> Any:
        return services.member_temporary_return(
            actor=self.request.user, transfer=self.get_related(), **form.cleaned_data
        )


class ExemptionEndView(RelatedFormView):
    model = Exemption
    form_class = forms.ExemptionEndForm
    title = gettext_lazy("End the exemption")
    success_message = gettext_lazy("The exemption was ended.")

    def perform(self, form: Any) -> Any:
        return services.member_exemption_end(
            actor=self.request.user, exemption=self.get_related(), **form.cleaned_data
        )


class AbsenceReturnView(RelatedFormView):
    model = Absence
    form_class = forms.AbsenceReturnForm
    title = gettext_lazy("Return and report")
    success_message = gettext_lazy("The return was recorded.")

    def perform(self, form: Any) -> Any:
        return services.member_absence_return(
            actor=self.request.user, absence=self.get_related(), **form.cleaned_data
        )
