from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chibo.core.views import StaffView
from chibo.members import selectors
from chibo.members.models import Member, MemberStatus


class MemberListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        q = request.GET.get("q", "").strip()
        status = request.GET.get("status", "")
        if status not in MemberStatus.values:
            status = ""
        members = selectors.member_list(user=request.user, q=q, status=status)
        page = Paginator(members, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "members/member_list.html",
            {
                "page": page,
                "q": q,
                "status": status,
                "statuses": MemberStatus.choices,
            },
        )


class MemberDetailView(StaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        member = self.scoped(Member.objects.select_related("unit"), pk=pk)
        periods = member.unit_periods.select_related("unit").order_by("-valid_from", "-id")
        return render(request, "members/member_detail.html", {"member": member, "periods": periods})
