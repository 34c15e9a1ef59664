"""Navigation shared by every page; later features add entries to ``NAV_ITEMS``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.accounts.roles import Action
from chibo.core.scoping import has_staff_role, paths_for

#: (url name, label, icon, action needed), grouped under menus: (menu label, icon, items); a menu
#: with a single visible item shows as that item.
NAV_GROUPS: list[tuple[Any, str, list[tuple[str, Any, str, Action]]]] = [
    (_("Overview"), "speedometer2", [("core:dashboard", _("Overview"), "speedometer2", Action.VIEW)]),
    (
        _("Organisation"),
        "diagram-3",
        [
            ("organizations:tree", _("Organisation tree"), "diagram-3", Action.VIEW),
            ("organizations:warnings", _("Structural warnings"), "exclamation-triangle", Action.VIEW),
        ],
    ),
    (
        _("Members"),
        "people",
        [
            ("members:list", _("Members"), "people", Action.VIEW),
            ("members:transfers", _("Transfers"), "arrow-left-right", Action.VIEW),
            ("exchange:list", _("Import and export"), "file-earmark-spreadsheet", Action.MANAGE),
            ("portal:requests", _("Correction requests"), "pencil-square", Action.MANAGE),
            ("portal:accounts_home", _("Member accounts"), "person-vcard", Action.MANAGE),
            ("admissions:list", _("Admissions"), "person-plus", Action.VIEW),
        ],
    ),
    (_("Meetings"), "calendar-event", [("meetings:list", _("Meetings"), "calendar-event", Action.VIEW)]),
    (
        _("Quality and recognition"),
        "clipboard-check",
        [
            ("evaluations:list", _("Evaluation"), "clipboard-check", Action.VIEW),
            ("commendations:list", _("Commendations"), "trophy", Action.VIEW),
            ("badges:list", _("Party badges"), "award", Action.VIEW),
            ("discipline:list", _("Inspection and discipline"), "shield-exclamation", Action.DISCIPLINE),
        ],
    ),
    (
        _("Documents and notices"),
        "journal-bookmark",
        [
            ("documents:list", _("Documents"), "journal-bookmark", Action.VIEW),
            ("handbook:list", _("Notices and news"), "megaphone", Action.VIEW),
            ("questions:list", _("Questions from members"), "patch-question", Action.VIEW),
        ],
    ),
    (
        _("Reports"),
        "bar-chart",
        [
            ("reports:statistics", _("Statistics"), "bar-chart", Action.VIEW),
            ("reports:quality", _("Data quality"), "clipboard-data", Action.VIEW),
        ],
    ),
    (
        _("Administration"),
        "gear",
        [
            ("accounts:roles", _("Roles"), "person-badge", Action.GRANT),
            ("core:audit", _("Audit trail"), "journal-text", Action.AUDIT),
        ],
    ),
]


def _item(request: HttpRequest, name: str, label: Any, icon: str) -> dict[str, Any]:
    url = reverse(name)
    return {
        "url": url,
        "label": label,
        "icon": icon,
        "active": request.path.startswith(url) and (url != "/" or request.path == "/"),
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not has_staff_role(user):
        return {"nav_items": []}
    items = []
    for label, icon, entries in NAV_GROUPS:
        children = [_item(request, *entry[:3]) for entry in entries if paths_for(user, entry[3])]
        if len(children) == 1:
            items.append(children[0])
        elif children:
            active = any(child["active"] for child in children)
            items.append({"label": label, "icon": icon, "children": children, "active": active})
    return {"nav_items": items}
