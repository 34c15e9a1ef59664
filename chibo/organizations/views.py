from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.accounts.roles import Action
from chibo.core import regulations
from chibo.core.scoping import can
from chibo.core.views import ServiceFormView, StaffView, audit_queryset
from chibo.members.models import Member
from chibo.members.services import ACTIVE_STATUSES
from chibo.organizations import forms, selectors, services
from chibo.organizations.models import Unit, UnitLevel

WARNING_LABELS = {
    "too_few_official": gettext_lazy(
        "Fewer than 3 official members: cannot stand alone as a party organisation (Charter art. 21)."
    ),
    "should_be_dang_bo": gettext_lazy(
        "30 members or more: should become a grassroots party committee (art. 21)."
    ),
    "should_be_chi_bo": gettext_lazy(
        "Fewer than 30 members: should become a grassroots party cell (art. 21)."
    ),
    "needs_committee": gettext_lazy(
        "9 official members or more and no cell committee (chi ủy) recorded (art. 24.4)."
    ),
}


class TreeView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        q = request.GET.get("q", "").strip()
        context: dict[str, Any] = {"q": q, "levels": UnitLevel.choices, "level": request.GET.get("level", "")}
        if q or context["level"]:
            context["results"] = list(
                selectors.unit_list(user=request.user, q=q, level=context["level"]).select_related()[:200]
            )
        else:
            context["nodes"] = selectors.tree_children(user=request.user, parent=None)
        return render(request, "organizations/tree.html", context)


class TreeChildrenView(StaffView):
    """The children of a node, loaded by htmx when the node is opened."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.scoped(Unit.objects.all(), code=code)
        show_dissolved = request.GET.get("dissolved") == "1"
        nodes = selectors.tree_children(user=request.user, parent=unit, include_dissolved=show_dissolved)
        return render(request, "organizations/_tree_nodes.html", {"nodes": nodes, "parent": unit})


class UnitSuggestView(StaffView):
    """<datalist> options for unit-code inputs (htmx)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # the input sends its own name (new_parent, target, …): take the first value given
        q = next((v.strip() for v in request.GET.values() if v.strip()), "")
        units = selectors.unit_list(user=request.user, q=q)[:20] if q else []  # the form checks the right
        return render(request, "organizations/_suggestions.html", {"units": units})


class UnitDetailView(StaffView):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.scoped(Unit.objects.all(), code=code)
        headcount = selectors.subtree_headcounts([unit])[unit.pk]
        user = request.user
        context = {
            "unit": unit,
            "ancestors": [a for a in unit.ancestor_units() if can(user, Action.VIEW, a)],
            "headcount": headcount,
            "warnings": [WARNING_LABELS[c] for c in selectors.unit_warnings(unit, headcount)]
            if unit.is_active
            else [],
            "children": selectors.tree_children(user=user, parent=unit, include_dissolved=True),
            "members": Member.objects.filter(unit=unit, status__in=ACTIVE_STATUSES).order_by("name_folded")[
                :200
            ],
            "events": selectors.unit_history(unit=unit)[:50],
            "can_manage": can(user, Action.MANAGE, unit),
            "can_restructure": can(user, Action.RESTRUCTURE, unit),
            "can_audit": can(user, Action.AUDIT, unit),
        }
        return render(request, "organizations/unit_detail.html", context)


class WarningsView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.warnings_in_scope(user=request.user)
        items = [(row, [WARNING_LABELS[c] for c in row.codes]) for row in rows]
        return render(request, "organizations/warnings.html", {"items": items})


class AsOfView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        day = parse_date(request.GET.get("on", "") or "") if request.GET.get("on") else regulations.today()
        error = ""
        if day is None:
            error, day = _("Give a date as yyyy-mm-dd."), regulations.today()
        nodes = selectors.tree_as_of(user=request.user, day=day)
        return render(request, "organizations/as_of.html", {"nodes": nodes, "day": day, "error": error})


class UnitAuditView(StaffView):
    required_action = Action.AUDIT

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        unit = self.scoped(Unit.objects.all(), code=code)
        entries = audit_queryset(request.user).filter(unit=unit)[:200]
        return render(request, "core/audit_list.html", {"entries": entries, "title": _("Audit of %s") % unit})


