"""Pages of commendations: the list (filters, .xlsx, PDF), one commendation (correct, annul), the
record form (with the discipline warning), the candidates from evaluation streaks, and the counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.commendations import exports, forms, selectors, services
from chibo.commendations.models import Commendation, Kind, Level
from chibo.core import regulations
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView
from chibo.members.models import Member
from chibo.organizations.models import Unit
from chibo.organizations.selectors import active_children_of, scope_roots

PAGE_SIZE = 100


class ListView(StaffView):
    """Commendations in the user's scope, filtered; ``?format=xlsx`` or ``pdf`` for the files."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.ListFilter(request.GET or None)
        values = form.values()
        within = (
            self.scoped(Unit.objects.all(), code=values["unit"].strip().upper()) if values["unit"] else None
        )
        rows = selectors.commendation_list(
            user=request.user,
            within=within,
            year=values["year"],
            kind=values["kind"],
            level=values["level"],
            subject=values["subject"],
            include_annulled=values["annulled"],
        )
        fmt = request.GET.get("format", "")
        if fmt in ("xlsx", "pdf"):
            return self.export(request, fmt, rows, within, values["year"])
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        return render(
            request,
            "commendations/list.html",
            {
                "form": form,
                "page": page,
                "rows": page.object_list,
                "within": within,
                "query": query.urlencode(),
                "may_record": bool(within and can(request.user, Action.MANAGE, within)),
                "year": values["year"] or forms.default_year(),
            },
        )

    def export(
        self, request: HttpRequest, fmt: str, rows: Any, within: Unit | None, year: int | None
    ) -> HttpResponse:
        name = f"khen-thuong-{within.code if within else 'chibo'}{f'-{year}' if year else ''}"
        response: HttpResponse
        if fmt == "xlsx":
            stream, count = exports.list_xlsx(rows.iterator(chunk_size=2000))
            response = FileResponse(stream, as_attachment=True, filename=f"{name}.xlsx")
        else:
            listed = list(rows[: exports.PDF_MAX_ROWS])
            count = len(listed)
            pdf = exports.list_pdf(listed, heading=within.name if within else "", year=year)
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        services.commendation_list_exported(
            actor=request.user, unit=within, fmt=fmt, count=count, query=request.GET.urlencode()
        )
        return response


class DetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        commendation = self.scoped(Commendation.objects.select_related("unit", "member"), pk=pk)
        return render(
            request,
            "commendations/detail.html",
            {"c": commendation, "can_manage": can(request.user, Action.MANAGE, commendation.unit)},
        )


class RecordView(ServiceFormView):
    """Record a commendation of a unit (``code``) or of one of its members; ``?member=``, ``?year=``
    and ``?title=`` fill the form (links from the candidates page)."""

    required_action = Action.MANAGE
    template_name = "commendations/form.html"
    form_class = forms.RecordForm
    success_message = gettext_lazy("The commendation was recorded.")

    def warnings(self) -> dict[int, Any]:
        """Members of the unit under a discipline in effect on the decision date (or today)."""
        if not hasattr(self, "_warnings"):
            on = (
                parse_date(self.request.POST.get("decided_on", "") or "")
                if self.request.method == "POST"
                else None
            )
            ids = Member.objects.filter(unit=self.get_unit()).values_list("pk", flat=True)
            self._warnings = selectors.discipline_in_effect(list(ids), on or regulations.today())
        return self._warnings

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "unit": self.get_unit(), "warn": bool(self.warnings())}

    def get_initial(self) -> dict[str, Any]:
        get = self.request.GET
        initial: dict[str, Any] = {"year": forms.default_year(), "kind": Kind.GIAY_KHEN}
        if get.get("member", "").isdigit():
            initial["subject"] = int(get["member"])
        if get.get("year", "").isdigit():
            initial["year"] = int(get["year"])
        if get.get("title"):
            initial["title"] = get["title"][:255]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        warned = Member.objects.filter(pk__in=list(self.warnings())).order_by("name_sort")
        return super().get_context_data(
            unit=self.get_unit(),
            title=_("Record a commendation"),
            warned=[(m, self.warnings()[m.pk]) for m in warned],
            **kwargs,
        )

    def perform(self, form: Any) -> Commendation:
        data = dict(form.cleaned_data)
        member = data.pop("subject")
        data["decision_number"] = data["decision_number"] or ""
        return services.commendation_record(
            actor=self.request.user,
            unit=None if member else self.get_unit(),
            member=member,
            **data,
        )

    def get_success_url(self) -> str:
        return reverse("commendations:detail", args=[self.result.pk])


