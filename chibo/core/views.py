"""Base views: sign-in, staff role, scope and the mapping of refusals to messages.

Every staff page derives from ``StaffView``: anonymous → sign-in page, signed in
without a staff role → 403, object outside the scope → 404 (ARCHITECTURE.md, "Scope, once").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.models import AuditEntry
from chibo.core.scoping import get_scoped_or_404, has_staff_role, paths_for, require, scope_q
from chibo.rules.errors import RuleViolation


class StaffView(LoginRequiredMixin, View):
    """Signed in, with a staff role; ``required_action`` somewhere in the tree."""

    required_action: Action = Action.VIEW

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_staff_role(request.user) or not paths_for(request.user, self.required_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, queryset: QuerySet, action: Action | None = None, **lookup: Any) -> Model:
        """The object in the user's scope for ``action`` (default: the view's), or 404."""
        return get_scoped_or_404(queryset, self.request.user, action or self.required_action, **lookup)

    def get_unit(self) -> Model:
        """The unit named by the URL's ``code`` (codes are capitals; a typed lower-case code works too),
        in the user's scope for this view's action (404 otherwise); looked up once per request."""
        if not hasattr(self, "_unit"):
            from chibo.organizations.models import Unit

            self._unit = self.scoped(Unit.objects.all(), code=self.kwargs["code"].upper())
        return self._unit


class ServiceFormView(StaffView, FormView):
    """A form whose valid data goes to one service call; a refusal becomes a form error."""

    success_message = ""

    def perform(self, form: Form) -> Any:
        raise ImproperlyConfigured(f"{type(self).__name__} must define perform(form) to call its service")

    def form_valid(self, form: Form) -> HttpResponse:
        try:  # fields that name a record by code (units) resolve against the user's rights
            self.units = {
                name: field.resolve(self.request.user, form.cleaned_data[name])
                for name, field in form.fields.items()
                if hasattr(field, "resolve") and form.cleaned_data.get(name)
            }
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        try:
            self.result = self.perform(form)
        except RuleViolation as violation:
            form.add_error(None, violation_message(violation))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class DashboardView(LoginRequiredMixin, TemplateView):
    """The figures of the user's scope; members without a staff role see their own page."""

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from chibo.members.models import MemberStatus
        from chibo.organizations import selectors as org_selectors
        from chibo.organizations.models import UnitLevel

        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["is_staff_user"] = has_staff_role(user)
        if context["is_staff_user"]:
            figures = org_selectors.scope_figures(user=user)
            context["units_by_level"] = [
                (label, figures["units_by_level"].get(value, 0)) for value, label in UnitLevel.choices
            ]
            context["members_by_status"] = [
                (label, figures["members_by_status"].get(value, 0)) for value, label in MemberStatus.choices
            ]
            context["members_active"] = sum(
                figures["members_by_status"].get(s, 0)
                for s in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)
            )
            context["workers"] = figures["workers"]
            from chibo.members.models import Sex
            from chibo.members.selectors import member_figures

            bands = member_figures(user=user)
            context["members_by_sex"] = [(label, bands["sex"].get(value, 0)) for value, label in Sex.choices]
            context["members_by_age"] = list(bands["age"].items())
            context["members_by_party_age"] = list(bands["party_age"].items())
            context["roots"] = org_selectors.scope_roots(user=user)
            context.update(_admission_widget(user, context["roots"]))
            context["warning_count"] = len(org_selectors.warnings_in_scope(user=user))
        else:
            context["own_member"] = getattr(user, "member", None) if hasattr(user, "member") else None
        return context


def _admission_widget(user: Any, roots: list[Any]) -> dict[str, Any]:
    """This year's admissions against the targets of the scope's top units, and the pipeline."""
    from chibo.admissions import selectors as admission_selectors
    from chibo.core.regulations import today

    year = today().year
    return {
        "admission_year": year,
        "admission_progress": admission_selectors.target_progress(units=roots[:10], year=year),
        "admission_funnel": admission_selectors.funnel(user=user, year=year),
    }


def audit_queryset(user: Any) -> QuerySet[AuditEntry]:
    """Audit entries the user may read: those of units in their audit scope; entries without a
    unit (accounts, calendar) only for a scope that covers a whole tree."""
    paths = paths_for(user, Action.AUDIT)
    entries = AuditEntry.objects.select_related("unit")
    if paths == [""]:
        return entries
    q = scope_q(user, Action.AUDIT, "unit__path")
    if any(len(p) == 4 for p in paths):
        from django.db.models import Q

        q |= Q(unit__isnull=True)
    return entries.filter(q)


class AuditListView(StaffView):
    required_action = Action.AUDIT

    def get(self, request: HttpRequest, target_type: str = "", target_id: str = "") -> HttpResponse:
        entries = audit_queryset(request.user)
        action = request.GET.get("action", "").strip()
        if action:
            entries = entries.filter(action__startswith=action)
        if target_type:
            entries = entries.filter(target_type=target_type, target_id=target_id)
            if not entries.exists():  # unknown, or outside the scope: the same answer
                raise Http404
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "core/audit_list.html",
            {
                "page": page,
                "entries": page,
                "action": action,
                "target_type": target_type,
                "target_id": target_id,
                "title": _("Audit trail"),
            },
        )


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, resolved as for the sign-in page's lock-out (django-axes:
    REMOTE_ADDR, or what its AXES_IPWARE_* / AXES_CLIENT_IP_CALLABLE settings say behind a proxy)."""
    from axes.helpers import get_client_ip_address

    return str(get_client_ip_address(request) or "")[:64]


class ManagedObjectMixin:
    """A page acting on one published object named by the URL's ``pk``: read through its app's
    scoped selector (404 outside the scope), changed only with MANAGE on its unit (403 otherwise);
    loaded once per request."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def managed(self, load: Callable[[Any, Any], Any]) -> Any:
        if not hasattr(self, "_managed_object"):
            obj = load(self.request.user, self.kwargs["pk"])
            require(self.request.user, Action.MANAGE, obj.unit)
            self._managed_object = obj
        return self._managed_object