class UnitFormView(ServiceFormView):
    """A form on one unit; the unit must be in the user's scope for ``required_action``."""

    template_name = "organizations/unit_form.html"
    title: Any = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.kwargs = kwargs
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_unit()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_unit()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.get_unit(), title=self.title, **kwargs)

    def get_success_url(self) -> str:
        target = getattr(self, "result", None)
        unit = target if isinstance(target, Unit) else self.get_unit()
        return reverse("organizations:detail", args=[unit.code])


class UnitCreateView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.UnitCreateForm
    title = gettext_lazy("New sub-unit")
    success_message = gettext_lazy("The unit was created.")

    def perform(self, form: Any) -> Unit:
        data = form.cleaned_data
        return services.unit_create(actor=self.request.user, parent=self.get_unit(), **data)


class UnitEditView(UnitFormView):
    required_action = Action.MANAGE
    form_class = forms.UnitDetailsForm
    title = gettext_lazy("Edit details")
    success_message = gettext_lazy("The details were saved.")

    def get_initial(self) -> dict[str, Any]:
        unit = self.get_unit()
        return {name: getattr(unit, name) for name in services.DETAIL_FIELDS}

    def perform(self, form: Any) -> Unit:
        return services.unit_update(actor=self.request.user, unit=self.get_unit(), **form.cleaned_data)


class UnitRenameView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.RenameForm
    title = gettext_lazy("Rename")
    success_message = gettext_lazy("The unit was renamed.")

    def perform(self, form: Any) -> Unit:
        return services.unit_rename(actor=self.request.user, unit=self.get_unit(), **form.cleaned_data)


class UnitMoveView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.MoveForm
    title = gettext_lazy("Move under another unit")
    success_message = gettext_lazy("The unit was moved.")

    def perform(self, form: Any) -> Unit:
        data = form.cleaned_data
        return services.unit_move(
            actor=self.request.user,
            unit=self.get_unit(),
            new_parent=self.units.get("new_parent"),
            effective_on=data["effective_on"],
            decision=data["decision"],
        )


class UnitMergeView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.MergeForm
    title = gettext_lazy("Merge into another unit")
    success_message = gettext_lazy("The unit was merged.")

    def perform(self, form: Any) -> Unit:
        data = form.cleaned_data
        return services.unit_merge(
            actor=self.request.user,
            source=self.get_unit(),
            target=self.units.get("target"),
            effective_on=data["effective_on"],
            decision=data["decision"],
        )


class UnitDissolveView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.DissolveForm
    title = gettext_lazy("Dissolve")
    success_message = gettext_lazy("The unit was dissolved.")

    def perform(self, form: Any) -> Unit:
        data = form.cleaned_data
        return services.unit_dissolve(
            actor=self.request.user,
            unit=self.get_unit(),
            successor=self.units.get("successor"),
            effective_on=data["effective_on"],
            decision=data["decision"],
        )


class UnitSplitView(UnitFormView):
    required_action = Action.RESTRUCTURE
    form_class = forms.SplitForm
    template_name = "organizations/unit_split.html"
    title = gettext_lazy("Split")
    success_message = gettext_lazy("The unit was split.")

    def get_form_kwargs(self) -> dict[str, Any]:
        unit = self.get_unit()
        kwargs = super().get_form_kwargs()
        kwargs["members"] = list(
            Member.objects.filter(unit=unit, status__in=ACTIVE_STATUSES).order_by("name_folded")
        )
        kwargs["children"] = list(unit.child_units().filter(dissolved_on__isnull=True).order_by("name"))
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        parts = [
            services.SplitPart(
                code=data["code_a"],
                name=data["name_a"],
                member_ids=form.assignments("member_", form.PART_A),
                child_ids=form.assignments("child_", form.PART_A),
            )
        ]
        if data.get("code_b"):
            parts.append(
                services.SplitPart(
                    code=data["code_b"],
                    name=data["name_b"],
                    member_ids=form.assignments("member_", form.PART_B),
                    child_ids=form.assignments("child_", form.PART_B),
                )
            )
        return services.unit_split(
            actor=self.request.user,
            source=self.get_unit(),
            parts=parts,
            effective_on=data["effective_on"],
            dissolve_source=data["dissolve_source"],
            decision=data["decision"],
        )