class _OneCommendation(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "commendations/form.html"

    def get_commendation(self) -> Commendation:
        if not hasattr(self, "_commendation"):
            self._commendation = self.scoped(
                Commendation.objects.select_related("unit", "member"), pk=self.kwargs["pk"]
            )
        return self._commendation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        c = self.get_commendation()
        return super().get_context_data(commendation=c, unit=c.unit, **kwargs)

    def get_success_url(self) -> str:
        return reverse("commendations:detail", args=[self.get_commendation().pk])


class CorrectView(_OneCommendation):
    success_message = gettext_lazy("The commendation was corrected.")

    def get_form(self, form_class: Any = None) -> forms.CorrectForm:
        data = self.request.POST if self.request.method == "POST" else None
        return forms.CorrectForm.for_commendation(self.get_commendation(), data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=_("Correct a commendation"), **kwargs)

    def perform(self, form: Any) -> Commendation:
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        confirm = data.pop("confirm_despite_discipline", False)
        data["decision_number"] = data["decision_number"] or ""
        c = self.get_commendation()
        changes = {k: v for k, v in data.items() if getattr(c, k) != v}
        return services.commendation_correct(
            actor=self.request.user, commendation=c, changes=changes, reason=reason,
            confirm_despite_discipline=confirm,
        )  # fmt: skip


class AnnulView(_OneCommendation):
    form_class = forms.AnnulForm
    success_message = gettext_lazy("The commendation was annulled.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(title=_("Annul a commendation"), **kwargs)

    def perform(self, form: Any) -> Commendation:
        return services.commendation_annul(
            actor=self.request.user, commendation=self.get_commendation(), **form.cleaned_data
        )


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 1930 <= int(value) <= 2200 else forms.default_year()


class _ScopeView(StaffView):
    def roots(self, request: HttpRequest) -> list[Unit]:
        code = request.GET.get("unit", "").strip().upper()
        return [self.scoped(Unit.objects.all(), code=code)] if code else scope_roots(user=request.user)


class CandidatesView(_ScopeView):
    """Members and units graded HTXSNV (by default) five years running up to the year, not yet
    commended for it (DOMAIN.md §6), each with a button to record their commendation."""

    def get(self, request: HttpRequest) -> HttpResponse:
        roots = self.roots(request)
        year = _year(request)
        length_value = request.GET.get("length", "")
        length = int(length_value) if length_value.isdigit() and 2 <= int(length_value) <= 10 else 5
        found = selectors.candidates(roots=roots, year=year, length=length)
        rows = []
        for row in found:
            may = can(request.user, Action.MANAGE, row.unit_path)
            query = {
                "year": year,
                "title": _("Excellent performance (HTXSNV) %(years)s years running") % {"years": row.years},
            }
            if row.member_id:
                query["member"] = row.member_id
            link = (
                f"{reverse('commendations:record', args=[row.unit_code])}?{urlencode(query)}" if may else ""
            )
            rows.append((row, link))
        return render(
            request,
            "commendations/candidates.html",
            {
                "rows": rows,
                "year": year,
                "length": length,
                "lengths": range(2, 11),
                "unit_code": request.GET.get("unit", "").strip().upper(),
                "roots": roots,
            },
        )


class CountsView(_ScopeView):
    """The year's commendations of a unit and of each of its sub-units, rolled up the tree."""

    def get(self, request: HttpRequest) -> HttpResponse:
        roots = self.roots(request)
        year = _year(request)
        units = list(roots)
        if len(roots) == 1:
            units += active_children_of(roots)[roots[0].pk]
        counts = selectors.commendation_counts(units=units, year=year)
        if request.GET.get("format") == "xlsx":
            services.commendation_list_exported(
                actor=request.user, unit=roots[0] if len(roots) == 1 else None, fmt="counts-xlsx",
                count=len(counts), query=request.GET.urlencode(),
            )  # fmt: skip
            name = f"khen-thuong-so-lieu-{roots[0].code if len(roots) == 1 else 'chibo'}-{year}.xlsx"
            return FileResponse(exports.counts_xlsx(counts, year=year), as_attachment=True, filename=name)
        return render(
            request,
            "commendations/counts.html",
            {
                "counts": counts,
                "year": year,
                "single": len(roots) == 1,
                "kinds": Kind.choices,
                "levels": Level.choices,
                "unit_code": request.GET.get("unit", "").strip().upper(),
            },
        )
