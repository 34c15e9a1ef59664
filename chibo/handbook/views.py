"""Pages of notices and news: staff pages (list, publish, edit, withdraw, moderate, view counts)
and the members' phone-first pages (news, reading and commenting, the inbox).

Member pages need a signed-in user linked to a member record or holding a staff role (403
otherwise); a post the user may not read is 404. Post bodies and comments are plain text, always
escaped by the templates. A refused comment comes back in the form, so nothing typed is lost.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from chibo.accounts.roles import Action
from chibo.core.messages import violation_message
from chibo.core.scoping import NotPermitted, can
from chibo.core.views import ManagedObjectMixin, ServiceFormView, StaffView
from chibo.documents.views import download_response
from chibo.handbook import forms, selectors, services
from chibo.handbook.models import Post, PostKind
from chibo.organizations.selectors import scope_roots
from chibo.rules.errors import RuleViolation

STAFF_PAGE = 50
MEMBER_PAGE = 20
CHALLENGE_KEY = "handbook_challenge"


def new_challenge(request: HttpRequest) -> str:
    """A small sum, its answer kept in the session (server side), its question returned."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[CHALLENGE_KEY] = a + b
    return f"{a} + {b}"


def challenge_question(request: HttpRequest) -> str:
    return new_challenge(request) if selectors.challenge_needed(request.user) else ""


# --- staff pages ------------------------------------------------------------------------------


