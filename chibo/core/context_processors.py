"""Navigation shared by every page; later features add entries to ``NAV_ITEMS``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.core.scoping import has_staff_role, paths_for

#: (url name, label, icon, action needed)
NAV_ITEMS: list[tuple[str, Any, str, Action]] = [
    ("core:dashboard", _("Overview"), "speedometer2", Action.VIEW),
    ("organizations:tree", _("Organisation tree"), "diagram-3", Action.VIEW),
    ("organizations:warnings", _("Structural warnings"), "exclamation-triangle", Action.VIEW),
    ("members:list", _("Members"), "people", Action.VIEW),
    ("members:transfers", _("Transfers"), "arrow-left-right", Action.VIEW),
    ("exchange:list", _("Import and export"), "file-earmark-spreadsheet", Action.MANAGE),
    ("admissions:list", _("Admissions"), "person-plus", Action.VIEW),
    ("meetings:list", _("Meetings"), "calendar-event", Action.VIEW),
    ("badges:list", _("Party badges"), "award", Action.VIEW),
    ("evaluations:list", _("Evaluation"), "clipboard-check", Action.VIEW),
    ("commendations:list", _("Commendations"), "trophy", Action.VIEW),
    ("discipline:list", _("Inspection and discipline"), "shield-exclamation", Action.DISCIPLINE),
    ("documents:list", _("Documents"), "journal-bookmark", Action.VIEW),
    ("handbook:list", _("Notices and news"), "megaphone", Action.VIEW),
    ("reports:statistics", _("Statistics"), "bar-chart", Action.VIEW),
    ("reports:quality", _("Data quality"), "clipboard-data", Action.VIEW),
    ("accounts:roles", _("Roles"), "person-badge", Action.GRANT),
    ("core:audit", _("Audit trail"), "journal-text", Action.AUDIT),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_staff_role(user):
        return {"nav_items": []}
    items = [
        {
            "url": reverse(name),
            "label": label,
            "icon": icon,
            "active": request.path.startswith(reverse(name))
            and (reverse(name) != "/" or request.path == "/"),
        }
        for name, label, icon, action in NAV_ITEMS
        if paths_for(user, action)
    ]
    return {"nav_items": items}