class PostListView(StaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        kind = request.GET.get("kind", "")
        posts = selectors.with_counts(
            selectors.post_list(
                user=request.user, kind=kind if kind in PostKind.values else "", withdrawn=True
            )
        )
        page = Paginator(posts, STAFF_PAGE).get_page(request.GET.get("page"))
        roots = scope_roots(user=request.user, action=Action.MANAGE)
        return render(
            request,
            "handbook/post_list.html",
            {"page": page, "publish_roots": roots[:20], "kind": kind, "kinds": PostKind.choices},
        )


class _ManagedPostMixin(ManagedObjectMixin):
    def get_post(self) -> Post:
        return self.managed(lambda user, pk: selectors.post_for(user, pk, withdrawn=True))


class PublishView(ServiceFormView):
    required_action = Action.MANAGE
    template_name = "handbook/form.html"
    form_class = forms.PostForm
    success_message = gettext_lazy("The notice was published.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.get_unit()
        title = _("Publish a notice or news to %(unit)s") % {"unit": unit.name}
        return super().get_context_data(unit=unit, title=title, **kwargs)

    def perform(self, form: Any) -> Post:
        return services.post_publish(actor=self.request.user, unit=self.get_unit(), **form.service_data())

    def get_success_url(self) -> str:
        return reverse("handbook:detail", args=[self.result.pk])


class PostEditView(_ManagedPostMixin, ServiceFormView):
    required_action = Action.MANAGE
    template_name = "handbook/form.html"
    form_class = forms.PostForm
    success_message = gettext_lazy("The notice was saved.")

    def get_initial(self) -> dict[str, Any]:
        post = self.get_post()
        return {"kind": post.kind, "title": post.title, "body": post.body, "pinned": post.pinned}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(post=self.get_post(), title=_("Edit the notice"), **kwargs)

    def perform(self, form: Any) -> Post:
        return services.post_update(actor=self.request.user, post=self.get_post(), **form.service_data())

    def get_success_url(self) -> str:
        return reverse("handbook:detail", args=[self.get_post().pk])


class PostDetailView(StaffView):
    """The post, its comments to moderate and how many have read it, per unit."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = selectors.post_for(request.user, pk, withdrawn=True)
        return render(request, "handbook/post_detail.html", self.context(request, post))

    def context(self, request: HttpRequest, post: Post, **extra: Any) -> dict[str, Any]:
        can_manage = can(request.user, Action.MANAGE, post.unit)
        by_unit = selectors.views_by_unit(post)
        return {
            "post": post,
            "attachments": list(post.attachments.all()),
            "comments": list(selectors.comments_for(request.user, post)),
            "can_manage": can_manage,
            "views_by_unit": by_unit,
            "view_total": sum(row.views for row in by_unit),
            "withdraw_form": extra.get("withdraw_form")
            or (forms.WithdrawForm() if can_manage and post.is_published else None),
        }


class WithdrawView(_ManagedPostMixin, PostDetailView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = self.get_post()
        form = forms.WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.post_withdraw(actor=request.user, post=post, **form.cleaned_data)
                messages.success(request, _("The notice was withdrawn."))
                return HttpResponseRedirect(reverse("handbook:detail", args=[post.pk]))
            except RuleViolation as violation:
                form.add_error(None, violation_message(violation))
        context = self.context(request, post, withdraw_form=form)
        return render(request, "handbook/post_detail.html", context, status=400)


class ModerateView(StaffView):
    required_action = Action.MANAGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        comment = selectors.comment_for_moderation(request.user, pk)
        if not can(request.user, Action.MANAGE, comment.post.unit):
            raise NotPermitted(Action.MANAGE, comment.post.unit)
        back = reverse("handbook:detail", args=[comment.post_id]) + "#comments"
        form = forms.ModerateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or to reject the comment."))
            return HttpResponseRedirect(back)
        try:
            services.comment_moderate(actor=request.user, comment=comment, **form.cleaned_data)
            messages.success(request, _("The comment was moderated."))
        except RuleViolation as violation:
            messages.error(request, violation_message(violation))
        return HttpResponseRedirect(back)


# --- member pages ----------------------------------------------------------------------------


class MemberView(LoginRequiredMixin, View):
    """Base of the members' pages: a member linked to their record, or a staff user."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.may_use_library(request.user):
            raise PermissionDenied(_("Your account is not linked to a member record."))
        return super().dispatch(request, *args, **kwargs)


class NewsView(MemberView):
    def get(self, request: HttpRequest) -> HttpResponse:
        kind = request.GET.get("kind", "")
        kind = kind if kind in PostKind.values else ""
        posts = selectors.post_list(user=request.user, kind=kind)
        page = Paginator(posts, MEMBER_PAGE).get_page(request.GET.get("page"))
        return render(request, "handbook/news.html", {"page": page, "kind": kind, "tab": "news"})


class ReadView(MemberView):
    """Reading a post counts the reader once; approved comments, the reader's own waiting ones,
    and the comment form (with a sum to answer after several comments in a short time)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = selectors.post_for(request.user, pk)
        services.post_view_record(actor=request.user, post=post)
        return self.page(request, post, forms.CommentForm())

    def page(self, request: HttpRequest, post: Post, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "post": post,
            "attachments": list(post.attachments.all()),
            "comments": list(selectors.comments_for(request.user, post)),
            "form": form,
            "question": challenge_question(request),
            "tab": "news",
        }
        return render(request, "handbook/read.html", context, status=status)


class CommentView(ReadView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post = selectors.post_for(request.user, pk)
        form = forms.CommentForm(request.POST)
        if not form.is_valid():
            return self.page(request, post, form, status=400)
        expected = request.session.pop(CHALLENGE_KEY, None)
        try:
            services.comment_post(
                actor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                challenge_expected=expected,
                challenge_answer=form.cleaned_data.get("answer"),
            )
        except RuleViolation as violation:
            form.add_error(None, violation_message(violation))
            # the typed text comes back; a fresh sum replaces the one used
            return self.page(request, post, form, status=400)
        messages.success(
            request, _("Thank you. Your comment is shown to others once a moderator approves it.")
        )
        return HttpResponseRedirect(reverse("handbook:read", args=[post.pk]) + "#comments")


class AttachmentView(MemberView):
    def get(self, request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
        post = selectors.post_for(request.user, pk)
        attachment = post.attachments.filter(pk=file_pk).first()
        if attachment is None:
            raise Http404
        return download_response(attachment)  # type: ignore[arg-type]


class InboxView(MemberView):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = selectors.inbox(request.user)
        unread = sum(1 for item in items if item.unread)
        return render(request, "handbook/inbox.html", {"items": items, "unread": unread, "tab": "inbox"})


def _safe_link(request: HttpRequest, link: str) -> str:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return reverse("handbook:inbox")


class OpenView(MemberView):
    """Opening a notification marks it read and goes to the page it is about."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = selectors.notification_for(request.user, pk)
        services.notification_read(actor=request.user, notification=notification)
        return HttpResponseRedirect(_safe_link(request, notification.link))


class MeetingNoticeView(MemberView):
    """A meeting notice (written by the meetings app), marked read when opened."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = selectors.meeting_notice_for(request.user, pk)
        services.meeting_notice_read(actor=request.user, notice=notice)
        return render(request, "handbook/meeting_notice.html", {"notice": notice, "tab": "inbox"})


class ReadAllView(MemberView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.inbox_read_all(actor=request.user)
        messages.success(request, _("%(count)s notifications were marked read.") % {"count": count})
        return HttpResponseRedirect(reverse("handbook:inbox"))
